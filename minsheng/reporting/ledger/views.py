"""The unit's ledger page (台账): a lead unit's weekly grid of all its projects, saved row by row (htmx,
or plain POST without it). The plan's ledger for the office, its export and import: ledger_plan_views."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from minsheng.core.clock import now, today
from minsheng.core.dates import parse_count
from minsheng.core.htmx import is_htmx
from minsheng.core.roles import roles_of
from minsheng.plans.models import Indicator, ProjectUnit, UnitRole
from minsheng.plans.scoping import plans_for, projects_for
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.ledger import rules as ledger
from minsheng.reporting.models import Report, ReportState
from minsheng.reporting.reports import values as report_values
from minsheng.reporting.reports import workflow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _week(key: str | None) -> calendar.Period:
    return ledger.week_period(key, today())


def _lock_message(plan, period) -> str:
    return ledger.lock_message(period, workflow.rules_for(plan), now())


# ── the unit's weekly grid ──────────────────────────────────────────────────────────────────────────


@dataclass
class Line:
    indicator: Indicator
    value: str
    comment: str
    previous: str  # the last approved value before the week, a hint


@dataclass
class GridRow:
    project: object
    period: calendar.Period
    report: Report | None
    lines: list[Line]
    narrative: str = ""
    problems: str = ""
    next_steps: str = ""
    lag_reason: str = ""
    confirm: bool = False
    version: str = "0"
    locked: str = ""
    errors: list[str] = field(default_factory=list)
    conflict: bool = False
    done: str = ""  # "已保存 14:05"

    @property
    def editable(self) -> bool:
        return not self.locked and (
            self.report is None or self.report.state in (ReportState.DRAFT, ReportState.RETURNED)
        )

    @property
    def state(self) -> str:
        return "empty" if self.report is None else self.report.state

    @property
    def state_label(self) -> str:
        return "未填" if self.report is None else self.report.get_state_display()


def _unit_projects(user, period, only: int | None = None) -> list:
    """The projects the user's units lead in the plans that span the week, with what the grid shows,
    in a fixed number of queries."""
    led = ProjectUnit.objects.filter(unit__in=roles_of(user).unit_ids, role=UnitRole.LEAD).values(
        "project_id"
    )
    projects = projects_for(user).filter(pk__in=led, plan__year__in={period.start.year, period.end.year})
    if only is not None:
        projects = projects.filter(pk=only)
    projects = (
        projects.select_related("plan__region", "plan__calendar", "category")
        .prefetch_related(
            "unit_roles",
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("order", "pk").annotate(
                    previous=report_values.previous_values(period.start)
                ),
            ),
            Prefetch(
                "reports",
                queryset=Report.objects.filter(kind=period.kind, period=period.key).prefetch_related(
                    "values"
                ),
                to_attr="period_reports",
            ),
        )
        .order_by("plan__region__path", "plan_id", "order", "pk")
    )
    return [p for p in projects if p.plan.begins <= period.end and period.start <= p.plan.ends]


def _plain(value) -> str:
    return "" if value is None else f"{value.normalize():f}"


def _row(project, period, locked: str, posted: dict | None = None, version: str = "") -> GridRow:
    """A grid row as saved, or (`posted`) as the user typed it."""
    report = project.period_reports[0] if project.period_reports else None
    if posted is None:
        values = {v.indicator_id: (_plain(v.value), v.comment) for v in report.values.all()} if report else {}
        source = {
            name: getattr(report, name, "") for name in ("narrative", "problems", "next_steps", "lag_reason")
        }
        version = str(report.version) if report else "0"
    else:
        values = {v["indicator"]: (v["value"], v["comment"]) for v in posted["values"]}
        source = posted
    lines = [Line(i, *values.get(i.pk, ("", "")), _plain(i.previous)) for i in project.indicators.all()]
    texts = {name: source[name] for name in ("narrative", "next_steps", "lag_reason")}
    problems = "\n".join(source["problems"] or [])
    confirm = bool(source.get("confirm"))
    return GridRow(
        project,
        period,
        report,
        lines,
        **texts,
        problems=problems,
        confirm=confirm,
        version=version,
        locked=locked,
    )


def _grid_context(user, period, replace: GridRow | None = None) -> dict:
    groups = []
    for project in _unit_projects(user, period):
        if not groups or groups[-1]["plan"].pk != project.plan_id:
            groups.append({"plan": project.plan, "locked": _lock_message(project.plan, period), "rows": []})
        if replace is not None and replace.project.pk == project.pk:
            groups[-1]["rows"].append(replace)
        else:
            groups[-1]["rows"].append(_row(project, period, groups[-1]["locked"]))
    before, after = ledger.neighbour_weeks(period)
    context = {
        "period": period,
        "groups": groups,
        "before": before,
        "after": after,
        "this_week": ledger.week_of(today()).key,
        "is_unit": bool(roles_of(user).unit_ids),
    }
    if not groups:
        context["plans"] = plans_for(user).filter(year=period.start.year).select_related("region")
    return context


@login_required
def week(request):
    """The unit's weekly ledger: one row per project it leads, each row its own form."""
    error = ""
    try:
        period = _week(request.GET.get("period"))
    except calendar.PeriodError as e:
        error, period = str(e), ledger.week_of(today())
    context = {**_grid_context(request.user, period), "error": error}
    return render(request, "reporting/ledger/week.html", context)


def _one(user, period, project_id: int):
    projects = _unit_projects(user, period, only=project_id)
    if not projects or not workflow.can_report(user, projects[0]):
        raise Http404
    return projects[0]


def _grid_url(period, project_id: int | None = None) -> str:
    return f"{reverse('ledger:week')}?period={period.key}" + (f"#row-{project_id}" if project_id else "")


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def row(request, project_id: int, period: str):
    """Save (or save and submit) one row; htmx gets the row back, a plain POST goes back to the grid."""
    try:
        key = _week(period)
    except calendar.PeriodError:
        raise Http404 from None
    project = _one(request.user, key, project_id)
    locked = _lock_message(project.plan, key)
    if request.method == "GET":  # reload the row as saved (after a conflict)
        if not is_htmx(request):
            return redirect(_grid_url(key, project.pk))
        return render(request, "reporting/ledger/_row.html", {"row": _row(project, key, locked)})
    existing = project.period_reports[0] if project.period_reports else None
    data = ledger.row_data(request.POST, [i.pk for i in project.indicators.all()], existing)
    version = request.POST.get("version", "")
    submitting = "submit" in request.POST
    report, errors, conflict = None, [], False
    try:
        report = workflow.save_report(
            project, key.key, data, request.user, expected_version=parse_count(version)
        )
        if submitting:
            report = workflow.submit(report, request.user)
    except workflow.ReportError as e:
        errors, conflict = e.messages, isinstance(e, workflow.Conflict)
    done = "已提交" if submitting else "已保存"
    if not errors and not is_htmx(request):
        messages.success(request, f"项目 {project.seq}（{project.name[:20]}）{done}。")
        return redirect(_grid_url(key, project.pk))
    if report is None:  # refused: what the user typed stays
        shown = _row(project, key, locked, posted=data, version=version)
    else:
        shown = _row(_one(request.user, key, project_id), key, locked)
        shown.done = "" if errors else f"{done} {now():%H:%M}"
    shown.errors, shown.conflict = errors, conflict
    if is_htmx(request):  # 200 even for a refusal: htmx swaps only successful answers into the page
        return render(request, "reporting/ledger/_row.html", {"row": shown})
    context = {**_grid_context(request.user, key, replace=shown), "error": ""}
    return render(request, "reporting/ledger/week.html", context, status=409 if conflict else 422)
