"""Problems a unit names in its report become items of the problem list when the report is submitted.

`plan_sync` is the plain rule: texts not yet listed for the report are added; items the unit has since
removed from the report are withdrawn only while nobody has worked on them (still 待整改, no measure,
no verification); anything in progress stays on the list."""

from minsheng.core.audit import log_action
from minsheng.supervision.models import Problem, ProblemSource, ProblemState


def plan_sync(texts: list[str], existing: list[tuple[int, str, bool]]) -> tuple[list[str], list[int]]:
    """(texts to add, ids to withdraw) given the report's problem texts and the listed items as
    (id, description, untouched)."""
    wanted = []
    for text in texts:
        text = text.strip()
        if text and text not in wanted:
            wanted.append(text)
    listed = {description for _, description, _ in existing}
    add = [text for text in wanted if text not in listed]
    withdraw = [pk for pk, description, untouched in existing if description not in wanted and untouched]
    return add, withdraw


def sync_report_problems(report, user) -> list[Problem]:
    """Bring the problem list in line with the report's problems; returns the items added."""
    items = list(Problem.objects.filter(report=report))
    existing = [
        (p.pk, p.description, p.state == ProblemState.OPEN and not p.measure and not p.verification)
        for p in items
    ]
    add, withdraw = plan_sync(report.problems, existing)
    for item in items:
        if item.pk in withdraw:
            log_action(item, "delete", user, {"问题描述": [item.description, None]})
            item.delete()
    lead = next((r.unit for r in report.project.unit_roles.select_related("unit") if r.role == "lead"), None)
    added = []
    for text in add:
        problem = Problem.objects.create(
            project=report.project,
            report=report,
            source=ProblemSource.REPORT,
            description=text,
            responsible_unit=lead,
            is_demo=report.is_demo,
            created_by=user,
        )
        log_action(problem, "create", user, {"问题描述": [None, text]})
        added.append(problem)
    return added
