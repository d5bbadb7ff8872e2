"""The office's compliance pages — completeness (已报 / 应报) and timeliness (按时 / 应报) per unit and
period of a plan, and per plan and region for an office — and the page where it reopens locked periods.

Who sees what: offices, leaders and administrators see every unit of the plans they can see; a unit's
reporter or approver sees only its own unit's row of a plan (no totals, no ranking of others); anyone
else is refused (403). A plan outside the user's scope is not found (404). Cost is a fixed number of
queries, however many plans, projects and units."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from minsheng.core.clock import now, today
from minsheng.core.dates import parse_id
from minsheng.core.htmx import page_or_fragment
from minsheng.core.roles import roles_of, under
from minsheng.core.workyear import chosen_year
from minsheng.plans.scoping import can_change_plan, changeable_plans, plans_for
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.compliance import rank as compliance_rank
from minsheng.reporting.compliance.filters import KINDS, ComplianceFilters, year_shown
from minsheng.reporting.compliance.queries import (
    compliance_viewer,
    counted_facts,
    end_of,
    facts,
    plan_tally,
    plan_tally_counted,
)
from minsheng.reporting.models import PeriodReopening
from minsheng.reporting.reports import reopening
from minsheng.reporting.reports.workflow import rules_for


def _params(request) -> tuple[datetime.date, str, str | None, list[str]]:
    """The day (default today), the kind (default month), the year as typed, and the refusals."""
    values, errors = ComplianceFilters.read(request.GET)
    return values["as_of"] or today(), values["kind"] or calendar.MONTH, values["year"], errors


def _columns(periods, moment, rules, reopenings: dict) -> list[dict]:
    """The matrix headers, with whether each period is locked now or reopened by the office."""
    out = []
    for p in periods:
        item = reopenings.get(p.key)
        out.append(
            {
                "period": p,
                "short": p.key[-3:] if p.kind == calendar.WEEK else f"{p.start.month}月",
                "locked": calendar.is_locked(moment, p, rules) and item is None,
                "reopened": item,
                "due": calendar.due_at(p, rules),
            }
        )
    return out


@login_required
def plan_compliance(request, plan_id: int):
    plan = get_object_or_404(plans_for(request.user).select_related("region", "calendar"), pk=plan_id)
    viewer = compliance_viewer(request.user, plan)
    as_of, kind, _, errors = _params(request)
    context = {
        "plan": plan,
        "as_of": as_of,
        "kind": kind,
        "kinds": KINDS,
        "kind_label": KINDS[kind],
        "errors": errors,
        "viewer": viewer,
    }
    if not errors:
        moment, rules = end_of(as_of), rules_for(plan)
        own = roles_of(request.user).unit_ids if viewer == "unit" else None
        leads, received = facts([plan], kind, moment, own)
        leads, received = leads[plan.pk], received[plan.pk]
        ranked = compliance_rank.rank(plan_tally(plan, leads, received, kind, moment))
        periods = compliance_rank.shown_periods(kind, plan.begins, plan.ends, as_of)
        rows, columns = compliance_rank.matrix(
            [(name, project) for _, name, project in leads],
            periods,
            received,
            moment,
            rules,
            order=[r.tally.unit for r in ranked],
        )
        reopened = {
            r.period: r for r in PeriodReopening.objects.filter(plan=plan, kind=kind, until__gt=now())
        }
        context |= {
            "ranked": ranked,
            "total": compliance_rank.total([r.tally for r in ranked], "全计划") if viewer == "all" else None,
            "columns": _columns(periods, now(), rules, reopened),
            "rows": rows,
            "column_totals": columns,
            "can_reopen": can_change_plan(request.user, plan),
        }
    return page_or_fragment(
        request,
        "reporting/compliance/plan.html",
        "reporting/compliance/plan_results.html",
        context,
        status=400 if errors else 200,
    )


@login_required
def office_compliance(request):
    """Every plan the office can see, ranked by its totals, and the totals per region."""
    if compliance_viewer(request.user) != "all":
        raise PermissionDenied("该页面仅对督查室、分管领导开放；承办单位请在计划的完成率页面查看本单位情况。")
    as_of, kind, year, errors = _params(request)
    plans = plans_for(request.user).select_related("region", "calendar").order_by("-year", "region__path")
    if not roles_of(request.user).is_admin:  # its own regions and below, not every plan it may read
        plans = plans.filter(under(roles_of(request.user).read_paths))
    years = sorted({p.year for p in plans}, reverse=True)
    year = year_shown(year, chosen_year(request), years, as_of)  # as typed, for the select
    if parse_id(year):
        plans = plans.filter(year=parse_id(year))
    context = {
        "as_of": as_of,
        "kind": kind,
        "kinds": KINDS,
        "kind_label": KINDS[kind],
        "errors": errors,
        "years": years,
        "year": year,
    }
    if not errors:
        plans = list(plans)
        moment = end_of(as_of)
        leads, counted = counted_facts(plans, kind, moment)
        totals, owner = [], {}
        for plan in plans:
            rows = plan_tally_counted(plan, leads[plan.pk], counted[plan.pk], kind, moment)
            row = compliance_rank.total(rows, f"{plan.region.name} {plan.year}年")
            owner[id(row)] = plan
            totals.append((plan.region.name, row))
        context |= {
            "plan_rows": [(r, owner[id(r.tally)]) for r in compliance_rank.rank([t for _, t in totals])],
            "region_rows": compliance_rank.rank(compliance_rank.totals_by(totals)),
            "total": compliance_rank.total([t for _, t in totals], "合计"),
        }
    return page_or_fragment(
        request,
        "reporting/compliance/office.html",
        "reporting/compliance/results.html",
        context,
        status=400 if errors else 200,
    )


class ReopenForm(forms.Form):
    period = forms.ChoiceField(
        label="周期", error_messages={"invalid_choice": "“%(value)s”不是本计划已锁定的周期，无需开放补报。"}
    )
    until = forms.DateField(
        label="开放至（含当日）", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(label="原因", max_length=200)

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.key, f"{p.label}{KINDS[p.kind]}") for p in periods]


@login_required
def reopen(request, plan_id: int):
    """The office reopens a locked period of its plan until a day, or ends a reopening early."""
    plan = get_object_or_404(changeable_plans(request.user).select_related("region", "calendar"), pk=plan_id)
    moment = now()
    locked = reopening.locked_periods(plan, moment, rules_for(plan))
    chosen = request.GET.get("period") or (locked[0].key if locked else "")
    form = ReopenForm(periods=locked, initial={"period": chosen})
    errors = []
    if request.method == "POST" and request.POST.get("close"):
        item = get_object_or_404(PeriodReopening, plan=plan, pk=request.POST["close"])
        reopening.close(item, request.user, moment)
        messages.success(request, f"已结束 {item.period} 的补报开放。")
        return redirect("compliance:reopen", plan.pk)
    if request.method == "POST":
        form = ReopenForm(request.POST, periods=locked)
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = reopening.reopen(
                    plan, data["period"], data["until"], data["reason"], request.user, moment
                )
            except reopening.ReopenError as e:
                errors = e.messages
            else:
                messages.success(request, f"已开放 {item.period} 补报至 {data['until']:%Y-%m-%d}。")
                return redirect("compliance:reopen", plan.pk)
    context = {
        "plan": plan,
        "form": form,
        "errors": errors,
        "current": reopening.current(plan, moment),
        "has_locked": bool(locked),
    }
    return render(
        request, "reporting/compliance/reopen.html", context, status=422 if request.method == "POST" else 200
    )
