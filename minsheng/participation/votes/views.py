"""Pages of the deputies' vote: the list of sessions, a session (the office runs it; deputies vote),
the secret ballot, and the public result.

Who sees a session: the office of its region (or above) always; the deputies of its region once it is
open; everyone once published. Others get 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from minsheng.core.roles import roles_of
from minsheng.core.views import refused_to
from minsheng.participation.models import BallotReceipt, Candidate, VoteState, VotingSession
from minsheng.participation.scoring import rules as scoring
from minsheng.participation.votes import workflow as voting


def _session(request, session_id: int) -> VotingSession:
    return get_object_or_404(voting.sessions_for(request.user).select_related("region"), pk=session_id)


def _office_session(request, session_id: int) -> VotingSession:
    session = _session(request, session_id)
    if not voting.is_office_for(request.user, session.region):
        raise Http404
    return session


def home(request):
    roles = roles_of(request.user)
    sessions = list(
        voting.sessions_for(request.user)
        .select_related("region")
        .annotate(
            n_candidates=Count("candidates", distinct=True), n_receipts=Count("receipts", distinct=True)
        )
        .order_by("-year", "region__path", "-pk")
    )
    voted = set()
    if roles.deputy_paths:
        voted = set(
            BallotReceipt.objects.filter(deputy=request.user, session__in=sessions).values_list(
                "session_id", flat=True
            )
        )
    for s in sessions:
        s.is_office = roles.is_admin or s.region.path.startswith(roles.office_paths)
        s.is_deputy = s.region.path in roles.deputy_paths
        s.voted = s.pk in voted
    return render(
        request,
        "participation/votes/home.html",
        {"sessions": sessions, "is_office": roles.is_office, "is_deputy": bool(roles.deputy_paths)},
    )


def session(request, session_id: int):
    s = _session(request, session_id)
    office = voting.is_office_for(request.user, s.region)
    deputy = voting.is_deputy_for(request.user, s)
    candidates = list(s.candidates.order_by("order"))
    show_votes = voting.can_see_votes(request.user, s)
    result = s.result or {}
    second = set(result.get("second_round", []))
    for c in candidates:
        c.second = c.pk in second
    context = {
        "session": s,
        "candidates": candidates,
        "office": office,
        "deputy": deputy,
        "voted": deputy and voting.has_voted(request.user, s),
        "receipts": s.receipts.count(),
        "show_votes": show_votes,
        "result": result if show_votes else {},
        "previous": s.previous,
        "following": s.next_rounds.first() if s.state in (VoteState.CLOSED, VoteState.PUBLISHED) else None,
        "can_second": office
        and s.state == VoteState.PUBLISHED
        and bool(result.get("seats_left") and result.get("second_round")),
        "last_round": voting.is_last_round(s) if s.state == VoteState.CLOSED else False,
    }
    return render(request, "participation/votes/session.html", context)


def _int_or_none(text: str) -> int | None | str:
    text = (text or "").strip()
    if not text:
        return None
    value = scoring.small_int(text)
    return "bad" if value is None else value


@login_required
@require_POST
def session_settings(request, session_id: int):
    s = _office_session(request, session_id)
    present = _int_or_none(request.POST.get("present", ""))
    seats = _int_or_none(request.POST.get("seats", "")) if s.state == VoteState.DRAFT else None
    if "bad" in (present, seats):
        messages.error(request, "人数和项目数应为不超过 32767 的正整数。")
        return redirect("votes:session", s.pk)
    try:
        if s.state == VoteState.DRAFT:
            voting.update_session(
                s, request.user, title=request.POST.get("title"), seats=seats, present=present
            )
        else:
            voting.update_session(s, request.user, present=present)
    except voting.VoteError as e:
        return refused_to(request, e, "votes:session", s.pk)
    messages.success(request, "会议设置已保存。")
    return redirect("votes:session", s.pk)


@login_required
@require_POST
def candidate(request, candidate_id: int):
    c = get_object_or_404(Candidate.objects.select_related("session__region"), pk=candidate_id)
    s = _office_session(request, c.session_id)
    try:
        if request.POST.get("remove"):
            voting.remove_candidate(c, request.user)
            messages.success(request, f"已移除候选项目“{c.title[:30]}”。")
        else:
            voting.update_candidate(
                c,
                request.user,
                title=request.POST.get("title", ""),
                content=request.POST.get("content", ""),
                category=request.POST.get("category", ""),
            )
            messages.success(request, f"已保存候选项目 {c.order} 号。")
    except voting.VoteError as e:
        return refused_to(request, e, "votes:session", s.pk)
    return redirect("votes:session", s.pk)


def _action(doing, done: str):
    @login_required
    @require_POST
    def view(request, session_id: int):
        s = _office_session(request, session_id)
        try:
            outcome = doing(s, request)
        except voting.VoteError as e:
            return refused_to(request, e, "votes:session", s.pk)
        messages.success(request, done)
        return redirect("votes:session", outcome.pk if isinstance(outcome, VotingSession) else s.pk)

    return view


open_vote = _action(lambda s, r: voting.open_session(s, r.user), "已开始投票。")
close_vote = _action(lambda s, r: voting.close_session(s, r.user), "投票已结束，计票完成。")
publish = _action(
    lambda s, r: voting.publish(s, r.user, final=bool(r.POST.get("final"))),
    "票决结果已公布。",
)
second_round = _action(lambda s, r: voting.start_second_round(s, r.user), "已发起第二轮票决。")


@login_required
def ballot(request, session_id: int):
    s = _session(request, session_id)
    if not voting.is_deputy_for(request.user, s):
        raise Http404
    candidates = list(s.candidates.order_by("order"))
    voted = voting.has_voted(request.user, s)
    context = {"session": s, "candidates": candidates, "voted": voted, "chosen": set()}
    if request.method == "POST":
        chosen = request.POST.getlist("choice")
        try:
            voting.cast_ballot(s, request.user, chosen)
        except voting.VoteError as e:
            context.update(error=e.message, voted=voted or e.status == 409, chosen={str(c) for c in chosen})
            return render(request, "participation/votes/ballot.html", context, status=e.status)
        messages.success(request, "您已完成投票。")
        return redirect("votes:ballot", s.pk)
    if s.state != VoteState.OPEN and not voted:
        context["error"] = f"本次票决{s.get_state_display()}，不在投票时间。"
    return render(request, "participation/votes/ballot.html", context)


def result(request, session_id: int):
    s = _session(request, session_id)
    office = voting.is_office_for(request.user, s.region)
    if not (s.state == VoteState.PUBLISHED or (office and s.state == VoteState.CLOSED)):
        raise Http404
    chain, elected = voting.shown_rounds(s, office)
    draft_plan = next((r.draft_plan_id for r in chain if r.draft_plan_id), None)
    context = {"session": s, "rounds": chain, "elected": elected, "office": office, "draft_plan": draft_plan}
    return render(request, "participation/votes/result.html", context)
