"""Messages of identity, roles and the audit trail (issue 13)."""

MESSAGES: dict[str, dict[str, str]] = {
    "error.forbidden": {
        "ko": "권한이 없습니다: 역할 '{role}'(사용자 {user})은(는) '{action}' 작업을 할 수 없습니다.",
        "en": "Not allowed: the role '{role}' (user {user}) may not do '{action}'.",
    },
    "error.bad_role": {
        "ko": "알 수 없는 역할입니다: {value} (가능: {allowed})",
        "en": "Unknown role: {value} (one of {allowed})",
    },
    "error.bad_user_name": {
        "ko": "사용자 이름이 올바르지 않습니다: '{value}' (공백 없이 1~100자)",
        "en": "Bad user name: '{value}' (1 to 100 characters, no spaces)",
    },
    "error.user_exists": {"ko": "이미 등록된 사용자입니다: {value}", "en": "User already registered: {value}"},
    "error.user_not_found": {"ko": "등록되지 않은 사용자입니다: {name}", "en": "No such user: {name}"},
    "error.first_user_admin": {
        "ko": "첫 사용자는 관리자(admin)여야 합니다: 다른 사용자를 관리할 사람이 필요합니다.",
        "en": "The first user must be an admin: someone must be able to manage the others.",
    },
    "error.last_admin": {
        "ko": "{name}은(는) 마지막 관리자입니다: 다른 관리자를 먼저 지정하세요.",
        "en": "{name} is the last admin: make someone else admin first.",
    },
    "error.as_not_allowed": {
        "ko": "--as {name}: 관리자(admin)이거나 로컬 모드일 때만 다른 사용자로 실행할 수 있습니다 (현재 사용자 {os_user}).",
        "en": "--as {name}: only an admin, or anyone in local mode, may act as another user (you are {os_user}).",
    },
    "role.viewer": {"ko": "열람자", "en": "Viewer"},
    "role.scheduler": {"ko": "일정 담당", "en": "Scheduler"},
    "role.approver": {"ko": "승인권자", "en": "Approver"},
    "role.liaison": {"ko": "의회 협력 담당", "en": "Council liaison"},
    "role.admin": {"ko": "관리자", "en": "Admin"},
    "identity.local_mode": {"ko": "로컬 모드: 모든 권한", "en": "Local mode: all permissions"},
    "identity.signed_in": {"ko": "사용자: {name} ({role})", "en": "Signed in: {name} ({role})"},
    "identity.unregistered": {
        "ko": "사용자: {name} (등록되지 않음: 열람만 가능)",
        "en": "Signed in: {name} (not registered: read only)",
    },
    "identity.anonymous": {"ko": "로그인하지 않음: 열람만 가능", "en": "Not signed in: read only"},
    "identity.login": {"ko": "로그인", "en": "Sign in"},
    "identity.logout": {"ko": "로그아웃", "en": "Sign out"},
    "visits.no_permission": {
        "ko": "현재 역할로는 이 일정을 바꿀 수 없습니다.",
        "en": "Your role cannot change this visit.",
    },
    "visits.no_permission_add": {
        "ko": "현재 역할로는 일정을 제안할 수 없습니다.",
        "en": "Your role cannot propose visits.",
    },
    "history.entry_by": {
        "ko": "판 {version} → {new} · {when} · {who} · 바뀐 항목: {fields}",
        "en": "Version {version} → {new} · {when} · {who} · changed: {fields}",
    },
    "history.local": {"ko": "(이름 없음)", "en": "(no name)"},
    "nav.admin": {"ko": "관리", "en": "Admin"},
    "admin.title": {"ko": "관리: 사용자와 감사 기록", "en": "Admin: users and the audit trail"},
    "admin.users": {"ko": "사용자", "en": "Users"},
    "admin.no_users": {
        "ko": "등록된 사용자가 없습니다 (로컬 모드). 첫 사용자는 관리자여야 합니다.",
        "en": "No user is registered (local mode). The first user must be an admin.",
    },
    "admin.name": {"ko": "사용자 이름 (로그인 ID)", "en": "User name (sign-in id)"},
    "admin.display_name": {"ko": "표시 이름", "en": "Display name"},
    "admin.role": {"ko": "역할", "en": "Role"},
    "admin.active": {"ko": "사용", "en": "Active"},
    "admin.created": {"ko": "등록", "en": "Created"},
    "admin.add_user": {"ko": "사용자 추가", "en": "Add user"},
    "admin.user_added": {"ko": "사용자 {name}을(를) 추가했습니다.", "en": "Added user {name}."},
    "admin.set_role": {"ko": "역할 바꾸기", "en": "Change role"},
    "admin.role_set": {"ko": "{name}의 역할: {role}", "en": "{name} is now {role}."},
    "admin.audit": {"ko": "감사 기록", "en": "Audit trail"},
    "admin.audit_note": {
        "ko": "모든 변경이 누가, 언제, 무엇을 바꿨는지와 함께 기록됩니다. 앱에서는 수정하거나 지울 수 없습니다.",
        "en": "Every change is recorded with who, when and what. Nothing in the app can edit or delete it.",
    },
    "admin.from": {"ko": "시작일", "en": "From"},
    "admin.to": {"ko": "종료일", "en": "To"},
    "admin.actor": {"ko": "사용자", "en": "Actor"},
    "admin.entity": {"ko": "대상", "en": "Record kind"},
    "admin.all": {"ko": "전체", "en": "All"},
    "admin.audit_count": {"ko": "{count}건", "en": "{count} entries"},
    "admin.download_csv": {"ko": "CSV 내려받기", "en": "Download CSV"},
    "admin.not_allowed": {
        "ko": "관리자만 볼 수 있는 화면입니다.",
        "en": "Only admins can use this page.",
    },
}
