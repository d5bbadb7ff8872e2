"""What reporting answers to the layers below it (core.hooks), registered when Django starts."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from minsheng.core import hooks
from minsheng.reporting.compliance.queries import compliance_viewer
from minsheng.reporting.scoping import reports_for


def report_ids(user, objects) -> set[int]:
    """Of these reports (or pks), those the user may read: one query."""
    pks = {getattr(o, "pk", o) for o in objects}
    return set(reports_for(user).filter(pk__in=pks).values_list("pk", flat=True)) if pks else set()


def may_read_plan_compliance(user, plan) -> bool:
    try:
        compliance_viewer(user, plan)
    except (PermissionDenied, Http404):
        return False
    return True


def recent_reports(user, project):
    """The project page's latest reports (plans/views.py), only those the user may read."""
    return reports_for(user).filter(project=project).order_by("-period_end", "kind")[:12]


def register() -> None:
    hooks.register("plans.recent_reports", recent_reports)
    hooks.register("may:compliance:plan", may_read_plan_compliance)
    hooks.register("may:reports:detail", lambda user, report: bool(report_ids(user, [report])))
    hooks.register("openable:reports:detail", report_ids)
