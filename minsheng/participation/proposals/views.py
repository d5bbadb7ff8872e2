"""The public side of proposals, no login: the form, the receipt page, and following a proposal by
its receipt code. The phone number a citizen may leave is never shown here."""

from django.shortcuts import redirect, render

from minsheng.participation.abuse import HONEYPOT, STARTED, client_of, spam_reason, start_token
from minsheng.participation.models import Proposal, ProposalState
from minsheng.participation.proposals.forms import ProposalForm
from minsheng.participation.proposals.workflow import default_year, rate_limited, submit
from minsheng.participation.public_forms import PHONE_HELP, normalise_receipt

SESSION_KEY = "proposal_receipt"

# What each state means for the person who proposed (public wording).
STATE_HINTS = {
    ProposalState.SUBMITTED: "督查室将对建议进行审核。",
    ProposalState.REJECTED: "建议未被受理，原因见答复意见。",
    ProposalState.ACCEPTED: "建议已受理，将参加下一步筛选。",
    ProposalState.MERGED: "建议与内容相近的建议合并办理。",
    ProposalState.SHORTLISTED: "建议已入围，督查室正按标准评分。",
    ProposalState.CANDIDATE: "建议已列入候选项目，提交人大代表票决。",
    ProposalState.NOT_SELECTED: "建议未列入候选项目。",
    ProposalState.ELECTED: "建议经人大代表票决通过，列入民生实事项目。",
    ProposalState.NOT_ELECTED: "建议在人大代表票决中未当选。",
}


def _form_page(request, form, status=200, refusal=""):
    context = {
        "form": form,
        "year": default_year(),
        "honeypot": HONEYPOT,
        "started_name": STARTED,
        "started": start_token(),
        "phone_help": PHONE_HELP,
        "refusal": refusal,
    }
    return render(request, "participation/proposals/new.html", context, status=status)


def new(request):
    if request.method != "POST":
        return _form_page(request, ProposalForm())
    client = client_of(request)
    limited = rate_limited(client)
    if limited:  # refused before any check: keep what was typed, show no field errors
        return _form_page(request, ProposalForm(initial=request.POST.dict()), 429, limited)
    text = f"{request.POST.get('title', '')}\n{request.POST.get('content', '')}"
    spam = spam_reason(request.POST, text)
    if spam:
        return _form_page(request, ProposalForm(initial=request.POST.dict()), 400, spam)
    form = ProposalForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, 422)
    proposal = submit(form.submission(), client)
    # The receipt goes through the session, so reloading the receipt page does not post again.
    request.session[SESSION_KEY] = proposal.receipt
    return redirect("proposals:done")


def done(request):
    """The receipt, shown once: it leaves the session on this first view, so on a shared computer
    the next person cannot reload the page and read it (they get a short note instead)."""
    receipt = request.session.pop(SESSION_KEY, None)
    response = render(request, "participation/proposals/done.html", {"receipt": receipt})
    response["Cache-Control"] = "no-store"
    return response


def track(request):
    """Ask for a receipt. Look-ups are not throttled: a code is 10 symbols from 32, about 1.1e15
    possibilities, so guessing one of even a million proposals takes about a billion tries — far
    beyond what an unthrottled client can send, and a hit would show only a title, a state and the
    office's reply (never the phone)."""
    typed = request.GET.get("receipt", "").strip()
    if typed:
        code = normalise_receipt(typed)
        if code:
            return redirect("proposals:track_receipt", code)
        context = {"typed": typed, "error": "回执码应为10位字母和数字（不含 0、O、1、I），请核对后重新输入。"}
        return render(request, "participation/proposals/track.html", context, status=404)
    return render(request, "participation/proposals/track.html", {})


def track_receipt(request, receipt: str):
    code = normalise_receipt(receipt)
    proposal = (
        Proposal.objects.select_related("region", "merged_into").filter(receipt=code).first()
        if code
        else None
    )
    if proposal is None:
        context = {"typed": receipt, "error": "未找到该回执码对应的建议，请核对后重新输入。"}
        return render(request, "participation/proposals/track.html", context, status=404)
    context = {
        "proposal": proposal,
        "hint": STATE_HINTS.get(proposal.state, ""),
        "merged_title": proposal.merged_into.title if proposal.merged_into else "",
    }
    return render(request, "participation/proposals/status.html", context)
