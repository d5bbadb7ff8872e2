"""The audit scope of the accounts app's records (see core/audit_scope.py). The accounts themselves
(auth.user) are scoped by accounts/audit.py: the users the office manages (workflow.manageable_users)."""

SCOPED: dict[str, str] = {}

UNSCOPED = {
    "temporarypassword": "shown once, then gone: the reset is audited on the account (重置密码)",
    "ssoidentity": "linked in the Django admin (its own list shows the events); each sign-in's changes are audited on the account",
}
