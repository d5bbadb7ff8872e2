"""The audit scope of the reporting records (collected by accounts/audit.py; see core/audit_scope.py):
the lookup from each model to the region path of its plan, or why an office does not read its events."""

SCOPED = {
    "report": "project__plan__region__path",
    "attachment": "report__project__plan__region__path",
    "reportingcalendar": "plan__region__path",
    "periodreopening": "plan__region__path",
}

UNSCOPED = {
    "reportvalue": "a report's figures: audited on the report (its changes name them)",
    "reportversion": "a report's saved versions: the report's own history, audited on the report",
    "contribution": "a co-unit's contribution: audited on its project (协办报送)",
}
