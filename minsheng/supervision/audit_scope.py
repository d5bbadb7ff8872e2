"""The audit scope of the supervision records (collected by accounts/audit.py; see
core/audit_scope.py): the lookup from each model to a region path, or why an office does not read its
events."""

SCOPED = {
    "problem": "project__plan__region__path",
    "supervisionorder": "project__plan__region__path",
    "instruction": "project__plan__region__path",
    "acceptance": "project__plan__region__path",
    "yearendreview": "project__plan__region__path",
    "bulletin": "plan__region__path",
    "extension": "project__plan__region__path",
    "meetingdecision": "leader__region__path",
    "assessmententry": "region__path",
    "assessmentscheme": "region__path",
}

UNSCOPED = {
    "monthendstatus": "each project's colour at a month end, written by the tick: never audited",
}
