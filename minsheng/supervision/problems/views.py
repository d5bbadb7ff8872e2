"""The three lists (问题 / 责任 / 整改): every problem of a plan's projects with its responsible unit,
person, deadline, measure, state and the office's verification; filters, an .xlsx export, and the
steps of problem_rules done with conditional updates and audited.

Who reads: the offices and leaders of the plan's region (and above) and the people's congress deputies
of that region see every problem of the plans they can see; a unit's users see the problems of the
projects their unit leads or co-leads and those it is responsible for; anyone else gets 404.
Who changes: the plan's office adds problems (site inspections, leaders and deputies, the public),
assigns and verifies; the responsible unit records its measure and rectifies."""

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from minsheng.core import limits
from minsheng.core.audit import events_for
from minsheng.core.clock import today
from minsheng.core.dates import chinese_date, parse_id
from minsheng.core.htmx import page_or_fragment
from minsheng.core.models import Unit
from minsheng.core.roles import roles_of
from minsheng.plans.models import Plan
from minsheng.plans.scoping import can_change_plan, changeable_plans, plans_for
from minsheng.supervision.models import Problem, ProblemSource, ProblemState
from minsheng.supervision.problems import rules
from minsheng.supervision.problems.document import problems_docx
from minsheng.supervision.problems.filters import ProblemFilters
from minsheng.supervision.problems.workbook import export_problems
from minsheng.supervision.problems.workflow import (
    ProblemError,
    act,
    actors,
    assign,
    create_problem,
    may_read_plan,
    problems_for,
)

