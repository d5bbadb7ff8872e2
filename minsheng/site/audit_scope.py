"""The audit scope of the platform's own records (collected by accounts/audit.py; see
core/audit_scope.py): none is an office's record."""

SCOPED: dict[str, str] = {}

UNSCOPED = {
    "heartbeat": "the tick's and the worker's last moment alive: read by /healthz, never audited",
}
