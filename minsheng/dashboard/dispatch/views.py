"""The ten-day dispatch (每旬调度, /dashboard/dispatch/): what changed in the plans of a dashboard scope
over the ten days ending on a day (or over one 旬) — new reports, colour changes, new problems,
overdue items — and the same as a Word document (dispatch.docx).

GET parameters: region (the drill level), as_of (the window's last day, never after today), xun
(2024-07-3 = 2024年7月下旬, instead of as_of), mine (1/0: a leader's own projects only, on by
default for a leader). For an htmx request the page answers with the results fragment only."""

import datetime
from urllib.parse import quote, urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse

from minsheng.core.clock import today
from minsheng.core.htmx import page_or_fragment
from minsheng.dashboard.dispatch import rules as dispatch
from minsheng.dashboard.dispatch.filters import DispatchFilters
from minsheng.dashboard.dispatch.queries import fetch_dispatch
from minsheng.dashboard.scope import dashboard_scope
from minsheng.supervision.orders.workflow import orders_for

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _dispatch(request) -> dict:
    f = DispatchFilters.of(request.GET)
    current = today()
    xun = f["xun"]
    if xun and xun.start > current:
        xun = None  # a 旬 still to come: the window ending today
    day = min(xun.end, current) if xun else f["as_of"]
    scope = dashboard_scope(request.user, f["region"] or None, None, day)
    as_of = min(scope.as_of, current)
    shown = dispatch.xun_window(xun, current) if xun else dispatch.window(as_of)

    toggle = bool(scope.my_project_ids)
    mine = toggle and f["mine"]
    keep = {}
    if f["region"]:
        keep["region"] = scope.region.pk
    if toggle:
        keep["mine"] = "1" if mine else "0"
    data = fetch_dispatch(scope.plans, shown, scope.my_project_ids if mine else None)

    here = reverse("dispatch:home")

    def link(params: dict | None) -> str | None:
        return f"{here}?{urlencode(keep | params)}" if params is not None else None

    earlier, later = dispatch.neighbours(shown, current)
    regions = {r.pk: r for r in scope.breadcrumbs} | {p.region_id: p.region for p in scope.plans}
    # Deputies read the window but not the 督办单 themselves: a sheet is a link only for who may open it.
    late = [n.pk for n in data.late_orders]
    openable = (
        set(orders_for(request.user).filter(pk__in=late).values_list("pk", flat=True)) if late else set()
    )
    return {
        "scope": scope,
        "openable_orders": openable,
        "window": shown,
        "as_of": shown.end,
        "today": current,
        "data": data,
        "toggle": toggle,
        "mine": mine,
        "keep": keep,
        "regions": sorted(regions.values(), key=lambda r: r.path),
        "region_chosen": "region" in keep,
        "previous_url": link(earlier),
        "next_url": link(later),
        "shortcuts": [
            (s.xun.label, link({"xun": s.xun.key}), s.current) for s in dispatch.xun_shortcuts(shown, current)
        ],
        "query": urlencode(
            keep | ({"xun": shown.xun.key} if shown.xun else {"as_of": shown.end.isoformat()})
        ),
    }


@login_required
def dispatch_page(request):
    return page_or_fragment(
        request, "dashboard/dispatch/page.html", "dashboard/dispatch/results.html", _dispatch(request)
    )


@login_required
def dispatch_docx(request):
    from minsheng.dashboard.dispatch.document import dispatch_document

    context = _dispatch(request)
    scope, shown = context["scope"], context["window"]
    body = dispatch_document(scope.region.name, shown, context["data"], mine=context["mine"])
    response = HttpResponse(body, content_type=DOCX)
    name = quote(f"{scope.region.name}民生实事旬调度情况（{_day(shown.end)}）.docx")
    response["Content-Disposition"] = f"attachment; filename=\"dispatch.docx\"; filename*=UTF-8''{name}"
    return response


def _day(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")
