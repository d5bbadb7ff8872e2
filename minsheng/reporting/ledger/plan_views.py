"""The plan's ledger (台账) for the office and the units that may read it: the latest values of every
project whose reports the user may read, filtered (htmx returns only the results), exported as the
.xlsx workbook, and the import back of a workbook a unit filled offline. A unit's own weekly grid is
in ledger_views."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from minsheng.core.clock import today
from minsheng.core.htmx import is_htmx, page_or_fragment
from minsheng.core.roles import roles_of
from minsheng.notices.readers.grid import ReadError
from minsheng.notices.readers.safety import MAX_UPLOAD_BYTES
from minsheng.plans.models import Indicator, ProjectUnit, UnitRole
from minsheng.plans.scoping import can_change_plan, plans_for, projects_for
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.ledger import rules as ledger
from minsheng.reporting.ledger import workbook as ledger_xlsx
from minsheng.reporting.ledger.filters import Filters
from minsheng.reporting.ledger.views import XLSX
from minsheng.reporting.models import Report, ReportState
from minsheng.reporting.scoping import report_projects, reports_for

# ── the plan's ledger for the office ────────────────────────────────────────────────────────────────


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
    if not is_htmx(request):  # the filters' choices are on the page, not in the results
        context["categories"] = plan.categories.all()
        context["units"] = (
            ProjectUnit.objects.filter(project__plan=plan, role=UnitRole.LEAD)
            .values_list("unit_id", "unit__name")
            .distinct()
            .order_by("unit__name")
        )
    return page_or_fragment(request, "reporting/ledger/plan.html", "reporting/ledger/_results.html", context)


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
        status = 422 if failed and not is_htmx(request) else 200
    return page_or_fragment(
        request, "reporting/ledger/import.html", "reporting/ledger/_import_form.html", context, status
    )
