"""Ledger pages (台账): a lead unit's weekly grid of all its projects, saved row by row (htmx, or plain
POST without it); a plan's ledger for the office with latest values, its .xlsx export, and the import
back of a workbook a unit filled offline."""

from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from minsheng.core.clock import now, today
from minsheng.core.dates import parse_count, parse_id
from minsheng.core.roles import roles_of
from minsheng.notices.grid import ReadError
from minsheng.notices.readers.safety import MAX_UPLOAD_BYTES
from minsheng.plans.models import Indicator, ProjectUnit, UnitRole
from minsheng.plans.scoping import can_change_plan, plans_for, projects_for

from . import calendar, ledger, ledger_xlsx, workflow
from .models import Report, ReportState, ReportValue
from .scoping import report_projects, reports_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _htmx(request) -> bool:
    return bool(request.headers.get("HX-Request"))


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


def _previous_value(period) -> Subquery:
    return Subquery(
        ReportValue.objects.filter(
            indicator=OuterRef("pk"),
            report__state=ReportState.APPROVED,
            report__period_end__lt=period.start,
            value__isnull=False,
        )
        .order_by("-report__period_end")
        .values("value")[:1]
    )


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
                queryset=Indicator.objects.order_by("order", "pk").annotate(previous=_previous_value(period)),
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
    return GridRow(project, period, report, lines, **texts, problems=problems, confirm=confirm, version=version,
                   locked=locked)  # fmt: skip


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
    return render(request, "reporting/ledger_week.html", context)


def _one(user, period, project_id: int):
    projects = _unit_projects(user, period, only=project_id)
    if not projects or not workflow.can_report(user, projects[0]):
        raise Http404
    return projects[0]


def _grid_url(period, project_id: int | None = None) -> str:
    return f"{reverse('ledger:week')}?period={period.key}" + (f"#row-{project_id}" if project_id else "")


@login_required
@require_http_methods(["GET", "POST"])
def row(request, project_id: int, period: str):
    """Save (or save and submit) one row; htmx gets the row back, a plain POST goes back to the grid."""
    try:
        key = _week(period)
    except calendar.PeriodError:
        raise Http404 from None
    project = _one(request.user, key, project_id)
    locked = _lock_message(project.plan, key)
    if request.method == "GET":  # reload the row as saved (after a conflict)
        if not _htmx(request):
            return redirect(_grid_url(key, project.pk))
        return render(request, "reporting/_ledger_row.html", {"row": _row(project, key, locked)})
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
    if not errors and not _htmx(request):
        messages.success(request, f"项目 {project.seq}（{project.name[:20]}）{done}。")
        return redirect(_grid_url(key, project.pk))
    if report is None:  # refused: what the user typed stays
        shown = _row(project, key, locked, posted=data, version=version)
    else:
        shown = _row(_one(request.user, key, project_id), key, locked)
        shown.done = "" if errors else f"{done} {now():%H:%M}"
    shown.errors, shown.conflict = errors, conflict
    if _htmx(request):  # 200 even for a refusal: htmx swaps only successful answers into the page
        return render(request, "reporting/_ledger_row.html", {"row": shown})
    context = {**_grid_context(request.user, key, replace=shown), "error": ""}
    return render(request, "reporting/ledger_week.html", context, status=409 if conflict else 422)


# ── the plan's ledger for the office ────────────────────────────────────────────────────────────────


@dataclass
class Filters:
    kind: str = ""
    category: str = ""
    unit: str = ""
    q: str = ""

    @classmethod
    def of(cls, get) -> "Filters":
        def digits(name: str) -> str:
            return get.get(name, "") if parse_id(get.get(name)) else ""

        kind = get.get("kind", "")
        kind = kind if kind in (calendar.WEEK, calendar.MONTH) else ""
        return cls(kind, digits("category"), digits("unit"), get.get("q", "").strip()[:100])

    @property
    def query(self) -> str:
        return urlencode({k: v for k, v in vars(self).items() if v})


def _latest(visible, state: str) -> Subquery:
    return Subquery(
        Report.objects.filter(pk__in=visible, project=OuterRef("pk"), state=state)
        .order_by("-period_end", "kind", "-updated_at", "-pk")
        .values("pk")[:1]
    )


