"""Pages for the office's actions and the answers to them (the rules are in actions.py):

- /projects/<id>/orders/ — a project's urges, 督办单 and leaders' instructions, with the forms the user
  may use: the office urges or issues a 督办单, a leader writes an instruction, the lead unit replies;
- /supervision/orders/ — the orders a user sees (a unit's inbox, an office's register);
- /supervision/orders/<id>/ — one order: the unit answers, the office closes it or sends it back,
  or confirms / dismisses a proposal of the escalation ladder.

A project or order outside the user's scope is not found (404); a visible one the user has no part in
is refused (403). Refusals come back with Chinese messages and the form as filled (422)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from minsheng.core.audit import events_for
from minsheng.core.roles import roles_of
from minsheng.core.views import refused
from minsheng.plans.scoping import projects_for
from minsheng.supervision.access import may_open_project_orders
from minsheng.supervision.models import Instruction, OrderKind, OrderState, SupervisionOrder
from minsheng.supervision.orders import instructions as leader_instructions
from minsheng.supervision.orders import workflow as actions
from minsheng.supervision.orders.escalation import rule_name
from minsheng.supervision.orders.forms import ConfirmForm, OrderForm, TextForm, UrgeForm


def _next(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def _project(request, project_id: int):
    project = get_object_or_404(
        projects_for(request.user).select_related("plan__region", "category"), pk=project_id
    )
    if not may_open_project_orders(request.user, project):
        raise PermissionDenied("督办事项仅对督查室、分管领导和牵头单位开放。")
    return project


def _project_page(request, project, status=200, errors=(), **forms_given):
    user = request.user
    may_supervise = actions.may_supervise(user, project)
    is_leader = leader_instructions.is_leader_of(user, project)
    orders = list(
        actions.orders_for(user).filter(project=project).select_related("unit").order_by("-created_at", "-pk")
    )
    for n in orders:
        n.rule = rule_name(n.trigger) if n.trigger else ""
    instructions = list(
        leader_instructions.instructions_for(user)
        .filter(project=project)
        .select_related("leader", "replied_by")
        .order_by("-created_at", "-pk")
    )
    may_reply = bool(roles_of(user).unit_ids & {u.pk for u in actions.lead_units(project)})
    context = {
        "project": project,
        "plan": project.plan,
        "orders": orders,
        "instructions": instructions,
        "may_supervise": may_supervise,
        "is_leader": is_leader,
        "may_reply": may_reply,
        "open": request.GET.get("do", ""),
        "errors": list(errors),
        "urge_form": forms_given.get("urge_form") or (UrgeForm(project=project) if may_supervise else None),
        "order_form": forms_given.get("order_form")
        or (OrderForm(project=project, has_instruction=_has_instruction(project)) if may_supervise else None),
        "instruction_form": forms_given.get("instruction_form")
        or (TextForm(label="批示内容", key="instruct") if is_leader else None),
        "reply_errors": forms_given.get("reply_errors", {}),
    }
    return render(request, "supervision/orders/project.html", context, status=status)


def _has_instruction(project) -> bool:
    """A leader has written a 批示 on the project: a new 督办单 is offered at 警示."""
    return Instruction.objects.filter(project=project).exists()


@login_required
def project_orders(request, project_id: int):
    return _project_page(request, _project(request, project_id))


@login_required
@require_POST
def urge(request, project_id: int):
    project = _project(request, project_id)
    if not actions.may_supervise(request.user, project):
        raise PermissionDenied("只有本计划的督查室可以催办。")
    form = UrgeForm(request.POST, project=project)
    if form.is_valid():
        try:
            order = actions.urge(
                project, form.cleaned_data["unit"], form.cleaned_data["reasons"], request.user
            )
        except actions.ActionError as e:
            return refused(request, e, _project_page, project, urge_form=form)
        messages.success(request, f"已向{order.unit}发出催办。")
        return redirect("orders:project", project.pk)
    return _project_page(request, project, 422, urge_form=form)


@login_required
@require_POST
def order_new(request, project_id: int):
    project = _project(request, project_id)
    if not actions.may_supervise(request.user, project):
        raise PermissionDenied("只有本计划的督查室可以下发督办单。")
    form = OrderForm(request.POST, project=project)
    if form.is_valid():
        data = form.cleaned_data
        try:
            order = actions.issue_order(
                project,
                data["unit"],
                data["reasons"],
                data["measures"],
                data["respond_by"],
                request.user,
                grade=data["grade"],
            )
        except actions.ActionError as e:
            return refused(request, e, _project_page, project, order_form=form)
        messages.success(request, f"已向{order.unit}下发{order.grade_of.label}督办单 {order.number}。")
        return redirect("orders:detail", order.pk)
    return _project_page(request, project, 422, order_form=form)


@login_required
@require_POST
def instruct(request, project_id: int):
    project = _project(request, project_id)
    form = TextForm(request.POST, label="批示内容", key="instruct")
    if form.is_valid():
        try:
            leader_instructions.instruct(project, form.cleaned_data["text"], request.user)
        except actions.ActionError as e:
            if isinstance(e, actions.NotAllowed):
                raise PermissionDenied(e.messages[0]) from None
            return refused(request, e, _project_page, project, instruction_form=form)
        messages.success(request, "批示已送达牵头单位。")
        return redirect("orders:project", project.pk)
    return _project_page(request, project, 422, instruction_form=form)


@login_required
@require_POST
def instruction_reply(request, pk: int):
    item = get_object_or_404(
        leader_instructions.instructions_for(request.user).select_related("project__plan__region"), pk=pk
    )
    form = TextForm(request.POST, label="落实情况")
    errors = list(form.errors.get("text", [])) if not form.is_valid() else []
    if not errors:
        try:
            leader_instructions.reply(item, form.cleaned_data["text"], request.user)
        except actions.NotAllowed as e:
            raise PermissionDenied(e.messages[0]) from None
        except actions.ActionError as e:
            errors = e.messages
    if errors:
        return _project_page(request, item.project, 422, reply_errors={item.pk: errors})
    messages.success(request, "已回复批示落实情况。")
    return redirect("orders:project", item.project_id)


def _order(request, pk: int) -> SupervisionOrder:
    return get_object_or_404(
        actions.orders_for(request.user).select_related(
            "project__plan__region", "unit", "issued_by", "responded_by"
        ),
        pk=pk,
    )


def _order_page(request, order, status=200, errors=(), answer_form=None, back_form=None, confirm_form=None):
    user = request.user
    may_supervise = actions.may_supervise(user, order.project)
    events = list(events_for(order))
    for e in events:
        e.label = e.action_label  # core.models.ACTION_LABELS: 催办, 下发督办单, 退回重办…
    comments = [
        e.changes["退回意见"][1] for e in events if e.action == "send_back" and "退回意见" in e.changes
    ]
    context = {
        "order": order,
        "project": order.project,
        "rule": rule_name(order.trigger) if order.trigger else "",
        "may_supervise": may_supervise,
        "may_answer": actions.may_answer(user, order) and order.state == OrderState.ISSUED,
        "errors": list(errors),
        "last_comment": comments[0] if comments and order.state == OrderState.ISSUED else "",
        "answer_form": answer_form
        or TextForm(initial={"text": order.response}, label="回复内容", key="answer"),
        "back_form": back_form or TextForm(label="退回意见", key="back"),
        "confirm_form": confirm_form
        or ConfirmForm(
            initial={
                "reasons": order.reasons,
                "measures": order.measures,
                "respond_by": order.respond_by,
            }
        ),
        "events": events,
    }
    return render(request, "supervision/orders/detail.html", context, status=status)


@login_required
def order_detail(request, pk: int):
    return _order_page(request, _order(request, pk))


def _act(request, order, fn, *args, done: str, **form):
    try:
        fn(order, *args, request.user)
    except actions.NotAllowed as e:
        raise PermissionDenied(e.messages[0]) from None
    except actions.ActionError as e:
        return refused(request, e, _order_page, order, **form)
    messages.success(request, done)
    return redirect(_next(request, order_url(order)))


def order_url(order) -> str:
    return reverse("orders:detail", args=[order.pk])


@login_required
@require_POST
def order_answer(request, pk: int):
    return _text_step(request, pk, actions.answer, "回复内容", "answer", done="已回复，等待督查室办结。")


@login_required
@require_POST
def order_close(request, pk: int):
    return _act(request, _order(request, pk), actions.close, done="已办结。")


@login_required
@require_POST
def order_send_back(request, pk: int):
    return _text_step(request, pk, actions.send_back, "退回意见", "back", done="已退回单位重新办理。")


def _text_step(request, pk: int, step, label: str, key: str, done: str):
    """A step that takes one text (the unit's answer, the office's reasons for sending back): the
    form is checked, then the step is taken; either way a refusal shows the page with the form."""
    order = _order(request, pk)
    form = TextForm(request.POST, label=label, key=key)
    if not form.is_valid():
        return _order_page(request, order, 422, **{f"{key}_form": form})
    return _act(request, order, step, form.cleaned_data["text"], done=done, **{f"{key}_form": form})


@login_required
@require_POST
def order_confirm(request, pk: int):
    order = _order(request, pk)
    form = ConfirmForm(request.POST) if "reasons" in request.POST else None
    if form is not None and not form.is_valid():
        return _order_page(request, order, 422, confirm_form=form)
    given = form.cleaned_data if form is not None else {}
    kind = "督办单" if order.kind == OrderKind.ORDER else "催办"
    try:
        actions.confirm(
            order, request.user, given.get("reasons"), given.get("measures"), given.get("respond_by")
        )
    except actions.NotAllowed as e:
        raise PermissionDenied(e.messages[0]) from None
    except actions.ActionError as e:
        return refused(request, e, _order_page, order, confirm_form=form)
    messages.success(request, f"已确认发出{kind}{(' ' + order.number) if order.number else ''}。")
    return redirect(_next(request, order_url(order)))


@login_required
@require_POST
def order_dismiss(request, pk: int):
    return _act(request, _order(request, pk), actions.dismiss, done="已不予发出，该规则不会再次拟办此项。")


@login_required
def order_list(request):
    """The orders the user sees: a unit's inbox of urges and 督办单, an office's register."""
    roles = roles_of(request.user)
    if not (roles.is_office or roles.leader_paths or roles.unit_ids):
        raise PermissionDenied("督办事项仅对督查室、分管领导和承办单位开放。")
    state = request.GET.get("state", "open")
    orders = actions.orders_for(request.user).select_related("project__plan__region", "unit")
    states = {
        "open": ("待办", [OrderState.ISSUED, OrderState.ANSWERED]),
        "proposed": ("待确认拟办", [OrderState.PROPOSED]),
        "closed": ("已办结", [OrderState.CLOSED]),
        "all": ("全部", None),
    }
    if state not in states:
        state = "open"
    if states[state][1] is not None:
        orders = orders.filter(state__in=states[state][1])
    page = Paginator(orders.order_by("-created_at", "-pk"), 30).get_page(request.GET.get("page"))
    for n in page.object_list:
        n.rule = rule_name(n.trigger) if n.trigger else ""
    tabs = [
        (k, label)
        for k, (label, _) in states.items()
        if k != "proposed" or roles.is_office or roles.leader_paths
    ]
    return render(request, "supervision/orders/list.html", {"page": page, "state": state, "tabs": tabs})
