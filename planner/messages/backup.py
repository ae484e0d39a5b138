"""Messages of migrations, backup and restore (issue 13, items 4 and 5)."""

MESSAGES: dict[str, dict[str, str]] = {
    "cli.db_upgraded": {
        "ko": "데이터베이스 스키마 리비전: {revision} (이전: {before})",
        "en": "Database schema revision: {revision} (was: {before})",
    },
    "cli.db_revision_written": {
        "ko": "새 마이그레이션 초안을 만들었습니다: {path} (내용을 확인하고 고친 뒤 커밋하세요)",
        "en": "New migration draft written: {path} (read and correct it, then commit it)",
    },
    "cli.backup_written": {
        "ko": "백업을 저장했습니다: {path} (표 {tables}개, 행 {rows}개, 스키마 리비전 {revision})",
        "en": "Backup written: {path} ({tables} tables, {rows} rows, schema revision {revision})",
    },
    "cli.restored": {
        "ko": "복원했습니다: {path}에서 표 {tables}개, 행 {rows}개 (스키마 리비전 {revision}, 현재 {head})",
        "en": "Restored {rows} rows in {tables} tables from {path} (schema revision {revision}, now {head})",
    },
    "error.backup_cannot_read": {
        "ko": "백업 파일을 읽을 수 없습니다: {path} ({reason}). 아무것도 복원하지 않았습니다",
        "en": "Cannot read the backup file {path} ({reason}); nothing was restored",
    },
    "error.backup_unreadable": {
        "ko": "플래너 백업 파일이 아닙니다: {reason}. 아무것도 복원하지 않았습니다",
        "en": "Not a planner backup archive: {reason}; nothing was restored",
    },
    "error.backup_missing_file": {
        "ko": "백업 파일에 {file}이(가) 없습니다. 아무것도 복원하지 않았습니다",
        "en": "The backup archive lacks {file}; nothing was restored",
    },
    "error.backup_checksum": {
        "ko": "백업 파일이 손상되었습니다: {file}의 체크섬이 맞지 않습니다. 아무것도 복원하지 않았습니다",
        "en": "The backup archive is damaged: {file} does not match its checksum; nothing was restored",
    },
    "error.backup_bad_table": {
        "ko": "백업 파일의 {file}이(가) 올바른 표 파일이 아닙니다 ({reason}). 아무것도 복원하지 않았습니다",
        "en": "{file} in the backup archive is not a valid table file ({reason}); nothing was restored",
    },
    "error.backup_newer": {
        "ko": "더 새로운 플래너가 만든 백업입니다 (스키마 리비전 {revision}, 이 플래너는 {head}까지 압니다). 새 버전을 설치한 뒤 복원하세요. 아무것도 복원하지 않았습니다",
        "en": "The backup was made by a newer planner (schema revision {revision}; this one knows up to {head}): install that version to restore it; nothing was restored",
    },
    "error.backup_not_empty": {
        "ko": "데이터베이스가 비어 있지 않습니다 ({counts}). 모든 내용을 백업으로 바꾸려면 --force를 붙이세요. 아무것도 복원하지 않았습니다",
        "en": "The database is not empty ({counts}): add --force to replace all its content by the backup; nothing was restored",
    },
    "error.backup_tables_differ": {
        "ko": "백업의 표가 스키마 리비전 {revision}과(와) 맞지 않습니다 (빠진 표: {missing}, 모르는 표: {unknown}). 아무것도 복원하지 않았습니다",
        "en": "The backup's tables do not match schema revision {revision} (missing: {missing}; unknown: {unknown}); nothing was restored",
    },
    "error.backup_columns_differ": {
        "ko": "백업의 {table} 열이 스키마 리비전 {revision}과(와) 맞지 않습니다 (필요: {expected}; 백업: {found}). 아무것도 복원하지 않았습니다",
        "en": "The backup's columns of {table} do not match schema revision {revision} (expected: {expected}; found: {found}); nothing was restored",
    },
    "error.backup_bad_rows": {
        "ko": "백업의 {table} 행을 넣을 수 없습니다 ({reason}). 아무것도 복원하지 않았습니다",
        "en": "The backup's rows of {table} cannot be loaded ({reason}); nothing was restored",
    },
}