def office_rows(user, plan, filters: Filters) -> list[ledger.LedgerRow]:
    """Every project of the plan the user sees, with its latest approved (else submitted) report among
    the reports the user may see, in a fixed number of queries. Projects whose reports the user may not
    read are left out rather than shown as 尚未报送."""
    projects = report_projects(user).filter(plan=plan)
    if filters.category:
        projects = projects.filter(category_id=int(filters.category))
    if filters.unit:
        led = ProjectUnit.objects.filter(unit_id=int(filters.unit), role=UnitRole.LEAD).values("project_id")
        projects = projects.filter(pk__in=led)
    kinds = [filters.kind] if filters.kind else [calendar.WEEK, calendar.MONTH]
    visible = reports_for(user).filter(project__plan=plan, kind__in=kinds).values("pk")
    projects = list(
        projects.annotate(
            approved_id=_latest(visible, ReportState.APPROVED),
            submitted_id=_latest(visible, ReportState.SUBMITTED),
        )
        .select_related("category")
        .prefetch_related(
            Prefetch("unit_roles", queryset=ProjectUnit.objects.select_related("unit")),
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk")),
        )
        .order_by("order", "pk")
    )
    ids = {pk for p in projects for pk in (p.approved_id, p.submitted_id) if pk}
    reports = {r.pk: r for r in Report.objects.filter(pk__in=ids).prefetch_related("values")} if ids else {}
    rows = []
    for p in projects:
        chosen = ledger.pick_latest([reports.get(p.approved_id), reports.get(p.submitted_id)])
        values = {v.indicator_id: (v.value, v.comment) for v in chosen.values.all()} if chosen else {}
        units = [(r.unit.name, r.role) for r in p.unit_roles.all()]
        rows.append(ledger.ledger_row(p, p.indicators.all(), units, chosen, values))
    return [r for r in rows if ledger.matches(r, filters.q)]


def _plan(request, plan_id: int):
    return get_object_or_404(plans_for(request.user).select_related("region"), pk=plan_id)


def may_import(user, plan) -> bool:
    """The plan's offices (and those above) and the units leading one of its projects."""
    units = roles_of(user).unit_ids
    if units and ProjectUnit.objects.filter(project__plan=plan, unit__in=units, role=UnitRole.LEAD).exists():
        return True
    return can_change_plan(user, plan)


@login_required
def plan_ledger(request, plan_id: int):
    """The whole page, or for htmx (the filters) only the results."""
    plan = _plan(request, plan_id)
    filters = Filters.of(request.GET)
    rows = office_rows(request.user, plan, filters)
    context = {
        "plan": plan,
        "filters": filters,
        "groups": ledger.group_rows(rows),
        "count": len(rows),
        "hidden": projects_for(request.user).filter(plan=plan).count()
        - report_projects(request.user).filter(plan=plan).count(),
        "pending": sum(r.pending for r in rows),
        "as_of": today(),
        "can_import": may_import(request.user, plan),
    }
    if _htmx(request):
        return render(request, "reporting/_ledger_results.html", context)
    context["categories"] = plan.categories.all()
    context["units"] = (
        ProjectUnit.objects.filter(project__plan=plan, role=UnitRole.LEAD)
        .values_list("unit_id", "unit__name")
        .distinct()
        .order_by("unit__name")
    )
    return render(request, "reporting/ledger_plan.html", context)


@login_required
def export(request, plan_id: int):
    plan = _plan(request, plan_id)
    rows = office_rows(request.user, plan, Filters.of(request.GET))
    as_of = today()
    response = HttpResponse(ledger_xlsx.export_ledger(plan, rows, as_of), content_type=XLSX)
    name = f"{plan.region.name}{plan.year}年民生实事台账（截至{as_of:%Y%m%d}）.xlsx"
    response["Content-Disposition"] = f"attachment; filename=\"ledger.xlsx\"; filename*=UTF-8''{quote(name)}"
    return response


# ── import back ─────────────────────────────────────────────────────────────────────────────────────


def _default_period(choices: dict) -> str:
    current = ledger.week_of(today()).key
    weeks = [p.key for p in choices[calendar.WEEK]]
    if current in weeks:
        return current
    return weeks[0] if weeks else ""


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request, plan_id: int):
    plan = _plan(request, plan_id)
    if not may_import(request.user, plan):
        raise Http404
    choices = ledger.period_choices(plan.begins, plan.ends, today())
    context = {
        "plan": plan,
        "choices": choices,
        "selected": request.POST.get("period") or _default_period(choices),
        "error": "",
        "result": None,
        "max_mb": MAX_UPLOAD_BYTES // 1024 // 1024,
        "confirm": bool(request.POST.get("confirm")),
    }
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ReadError("请选择要导入的台账文件（.xlsx）。")
            if upload.size > MAX_UPLOAD_BYTES:
                raise ReadError(f"文件超过 {context['max_mb']} MB 上限，请删除图片等无关内容后再导入。")
            entries = ledger_xlsx.read_ledger(upload.read(), plan, upload.name)
            context["result"] = ledger_xlsx.import_ledger(
                plan, context["selected"], entries, request.user, confirm=context["confirm"]
            )
        except ReadError as e:
            context["error"] = str(e)
        failed = context["error"] or (context["result"] and context["result"].errors)
        status = 422 if failed and not _htmx(request) else 200
    template = "reporting/_ledger_import_form.html" if _htmx(request) else "reporting/ledger_import.html"
    return render(request, template, context, status=status)
