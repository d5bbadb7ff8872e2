"""API for the deputies' vote: sessions, the secret ballot and results, scoped like the pages (the
office of the region and above: all its sessions; the region's deputies: open ones and after; the
public: published ones). Votes are shown once counted to the office, and to everyone once published."""

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from minsheng.api.bounds import BodyId, Id
from minsheng.participation.models import Candidate, VoteState, VotingSession
from minsheng.participation.votes import workflow as voting

router = Router(tags=["公众参与"])


class CandidateOut(Schema):
    id: int
    order: int
    title: str
    content: str
    category: str
    votes: int | None = None
    elected: bool | None = None


class SessionItem(Schema):
    id: int
    region: str
    year: int
    title: str
    round: int
    seats: int
    state: str
    previous_id: int | None


class SessionOut(SessionItem):
    present: int | None
    voted: int
    has_voted: bool | None
    candidates: list[CandidateOut]


class RoundOut(Schema):
    session_id: int
    round: int
    seats: int
    state: str
    present: int
    ballots: int
    seats_left: int
    second_round: list[int]
    lines: list[str]
    candidates: list[CandidateOut]


class ResultOut(Schema):
    session_id: int
    title: str
    region: str
    year: int
    elected: list[CandidateOut]
    rounds: list[RoundOut]
    draft_plan_id: int | None


class BallotIn(Schema):
    choices: list[BodyId] = []


class Message(Schema):
    detail: str


def _item(s: VotingSession) -> dict:
    return {
        "id": s.pk,
        "region": s.region.name,
        "year": s.year,
        "title": s.title,
        "round": s.round,
        "seats": s.seats,
        "state": s.state,
        "previous_id": s.previous_id,
    }


def _candidate(c: Candidate, votes: bool) -> dict:
    return {
        "id": c.pk,
        "order": c.order,
        "title": c.title,
        "content": c.content,
        "category": c.category,
        "votes": c.votes if votes else None,
        "elected": c.elected if votes else None,
    }


def _session(request, session_id: Id) -> VotingSession:
    return get_object_or_404(voting.sessions_for(request.auth).select_related("region"), pk=session_id)


@router.get("/sessions", response=list[SessionItem], summary="票决会议列表")
def list_sessions(request):
    sessions = (
        voting.sessions_for(request.auth).select_related("region").order_by("-year", "region__path", "pk")
    )
    return [_item(s) for s in sessions]


@router.get("/sessions/{session_id}", response={200: SessionOut, 404: Message}, summary="票决会议与候选项目")
def get_session(request, session_id: Id):
    s = _session(request, session_id)
    votes = voting.can_see_votes(request.auth, s)
    deputy = voting.is_deputy_for(request.auth, s)
    return {
        **_item(s),
        "present": s.present,
        "voted": s.receipts.count(),
        "has_voted": voting.has_voted(request.auth, s) if deputy else None,
        "candidates": [_candidate(c, votes) for c in s.candidates.order_by("order")],
    }


@router.post(
    "/sessions/{session_id}/ballot",
    response={201: Message, 403: Message, 404: Message, 409: Message, 422: Message},
    summary="投票（人大代表，无记名，每人一次）",
)
def cast(request, session_id: Id, payload: BallotIn):
    """`{"choices": [候选项目 id]}`, at most as many as the seats; an empty list abstains from all. 409 when
    the deputy has voted; 422 when the session is not open or the choices are invalid; 403 for anyone
    who is not a deputy of the session's region."""
    s = _session(request, session_id)  # the same scoping as GET: a session one cannot see is 404
    voting.cast_ballot(s, request.auth, payload.choices, via="api")  # a VoteError answers its status
    return Status(201, {"detail": "您已完成投票。"})


@router.get(
    "/sessions/{session_id}/result",
    response={200: ResultOut, 404: Message, 422: Message},
    summary="票决结果（公布后公开；督查室计票后可见）",
)
def result(request, session_id: Id):
    s = _session(request, session_id)
    office = voting.is_office_for(request.auth, s.region)
    if s.state != VoteState.PUBLISHED and not office:
        return Status(404, {"detail": "未找到该对象，或无权查看。"})
    if s.state not in (VoteState.CLOSED, VoteState.PUBLISHED):
        return Status(422, {"detail": "尚未计票。"})
    chain, elected = voting.shown_rounds(s, office)
    return {
        "session_id": s.pk,
        "title": s.title,
        "region": s.region.name,
        "year": s.year,
        "elected": [_candidate(c, True) for c in elected],
        "rounds": [
            {
                "session_id": r.pk,
                "round": r.round,
                "seats": r.seats,
                "state": r.state,
                "present": r.result.get("present", 0),
                "ballots": r.result.get("ballots", 0),
                "seats_left": r.result.get("seats_left", 0),
                "second_round": r.result.get("second_round", []),
                "lines": r.result.get("lines", []),
                "candidates": [_candidate(c, True) for c in sorted(r.rows, key=lambda c: c.order)],
            }
            for r in chain
        ],
        "draft_plan_id": next((r.draft_plan_id for r in chain if r.draft_plan_id), None) if office else None,
    }
