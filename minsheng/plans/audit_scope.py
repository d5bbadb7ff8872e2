"""The audit scope of the plans' records (collected by accounts/audit.py; see core/audit_scope.py):
the lookup from each model to the region path of its plan, or why an office does not read its events."""

SCOPED = {
    "plan": "region__path",
    "project": "plan__region__path",
    "indicator": "project__plan__region__path",
    "milestone": "project__plan__region__path",
    "allocation": "indicator__project__plan__region__path",
}

UNSCOPED = {
    "category": "a plan's categories: changed only in the Django admin (the import is audited on the plan)",
    "projectunit": "a project's units: changed only in the Django admin (the import is audited on the plan)",
    "trajectorypoint": "the monthly plan points: audited on their indicator (月度计划进度)",
}
