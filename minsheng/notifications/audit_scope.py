"""The audit scope of the notifications' records (collected by accounts/audit.py; see
core/audit_scope.py): none is an office's record."""

SCOPED: dict[str, str] = {}

UNSCOPED = {
    "robotwebhook": "group robots: set up in the Django admin, whose own list shows the events",
    "notification": "the outbox: changed (sent again) only in the Django admin, whose own list shows it",
}