PAGE_SIZE = 50
EXPORT_LIMIT = 10000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _plan_units(plan: Plan) -> QuerySet[Unit]:
    return Unit.objects.filter(project_roles__project__plan=plan).distinct().order_by("name")


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProblemForm(forms.ModelForm):
    class Meta:
        model = Problem
        fields = ["project", "source", "description", "responsible_unit", "responsible_person", "deadline"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "deadline": _date_input()}
        help_texts = {"responsible_unit": "不选则为项目的牵头单位。"}

    def __init__(self, plan: Plan, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = plan.projects.order_by("order")
        self.fields["project"].label_from_instance = lambda p: f"{p.seq}. {p.name[:40]}"
        self.fields["source"].choices = [c for c in ProblemSource.choices if c[0] != ProblemSource.REPORT]
        self.fields["source"].initial = ProblemSource.INSPECTION
        self.fields["responsible_unit"].queryset = _plan_units(plan)
        self.fields["responsible_unit"].required = False

    def clean_description(self):
        text = self.cleaned_data["description"].strip()
        if not text:
            raise forms.ValidationError("请填写问题描述。")
        if too_long := limits.text_error(text, "问题描述"):
            raise forms.ValidationError(too_long)
        return text

    def clean_deadline(self):
        day = self.cleaned_data.get("deadline")
        if day and day < today():
            raise forms.ValidationError(f"整改时限不能早于今天（{today():%Y-%m-%d}）。")
        return day


class AssignForm(forms.Form):
    responsible_unit = forms.ModelChoiceField(Unit.objects.none(), label="责任单位", required=False)
    responsible_person = forms.CharField(label="责任人", max_length=50, required=False)
    deadline = forms.DateField(label="整改时限", required=False, widget=_date_input())

    def __init__(self, plan: Plan, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = _plan_units(plan)


# ── the list ────────────────────────────────────────────────────────────────────────────────────────


def _filtered(request, problems: QuerySet[Problem], plans: bool) -> tuple[QuerySet[Problem], dict]:
    f = ProblemFilters.of(request.GET)
    if f["state"]:
        problems = problems.filter(state=f["state"])
    if f["source"]:
        problems = problems.filter(source=f["source"])
    if f["unit"]:
        problems = problems.filter(responsible_unit=f["unit"])
    if f["overdue"]:
        problems = problems.filter(deadline__lt=today()).exclude(state__in=rules.CLOSED)
    if plans and f["plan"]:
        problems = problems.filter(project__plan=f["plan"])
    if q := f["q"]:
        problems = problems.filter(
            Q(description__icontains=q)
            | Q(project__name__icontains=q)
            | Q(measure__icontains=q)
            | Q(responsible_person__icontains=q)
            | Q(responsible_unit__name__icontains=q)
        )
    order = Case(
        *[When(state=s, then=Value(i)) for i, s in enumerate(rules.STATE_LABELS)], output_field=IntegerField()
    )
    problems = problems.select_related(
        "project__plan__region", "responsible_unit", "verified_by", "created_by"
    ).order_by(order, F("deadline").asc(nulls_last=True), "-created_at", "pk")
    return problems, ProblemFilters.as_typed(request.GET)  # the filters as typed, for the page


def _scope(request, plan_id: int | None) -> tuple[Plan | None, QuerySet[Problem]]:
    problems = problems_for(request.user)
    if plan_id is None:
        roles = roles_of(request.user)
        if not (roles.is_admin or roles.read_paths or roles.deputy_paths or roles.unit_ids):
            raise Http404
        return None, problems
    plan = get_object_or_404(plans_for(request.user).select_related("region"), pk=plan_id)
    if not may_read_plan(request.user, plan):
        raise Http404
    return plan, problems.filter(project__plan=plan)


@login_required
def problem_list(request, plan_id: int | None = None):
    plan, base = _scope(request, plan_id)
    problems, f = _filtered(request, base, plan is None)
    page = Paginator(problems, PAGE_SIZE).get_page(request.GET.get("page"))
    day = today()
    for p in page.object_list:
        p.overdue = rules.is_overdue(p.deadline, p.state, day)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "plan": plan,
        "page": page,
        "f": f,
        "query": query.urlencode(),
        "states": ProblemState.choices,
        "sources": ProblemSource.choices,
        "units": Unit.objects.filter(pk__in=base.values("responsible_unit")).order_by("name"),
        "plans": None
        if plan
        else plans_for(request.user).filter(pk__in=base.values("project__plan")).select_related("region"),
        "can_add": plan is not None and can_change_plan(request.user, plan),
        "today": day,
    }
    return page_or_fragment(
        request, "supervision/problems/list.html", "supervision/problems/results.html", context
    )


@login_required
def problem_export(request, plan_id: int | None = None, fmt: str = "xlsx"):
    plan, base = _scope(request, plan_id)
    problems, _ = _filtered(request, base, plan is None)
    day = today()
    where = f"{plan.region.name}{plan.year}年" if plan else ""
    if fmt == "docx":
        content = problems_docx(list(problems[:EXPORT_LIMIT]), f"{where}问题、责任、整改清单", day)
        response = HttpResponse(content, content_type=DOCX)
    else:
        title = f"{where}问题、责任、整改清单（截至 {chinese_date(day)}）"
        response = HttpResponse(export_problems(problems[:EXPORT_LIMIT], title, day), content_type=XLSX)
    name = f"{where}问题清单（{day:%Y%m%d}）.{fmt}"
    response["Content-Disposition"] = (
        f"attachment; filename=\"problems.{fmt}\"; filename*=UTF-8''{quote(name)}"
    )
    return response


@login_required
def problem_new(request, plan_id: int):
    plan = get_object_or_404(changeable_plans(request.user).select_related("region"), pk=plan_id)
    initial = {"project": request.GET.get("project")} if parse_id(request.GET.get("project")) else {}
    form = ProblemForm(plan, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        problem = create_problem(plan, request.user, form.cleaned_data)
        messages.success(request, "问题已登记，已交责任单位整改。")
        return redirect("problems:detail", problem.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "supervision/problems/form.html", {"plan": plan, "form": form}, status=status)


def _detail_context(request, problem: Problem, **extra) -> dict:
    who = actors(request.user, problem)
    steps = rules.available(who, problem.state)
    return {
        "problem": problem,
        "plan": problem.project.plan,
        "overdue": rules.is_overdue(problem.deadline, problem.state, today()),
        "unit_steps": [s for s in steps if s.actor == rules.UNIT],
        "office_steps": [s for s in steps if s.actor == rules.OFFICE and s.action != "assign"],
        "assign_form": extra.pop("assign_form", None)
        or (
            AssignForm(
                problem.project.plan,
                initial={
                    "responsible_unit": problem.responsible_unit_id,
                    "responsible_person": problem.responsible_person,
                    "deadline": problem.deadline,
                },
            )
            if rules.allowed("assign", who, problem.state)
            else None
        ),
        "events": _labelled(events_for(problem)[:30]),
        **extra,
    }


# The problem list words its history more closely than core.models.ACTION_LABELS (登记, 退回整改);
# every other action reads as that one table has it.
ACTION_LABELS = {"create": "登记", **{s.action: s.label for s in rules.STEPS}}


def _labelled(events) -> list:
    events = list(events)
    for e in events:
        e.label = ACTION_LABELS.get(e.action, e.action_label)
    return events


def _problem(request, problem_id: int) -> Problem:
    return get_object_or_404(
        problems_for(request.user).select_related(
            "project__plan__region", "responsible_unit", "verified_by", "created_by", "report"
        ),
        pk=problem_id,
    )


@login_required
def problem_detail(request, problem_id: int):
    problem = _problem(request, problem_id)
    return render(request, "supervision/problems/detail.html", _detail_context(request, problem))


@login_required
@require_POST
def problem_act(request, problem_id: int):
    problem = _problem(request, problem_id)
    action = request.POST.get("action", "")
    try:
        if action == "assign":
            form = AssignForm(problem.project.plan, request.POST)
            if not form.is_valid():
                context = _detail_context(request, problem, assign_form=form)
                return render(request, "supervision/problems/detail.html", context, status=422)
            d = form.cleaned_data
            changed = assign(
                problem, request.user, d["responsible_unit"], d["responsible_person"], d["deadline"]
            )
            messages.success(request, "已交办。" if changed else "交办内容没有变化。")
        else:
            step = rules.step(action)
            text = request.POST.get(step.needs, "") if step and step.needs else ""
            changed = act(problem, request.user, action, text)
            label = step.label
            messages.success(request, f"{label}：已保存。" if changed else f"{label}：没有需要保存的变化。")
    except ProblemError as e:
        context = _detail_context(request, problem, errors=e.messages, posted=request.POST)
        return render(request, "supervision/problems/detail.html", context, status=422)
    return redirect("problems:detail", problem.pk)
