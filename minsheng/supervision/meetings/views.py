"""The quarterly topic meetings (/supervision/meetings/): pick a leader and a quarter and download the
pack (.docx); record the meeting's decisions and mark them done. Offices over their regions' leaders;
a leader, their own."""

from urllib.parse import quote, urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from minsheng.core.clock import today
from minsheng.core.errors import DomainError
from minsheng.core.queryforms import pick
from minsheng.core.roles import roles_of
from minsheng.core.views import refused
from minsheng.plans.models import Project, UnitRole
from minsheng.supervision.meetings import rules, workflow
from minsheng.supervision.meetings.document import pack_docx, title
from minsheng.supervision.meetings.models import DecisionState
from minsheng.supervision.meetings.queries import gather, leaders_for

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DecisionForm(forms.Form):
    project = forms.ModelChoiceField(
        label="项目", queryset=Project.objects.none(), required=False, empty_label="（不限于一个项目）"
    )
    text = forms.CharField(label="议定事项", widget=forms.Textarea(attrs={"rows": 2}))
    due_date = forms.DateField(
        label="完成时限", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, leader=None, year=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(leaders=leader, plan__year=year).order_by(
            "plan__region__path", "order"
        )
        self.fields["project"].label_from_instance = lambda p: f"{p.plan.region.name} {p.seq}. {p.name[:30]}"
        self.fields["text"].error_messages["required"] = "请填写议定事项。"


class QuarterRefused(DomainError):
    status = 400
    default_message = "季度不对。"


def _home(leader_id: int, year: int, quarter: int) -> str:
    return (
        f"{reverse('meetings:home')}?{urlencode({'leader': leader_id, 'quarter': rules.key(year, quarter)})}"
    )


def _choice(request):
    """(leaders the user may pick, the leader chosen, year, quarter) from the query string."""
    if not (
        roles_of(request.user).is_office
        or roles_of(request.user).person_id
        or roles_of(request.user).is_admin
    ):
        raise PermissionDenied("季度专题会议材料仅对督查室和分管领导开放。")
    leaders = list(leaders_for(request.user).order_by("region__path", "name"))
    leader = pick(leaders, request.GET.get("leader") or request.POST.get("leader"))
    raw = request.GET.get("quarter") or request.POST.get("quarter")
    chosen_quarter = rules.parse(raw)
    if raw and (chosen_quarter is None or chosen_quarter > rules.quarter_of(today())):
        raise QuarterRefused(f"季度“{raw[:20]}”不对：请选择本季度或以前的季度（如 2024-Q2）。")
    year, quarter = chosen_quarter or rules.quarter_of(today())
    return leaders, leader, year, quarter


def page_order(decisions):
    """Open decisions first ("open" > "done"), the earliest due date first (those without one after),
    then the newest meeting; the done ones after them, newest meeting first."""
    due = Case(When(state=DecisionState.OPEN, then=F("due_date")))  # NULL for the done ones
    return decisions.order_by("-state", due.asc(nulls_last=True), "-year", "-quarter", "pk")


def _page(request, leaders, leader, year, quarter, status=200, errors=(), form=None):
    decisions = workflow.decisions_for(request.user)
    if leader is not None:
        decisions = decisions.filter(leader=leader)
    year_now, quarter_now = rules.quarter_of(today())
    quarters = [
        (y, q) for y in (year_now - 1, year_now) for q in (1, 2, 3, 4) if (y, q) <= (year_now, quarter_now)
    ]
    context = {
        "leaders": leaders,
        "leader": leader,
        "quarter_key": rules.key(year, quarter),
        "quarter_label": rules.label(year, quarter),
        "quarters": [(rules.key(y, q), rules.label(y, q)) for y, q in reversed(quarters)],
        "decisions": page_order(decisions),
        "today": today(),
        "may_record": leader is not None and workflow.may_record(request.user, leader),
        "form": form or (DecisionForm(leader=leader, year=year) if leader else None),
        "errors": list(errors),
        "open_state": DecisionState.OPEN,
    }
    return render(request, "supervision/meetings/home.html", context, status=status)


@login_required
def meetings_home(request):
    try:
        return _page(request, *_choice(request))
    except QuarterRefused as e:
        return _bad_quarter(request, e)


def _bad_quarter(request, error: QuarterRefused):
    """The meetings page of this quarter, with the refusal (400)."""
    leaders = list(leaders_for(request.user).order_by("region__path", "name"))
    return _page(request, leaders, None, *rules.quarter_of(today()), status=400, errors=error.messages)


@login_required
def meeting_pack(request):
    try:
        leaders, leader, year, quarter = _choice(request)
    except QuarterRefused as e:
        return _bad_quarter(request, e)
    if leader is None:
        raise Http404
    pack = gather(leader, year, quarter)
    response = HttpResponse(pack_docx(pack), content_type=DOCX)
    name = f"{title(pack)}.docx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
@require_POST
def decision_new(request):
    try:
        leaders, leader, year, quarter = _choice(request)
    except QuarterRefused as e:
        return _bad_quarter(request, e)
    if leader is None:
        raise Http404
    form = DecisionForm(request.POST, leader=leader, year=year)
    if not form.is_valid():
        errors = [e for field in form.errors.values() for e in field]
        return _page(request, leaders, leader, year, quarter, 422, errors, form)
    project = form.cleaned_data["project"]
    unit = None
    if project is not None:
        lead = project.unit_roles.filter(role=UnitRole.LEAD).order_by("order", "pk").first()
        unit = lead.unit if lead else None
    try:
        workflow.record(
            leader,
            year,
            quarter,
            form.cleaned_data["text"],
            request.user,
            project,
            unit,
            form.cleaned_data["due_date"],
        )
    except workflow.DecisionError as e:
        return refused(request, e, _page, leaders, leader, year, quarter, form=form)
    messages.success(request, "议定事项已记录，将在下次会议材料中报告落实情况。")
    return redirect(
        f"{request.path.rsplit('decisions/', 1)[0]}?leader={leader.pk}&quarter={rules.key(year, quarter)}"
    )


@login_required
@require_POST
def decision_done(request, pk: int):
    decision = get_object_or_404(workflow.decisions_for(request.user), pk=pk)
    try:
        workflow.mark_done(decision, request.POST.get("note", ""), request.user)
    except workflow.DecisionError as e:
        messages.error(request, e.message)
        return redirect(f"/supervision/meetings/?leader={decision.leader_id}", status=303)
    messages.success(request, "已标记为已落实。")
    return redirect(
        f"/supervision/meetings/?leader={decision.leader_id}&quarter={rules.key(decision.year, decision.quarter)}"
    )
