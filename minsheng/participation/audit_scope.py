"""The audit scope of the public's and the deputies' records (collected by accounts/audit.py; see
core/audit_scope.py): the lookup from each model to a region path — or, for a follow, which is of a
project or of a proposal, the condition — or why an office does not read its events."""

from django.db.models import Q

from minsheng.core.roles import under


def _follow(paths) -> Q:
    """A follow of a project (its plan's region) or of a proposal (the proposal's region)."""
    return under(paths, "project__plan__region__path") | under(paths, "proposal__region__path")


SCOPED = {
    "proposal": "region__path",
    "votingsession": "region__path",
    "candidate": "session__region__path",
    "evaluation": "plan__region__path",
    "problemreport": "project__plan__region__path",
    "follow": _follow,
}

UNSCOPED = {
    "ballotreceipt": "who voted: the office's pages show how many did, never who",
    "evaluationreceipt": "who evaluated: the office's pages show how many did, never who",
    "evaluationcount": "counts of verdicts only, changed with the evaluation's ballots: never audited",
    "proposalscore": "a scorer's marks: audited on the proposal (评分)",
    "surveyresponse": "the public's anonymous survey scores: never audited",
    "followmessage": "what a follower was told, written by the tick: never audited",
}
