"""The public's follows, without login: follow a project (its public page, its 民生码) or one's own
proposal (its receipt page), then the follower's page under the 关注码 — what is followed, every message
told, the code to confirm a phone or email (being sent, sent, or failed and asked again), and stopping."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from minsheng.participation.abuse import HONEYPOT, STARTED, client_of, spam_reason, start_token
from minsheng.participation.follows import codes, workflow
from minsheng.participation.follows.models import Follow
from minsheng.participation.models import Proposal
from minsheng.participation.public_forms import InvalidInput, normalise_receipt
from minsheng.plans.models import PUBLIC_STATES, Project
from minsheng.supervision.status.rules import COLOURS

LOOKUP_ERROR = "没有找到该关注码：关注码为10位字母和数字（不含 0、O、1、I），请核对后重新输入。"


def _form(request, target: dict, status=200, refusal="", typed=None):
    context = {
        **target,
        "typed": typed or {},
        "channels": workflow.channels(),
        "honeypot": HONEYPOT,
        "started_name": STARTED,
        "started": start_token(),
        "refusal": refusal,
    }
    return render(request, "participation/follows/new.html", context, status=status)


def _start(request, target: dict):
    if request.method != "POST":
        return _form(request, target)
    typed = {"phone": request.POST.get("phone", ""), "email": request.POST.get("email", "")}
    client = client_of(request)
    if limited := workflow.rate_limited(client):
        return _form(request, target, 429, limited, typed)
    # one click, nothing typed (often within a second): no minimum time; the hidden field and the
    # signed, unexpired start token still count, and the hourly limit is checked before
    if spam := spam_reason(request.POST, min_seconds=0):
        return _form(request, target, 400, spam, typed)
    try:
        follow = workflow.start(
            target.get("project"), target.get("proposal"), typed["phone"], typed["email"], client
        )
    except InvalidInput as e:
        return _form(request, target, e.status, e.message, typed)
    sending = ""
    if follow.address:
        sending = f"验证码正在发送到您的{'手机' if follow.phone else '邮箱'}，收到后请在本页输入。"
    messages.success(request, f"已关注。{sending}请收藏本页或记下关注码，凭关注码可随时查看进展。")
    return redirect("follows:page", follow.receipt)


def project(request, project_id: int):
    found = get_object_or_404(
        Project.objects.select_related("plan__region").filter(plan__state__in=PUBLIC_STATES), pk=project_id
    )
    return _start(request, {"project": found})


def proposal(request, receipt: str):
    found = get_object_or_404(Proposal.objects.select_related("region"), receipt=normalise_receipt(receipt))
    return _start(request, {"proposal": found})


def lookup(request):
    typed = request.GET.get("receipt", "").strip()
    if typed:
        code = normalise_receipt(typed)
        if code and Follow.objects.filter(receipt=code).exists():
            return redirect("follows:page", code)
    error = LOOKUP_ERROR if typed else ""
    return render(
        request,
        "participation/follows/lookup.html",
        {"typed": typed, "error": error},
        status=404 if error else 200,
    )


def _follow(receipt: str) -> Follow:
    return get_object_or_404(
        Follow.objects.select_related("project__plan__region", "proposal__region"),
        receipt=normalise_receipt(receipt),
    )


def page(request, receipt: str):
    follow = _follow(receipt)
    state = None
    if follow.project_id and follow.project.plan.state in PUBLIC_STATES:
        state = workflow.now_of_projects([follow.project]).get(follow.project_id)
    waiting_code = bool(follow.address and not follow.confirmed_at and follow.active)
    context = {
        "follow": follow,
        "state": state,
        "colour": COLOURS[state.colour] if state else None,
        "told": follow.messages.all()[:100],
        "waiting_code": waiting_code,
        "code_state": codes.state(follow) if waiting_code else "",
        "may_ask_again": waiting_code and codes.may_ask_again(follow),
        "code_sends": codes.CODE_SENDS,
    }
    response = render(request, "participation/follows/page.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def confirm(request, receipt: str):
    """Check the code typed, or (the button `again`) ask for a new one after a failed sending."""
    follow = _follow(receipt)
    if request.POST.get("again"):
        return _ask_again(request, follow)
    if workflow.confirm(follow, request.POST.get("code", "")):
        messages.success(request, "已确认：今后的进展将发送到您的" + ("手机。" if follow.phone else "邮箱。"))
    else:
        follow.refresh_from_db()
        if follow.address:
            messages.error(request, "验证码不正确，请核对后重新输入。")
        else:
            messages.error(request, "验证码错误次数过多，已不再向该号码发送；如需接收，请重新关注。")
    return redirect("follows:page", follow.receipt)


def _ask_again(request, follow: Follow):
    try:
        codes.ask_again(follow)
    except InvalidInput as e:
        messages.error(request, e.message)
    else:
        messages.success(request, "正在重新发送验证码，请稍候查收，收到后在本页输入。")
    return redirect("follows:page", follow.receipt)


@require_POST
def stop(request, receipt: str):
    follow = _follow(receipt)
    if request.POST.get("sure") != "yes":
        messages.error(request, "请勾选“确认取消关注”后再提交。")
        return redirect("follows:page", follow.receipt)
    had_address = bool(follow.address)
    workflow.stop(follow)
    messages.success(
        request, "已取消关注，不再发送消息" + ("；您留下的号码已删除。" if had_address else "。")
    )
    return redirect("follows:page", follow.receipt)
