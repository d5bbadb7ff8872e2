"""The audit scope of core's records (see accounts/audit.py, which collects every app's): for each model
whose events an office reads at /office/audit/, the lookup from it to a region path; every other model
of the app in UNSCOPED, with the reason. tests/crawl/test_audit_scope.py fails on a model in neither."""

SCOPED = {
    "unit": "region__path",
}

UNSCOPED = {
    "region": "the region tree: changed only in the Django admin, whose own list shows the events",
    "unitalias": "a unit's other names: changed only in the Django admin",
    "person": "leaders: changed only in the Django admin (an office reads their decisions, not them)",
    "membership": "roles: audited on the account (auth.user, 授予角色 / 撤销角色), which offices read",
    "apitoken": "made on the command line (minsheng token) for one user: no region",
    "auditevent": "the audit trail itself, never audited",
    "throttle": "a sign-in lockout is keyed by hashes of names and addresses: no region",
}
