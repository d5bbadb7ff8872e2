"""The audit scope of the notices read into drafts (collected by accounts/audit.py; see
core/audit_scope.py): an import belongs to the region its office uploaded it for."""

SCOPED = {
    "noticeimport": "region__path",
}

UNSCOPED: dict[str, str] = {}
