"""What supervision answers to the layers below it (core.hooks), registered when Django starts."""

from minsheng.core import hooks
from minsheng.supervision import access
from minsheng.supervision.extensions import workflow as extension_workflow
from minsheng.supervision.problems.workflow import may_read_plan
from minsheng.supervision.status.project_history import project_colours
from minsheng.supervision.status.queries import default_as_of, plan_status


def plan_statuses(plan, as_of=None):
    """The plan page's colours (plans/views.py): each project's status as of a day, default today or
    the last day of an ended plan."""
    as_of = as_of or default_as_of(plan)
    return as_of, plan_status(plan, as_of)


def extended_due(project):
    """(due date in force, original due date) when an extension moved it, else None (plans/views.py)."""
    due, original = extension_workflow.due_today(project), extension_workflow.base_due(project)
    return (due, original) if due != original else None


def meeting_decisions(project):
    """The quarterly topic meetings' decisions on the project, newest first (plans/views.py)."""
    from minsheng.supervision.meetings.models import MeetingDecision

    return list(
        MeetingDecision.objects.filter(project=project)
        .select_related("leader", "unit")
        .order_by("-year", "-quarter", "-pk")
    )


def register() -> None:
    hooks.register("plans.statuses", plan_statuses)
    hooks.register("plans.colour_history", project_colours)
    hooks.register("plans.extended_due", extended_due)
    hooks.register("plans.meeting_decisions", meeting_decisions)
    hooks.register("may:watch:list", lambda user, _: access.may_open_watchlist(user))
    hooks.register("may:orders:project", access.may_open_project_orders)
    hooks.register("may:acceptance:project", access.may_open_acceptance)
    hooks.register("may:acceptance:plan", access.may_open_plan_acceptance)
    hooks.register("may:problems:plan", may_read_plan)
