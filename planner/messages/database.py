"""Messages about the database itself: where it is, and why it cannot be used (issue 9, item 14)."""

MESSAGES: dict[str, dict[str, str]] = {
    "error.db_bad_url": {
        "ko": "데이터베이스 주소가 올바르지 않습니다: {where} (예: sqlite:///data/planner.db, postgresql+psycopg2://user:pass@host/db)",
        "en": "Not a valid database URL: {where} (e.g. sqlite:///data/planner.db, postgresql+psycopg2://user:pass@host/db)",
    },
    "error.db_no_driver": {
        "ko": "이 데이터베이스의 드라이버가 설치되어 있지 않습니다: {where} ({reason})",
        "en": "No driver is installed for this database: {where} ({reason})",
    },
    "error.db_unreachable": {
        "ko": "데이터베이스에 연결할 수 없습니다: {where} ({reason})",
        "en": "Cannot connect to the database {where} ({reason})",
    },
    "error.db_cannot_open": {
        "ko": "데이터베이스 파일을 열 수 없습니다: {where} (폴더이거나 읽을 권한이 없습니다)",
        "en": "Cannot open the database file {where} (it is a folder, or not readable)",
    },
    "error.db_read_only": {
        "ko": "데이터베이스가 읽기 전용이라 저장할 수 없습니다: {where} (아무것도 저장하지 않았습니다)",
        "en": "The database is read-only, so nothing can be saved: {where} (nothing was written)",
    },
    "error.db_damaged": {
        "ko": "데이터베이스 파일이 손상되었거나 데이터베이스가 아닙니다: {where}",
        "en": "The database file is damaged or not a database: {where}",
    },
    "error.db_missing": {
        "ko": "데이터베이스 파일이 없습니다: {where} (새로 만들려면: python -m planner init)",
        "en": "The database file does not exist: {where} (to create it: python -m planner init)",
    },
    "error.db_deleted": {
        "ko": "실행 중에 데이터베이스 파일이 삭제되었거나 바뀌었습니다: {where} (아무것도 저장하지 않았습니다. 파일을 되돌리거나 python -m planner init 후 앱을 다시 시작하세요)",
        "en": "The database file was deleted or replaced while in use: {where} (nothing was saved; restore the file, or run python -m planner init, then restart the app)",
    },
    "error.db_left_behind": {
        "ko": "데이터베이스 파일이 없지만 사용 중이던 흔적(-wal, -shm)이 남아 있습니다: {where} (다른 프로그램이 쓰는 중에 삭제되었을 수 있습니다. 파일을 되돌리거나 python -m planner init으로 새로 만드세요)",
        "en": "The database file is missing but traces of its use (-wal, -shm) remain: {where} (it may have been deleted while in use; restore it, or create a new one with python -m planner init)",
    },
    "error.db_busy": {
        "ko": "다른 사용자가 데이터베이스에 저장하는 중입니다: {where} (잠시 후 다시 시도하세요. 아무것도 저장하지 않았습니다)",
        "en": "The database is busy with another user's save: {where} (try again in a moment; nothing was written)",
    },
    "error.db_error": {
        "ko": "데이터베이스 오류: {where} ({reason})",
        "en": "Database error: {where} ({reason})",
    },
    "error.db_newer_schema": {
        "ko": "더 새로운 플래너가 이 데이터베이스의 스키마를 올렸습니다 (리비전 {revision}, 이 플래너는 {head}까지 압니다): {where}. 새 버전으로 실행하세요",
        "en": "A newer planner upgraded this database's schema (revision {revision}; this one knows up to {head}): {where}. Run that version",
    },
}
