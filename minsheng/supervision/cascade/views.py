"""The cascade page of a project whose indicators are allocated to lower regions: per indicator, each
region's share, its actual from the lower plan's approved reports up to `as_of`, its completion rate
against its share and expected progress, the sums against the upper target, and who lags most.

Read by anyone who can see the project; a lower plan the user cannot see shows no figures. 404 when
the project has no allocations. Cost: a fixed number of queries, however many regions and reports."""

import datetime
from collections import defaultdict

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from minsheng.core.clock import today
from minsheng.core.htmx import page_or_fragment
from minsheng.plans.models import Allocation, Indicator, TrajectoryPoint
from minsheng.plans.scoping import projects_for
from minsheng.reporting.calendar.rules import parse_period
from minsheng.reporting.models import Report, ReportState, ReportValue
from minsheng.supervision.cascade.filters import CascadeFilters
from minsheng.supervision.cascade.rules import ShareFacts, roll_up
from minsheng.supervision.status.queries import default_as_of, end_of
from minsheng.supervision.status.rules import IndicatorFacts


def _as_of(request, plan) -> tuple[datetime.date, list[str], str]:
    """The day asked, else the plan's default, the refusals of what was typed, and a note when the day
    asked is after today: nothing is known of it yet, so the page is shown as of today."""
    values, errors = CascadeFilters.read(request.GET)
    day, note = values["as_of"] or default_as_of(plan), ""
    if day > today():
        day = today()
        note = f"所选日期晚于今天，已按今天（{day:%Y-%m-%d}）显示。"
    return day, [f"{e}已按默认日期显示。" for e in errors], note


def _facts(indicators: list[Indicator], as_of: datetime.date) -> dict[int, IndicatorFacts]:
    """The status engine's facts of these indicators (with their plans loaded): trajectory and values
    approved up to the end of `as_of`, in two queries."""
    ids = [i.pk for i in indicators]
    trajectory = defaultdict(list)
    for indicator_id, month_end, value in TrajectoryPoint.objects.filter(indicator__in=ids).values_list(
        "indicator_id", "month_end", "value"
    ):
        trajectory[indicator_id].append((month_end, value))
    actuals = defaultdict(dict)
    for indicator_id, period_end, value in (
        ReportValue.objects.filter(
            indicator__in=ids,
            report__state=ReportState.APPROVED,
            report__approved_at__lte=end_of(as_of),
            value__isnull=False,
        )
        .order_by("report__period_end", "report__approved_at")
        .values_list("indicator_id", "report__period_end", "value")
    ):
        actuals[indicator_id][period_end] = value  # the later approval of the same period end wins
    return {
        i.pk: IndicatorFacts(
            baseline=i.baseline,
            target=i.target_value,
            begins=i.project.plan.begins,
            due=i.due,
            comparator=i.comparator,
            weight=i.weight,
            trajectory=tuple(sorted(trajectory[i.pk])),
            actuals=tuple(sorted(actuals[i.pk].items())),
        )
        for i in indicators
    }


def _waiting(project_ids: list[int], as_of: datetime.date) -> dict[int, str]:
    """{lower project id: "2024年7月月报"}: its latest report filed by the end of `as_of` and not yet
    approved by its own office then, which the upper level does not count until it is (one query)."""
    moment = end_of(as_of)
    latest: dict[int, tuple] = {}
    for project_id, kind, period, period_end in (
        Report.objects.filter(project__in=project_ids, submitted_at__lte=moment)
        .filter(Q(state=ReportState.SUBMITTED) | Q(state=ReportState.APPROVED, approved_at__gt=moment))
        .values_list("project_id", "kind", "period", "period_end")
    ):
        if project_id not in latest or (period_end, kind) > latest[project_id][:2]:
            latest[project_id] = (period_end, kind, period)
    return {
        pk: f"{parse_period(period).label}{'月报' if kind == 'month' else '周台账'}"
        for pk, (_, kind, period) in latest.items()
    }


def cascades(user, project, as_of: datetime.date) -> list[dict]:
    """Per allocated indicator of the project: {"indicator", "cascade", "hidden"}."""
    allocations = list(
        Allocation.objects.filter(indicator__project=project)
        .select_related("region", "unit", "indicator", "child_indicator__project__plan__region")
        .order_by("indicator__order", "indicator_id", "region__order", "region__path", "pk")
    )
    if not allocations:
        return []
    children = [a.child_indicator for a in allocations if a.child_indicator_id]
    visible = set(
        projects_for(user).filter(pk__in={c.project_id for c in children}).values_list("pk", flat=True)
    )
    uppers = {a.indicator_id: a.indicator for a in allocations}
    for upper in uppers.values():
        upper.project = project  # its plan is the project's
    facts = _facts([*uppers.values(), *[c for c in children if c.project_id in visible]], as_of)
    by_indicator = defaultdict(list)
    for a in allocations:
        child = facts.get(a.child_indicator_id) if a.child_indicator_id else None
        by_indicator[a.indicator_id].append(ShareFacts(a.region.name, a.value, child, a))
    # what waits for a county's own approval is the offices' business, not the public's
    waiting = (
        _waiting([c.project_id for c in children if c.project_id in visible], as_of)
        if user.is_authenticated
        else {}
    )
    return [
        {
            "indicator": uppers[indicator_id],
            "waiting": {
                a.pk: waiting[a.child_indicator.project_id]
                for a in allocations
                if a.child_indicator_id and a.child_indicator.project_id in waiting
            },
            "cascade": roll_up(uppers[indicator_id].target_value, shares, as_of, facts[indicator_id]),
            "hidden": {
                a.pk
                for a in allocations
                if a.child_indicator_id and a.child_indicator.project_id not in visible
            },
        }
        for indicator_id, shares in by_indicator.items()
    ]


def cascade(request, project_id: int):
    project = get_object_or_404(projects_for(request.user).select_related("plan__region"), pk=project_id)
    as_of, errors, note = _as_of(request, project.plan)
    sections = cascades(request.user, project, as_of)
    if not sections:
        raise Http404("该项目没有任务分解。")
    context = {
        "project": project,
        "plan": project.plan,
        "as_of": as_of,
        "errors": errors,
        "note": note,
        "sections": sections,
    }
    return page_or_fragment(
        request,
        "supervision/cascade/project.html",
        "supervision/cascade/results.html",
        context,
        status=400 if errors else 200,
    )
