"""`{% may "url:name" obj as ok %}`: whether the signed-in user may open that page (for that object),
asked of the same functions the page's view refuses with, so a page shows a link only when it works.

`{% openable "reports:detail" reports as ids %}` gives, for a list, the pks the user may open in one
query; `{% if r.pk in ids %}` then shows the link."""

from django import template

register = template.Library()


def _report_ids(user, objects) -> set[int]:
    from minsheng.reporting.scoping import reports_for

    pks = {getattr(o, "pk", o) for o in objects}
    return set(reports_for(user).filter(pk__in=pks).values_list("pk", flat=True)) if pks else set()


def _plan_compliance(user, plan) -> bool:
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from minsheng.reporting.compliance.views import compliance_viewer

    try:
        compliance_viewer(user, plan)
    except (PermissionDenied, Http404):
        return False
    return True


def _checks() -> dict:
    from minsheng.supervision import access
    from minsheng.supervision.problems.workflow import may_read_plan

    return {
        "watch:list": lambda user, _: access.may_open_watchlist(user),
        "orders:project": access.may_open_project_orders,
        "acceptance:project": access.may_open_acceptance,
        "acceptance:plan": access.may_open_plan_acceptance,
        "problems:plan": may_read_plan,
        "compliance:plan": _plan_compliance,
        "reports:detail": lambda user, report: bool(_report_ids(user, [report])),
    }


BATCH = {"reports:detail": _report_ids}


@register.simple_tag(takes_context=True)
def may(context, name: str, obj=None) -> bool:
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return False
    return bool(_checks()[name](user, obj))


@register.simple_tag(takes_context=True)
def openable(context, name: str, objects) -> set:
    user = context.get("user")
    if user is None or not user.is_authenticated or not objects:
        return set()
    return BATCH[name](user, list(objects))
