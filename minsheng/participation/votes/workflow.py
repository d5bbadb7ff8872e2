"""The deputies' vote (票决) as services: who may do what, the scores and the candidate list, opening,
casting a secret ballot, closing with the tally, a second round, publishing and the draft plan.

A ballot is cast in ONE transaction: the deputy's receipt first (its unique constraint refuses a second
ballot, so nothing else is written), then one added to the count of each candidate marked — no ballot
is stored. The audit trail records the receipt with no changes, never the choices."""

from django.db import IntegrityError, transaction
from django.db.models import F, Q

from minsheng.core.audit import log_action
from minsheng.core.clock import now
from minsheng.core.errors import DomainError
from minsheng.core.retry import when_locked
from minsheng.core.roles import roles_of, under
from minsheng.participation.models import (
    BallotReceipt,
    Candidate,
    Proposal,
    ProposalState,
    VoteState,
    VotingSession,
)
from minsheng.participation.votes.tally import Entry, TallyError, tally
from minsheng.plans.commit import commit_draft
from minsheng.plans.models import Plan

ALREADY_VOTED = "您已投票，每位代表只能投一次。"


class VoteError(DomainError):
    default_message = "票决操作未能完成。"


# ---- who -------------------------------------------------------------------------------------------


def is_office_for(user, region) -> bool:
    roles = roles_of(user)
    return roles.is_admin or region.path.startswith(roles.office_paths)


def is_deputy_for(user, session: VotingSession) -> bool:
    """A deputy votes in the congress of their own region (exactly, not of a region above or below)."""
    return session.region.path in roles_of(user).deputy_paths


def sessions_for(user):
    """Offices: every session of their regions and below; deputies: their region's sessions once open;
    everyone: published sessions."""
    roles = roles_of(user)
    if roles.is_admin:
        return VotingSession.objects.all()
    seen = [VoteState.OPEN, VoteState.CLOSED, VoteState.PUBLISHED]
    q = Q(state=VoteState.PUBLISHED) | under(roles.office_paths)
    q |= Q(region__path__in=roles.deputy_paths, state__in=seen)
    return VotingSession.objects.filter(q)


def can_see_votes(user, session: VotingSession) -> bool:
    if session.state == VoteState.PUBLISHED:
        return True
    return session.state == VoteState.CLOSED and is_office_for(user, session.region)


# ---- the session's life --------------------------------------------------------------------------------


def _locked(session: VotingSession) -> VotingSession:
    return VotingSession.objects.select_for_update().select_related("region").get(pk=session.pk)


def _require(session: VotingSession, *states: str, doing: str):
    if session.state not in states:
        raise VoteError(f"票决处于“{session.get_state_display()}”状态，不能{doing}。")


KEEP = object()


def update_session(session: VotingSession, user, *, title=None, seats=None, present=KEEP) -> VotingSession:
    """Title and seats while draft; the deputies present while draft or open (None: count the ballots)."""
    with transaction.atomic():
        session = _locked(session)
        changes = {}
        if title is not None or seats is not None:
            _require(session, VoteState.DRAFT, doing="修改会议名称或应选项目数")
        if title is not None and title.strip() and title.strip() != session.title:
            changes["会议名称"] = [session.title, title.strip()[:120]]
            session.title = title.strip()[:120]
        if seats is not None and seats != session.seats:
            count = session.candidates.count()
            if seats < 1 or seats >= count:
                raise VoteError(f"应选项目数须至少为 1 且少于候选项目数（{count}）。")
            changes["应选项目数"] = [session.seats, seats]
            session.seats = seats
        if present is not KEEP and present != session.present:
            _require(session, VoteState.DRAFT, VoteState.OPEN, doing="修改实到代表人数")
            receipts = session.receipts.count()
            if present is not None and present < receipts:
                raise VoteError(f"实到代表人数（{present}）不能少于已投票人数（{receipts}）。")
            changes["实到代表人数"] = [session.present, present]
            session.present = present
        if changes:
            session.save()
            log_action(session, "update", user, changes)
    return session


def update_candidate(candidate: Candidate, user, *, title: str, content: str, category: str) -> Candidate:
    with transaction.atomic():
        _require(_locked(candidate.session), VoteState.DRAFT, doing="修改候选项目")
        title = title.strip()
        if not title:
            raise VoteError("候选项目名称不能为空。")
        changes = {
            label: [getattr(candidate, name), value]
            for name, label, value in [
                ("title", "候选项目", title[:100]),
                ("content", "主要内容", content.strip()),
                ("category", "类别", category.strip()[:20]),
            ]
            if getattr(candidate, name) != value
        }
        candidate.title, candidate.content = title[:100], content.strip()
        candidate.category = category.strip()[:20]
        if changes:
            candidate.save()
            log_action(candidate, "update", user, changes)
    return candidate


def remove_candidate(candidate: Candidate, user) -> None:
    with transaction.atomic():
        session = _locked(candidate.session)
        _require(session, VoteState.DRAFT, doing="移除候选项目")
        if session.candidates.count() - 1 <= session.seats:
            raise VoteError(f"候选项目须多于应选项目数（{session.seats}），不能再移除。")
        log_action(candidate, "delete", user, {"候选项目": [candidate.title, None]})
        if candidate.proposal_id:
            set_states(Proposal.objects.filter(pk=candidate.proposal_id), ProposalState.NOT_SELECTED, user)
        candidate.delete()


@when_locked
def open_session(session: VotingSession, user) -> VotingSession:
    with transaction.atomic():
        session = _locked(session)
        _require(session, VoteState.DRAFT, doing="开始投票")
        count = session.candidates.count()
        if count <= session.seats:
            raise VoteError(f"候选项目（{count} 项）须多于应选项目数（{session.seats}），实行差额票决。")
        session.state, session.opened_at = VoteState.OPEN, now()
        session.save(update_fields=["state", "opened_at"])
        log_action(session, "open", user, {"状态": [str(VoteState.DRAFT.label), str(VoteState.OPEN.label)]})
    return session


@when_locked  # the membership read too: on SQLite's shared cache (the tests) any read may meet a lock
def cast_ballot(session: VotingSession, deputy, choices, via: str = "web") -> None:
    """One secret ballot for `deputy`: VoteError 403 (not a deputy of the region), 422 (not open, too
    many or unknown choices), 409 (already voted — the receipt's unique constraint decides)."""
    if not is_deputy_for(deputy, session):
        raise VoteError("只有本级人大代表可以在本次会议投票。", status=403)
    try:
        ids = {int(c) for c in choices}
    except (TypeError, ValueError):
        raise VoteError("选票内容无效。") from None
    try:
        _cast(session.pk, deputy, ids, via)
    except IntegrityError:
        raise VoteError(ALREADY_VOTED, status=409) from None


@transaction.atomic  # one transaction, safe to rerun
def _cast(session_id: int, deputy, ids: set[int], via: str) -> None:
    session = _locked(VotingSession(pk=session_id))
    _require(session, VoteState.OPEN, doing="投票")
    known = set(session.candidates.values_list("pk", flat=True))
    if ids - known:
        raise VoteError("选票含有不在候选名单中的项目。")
    if len(ids) > session.seats:
        raise VoteError(f"最多赞成 {session.seats} 项，您选择了 {len(ids)} 项，请减少后再提交。")
    receipt = BallotReceipt.objects.create(session=session, deputy=deputy)  # unique: the second one fails
    if ids:
        Candidate.objects.filter(session=session, pk__in=ids).update(votes=F("votes") + 1)
    log_action(receipt, "vote", deputy, {}, via=via)


def has_voted(user, session: VotingSession) -> bool:
    return BallotReceipt.objects.filter(session=session, deputy=user).exists()


def count(session: VotingSession):
    """The tally of a session from its candidates' counts and its receipts (inside the caller's
    transaction, the session row locked: no ballot is cast meanwhile)."""
    rows = list(session.candidates.order_by("order"))
    candidates = [Entry(c.pk, c.order, c.title) for c in rows]
    ballots = session.receipts.count()
    if ballots == 0:
        raise VoteError("尚无代表投票，不能结束计票。")
    return tally(session.seats, session.present, candidates, {c.pk: c.votes for c in rows}, ballots)


@when_locked
def close_session(session: VotingSession, user) -> VotingSession:
    with transaction.atomic():
        session = _locked(session)
        _require(session, VoteState.OPEN, doing="结束计票")
        try:
            result = count(session)
        except TallyError as e:
            raise VoteError(str(e)) from None
        candidates = list(session.candidates.all())
        for c in candidates:
            c.elected = c.pk in result.elected
        Candidate.objects.bulk_update(candidates, ["elected"])
        session.state, session.closed_at, session.result = VoteState.CLOSED, now(), result.as_json()
        session.save(update_fields=["state", "closed_at", "result"])
        log_action(
            session,
            "close",
            user,
            {
                "状态": [str(VoteState.OPEN.label), str(VoteState.CLOSED.label)],
                "投票人数": [None, result.ballots],
                "当选": [None, len(result.elected)],
            },
        )
    return session


@when_locked
def start_second_round(session: VotingSession, user) -> VotingSession:
    """A new session for the seats left among the second-round candidates (idempotent)."""
    with transaction.atomic():
        session = _locked(session)
        if session.state == VoteState.CLOSED:
            raise VoteError(f"请先公布第{session.round}轮票决结果，再发起第二轮。")
        _require(session, VoteState.PUBLISHED, doing="发起第二轮")
        existing = session.next_rounds.first()
        if existing:
            return existing
        left, ids = session.result.get("seats_left", 0), session.result.get("second_round", [])
        if not left or not ids:
            raise VoteError("本轮已无剩余名额或没有可进入第二轮的候选项目。")
        if session.draft_plan_id:
            raise VoteError("票决结果已生成计划草案，不能再发起下一轮。")
        following = VotingSession.objects.create(
            region=session.region,
            year=session.year,
            title=session.title,
            seats=left,
            round=session.round + 1,
            previous=session,
            created_by=user,
        )
        source = {c.pk: c for c in session.candidates.all()}
        for position, cid in enumerate(ids, start=1):
            c = source[cid]
            Candidate.objects.create(
                session=following,
                proposal_id=c.proposal_id,
                order=position,
                title=c.title,
                content=c.content,
                category=c.category,
            )
        log_action(following, "create", user, {"轮次": [None, following.round], "应选项目数": [None, left]})
    return following


def rounds(session: VotingSession) -> list[VotingSession]:
    """All rounds of the vote `session` belongs to, first to last."""
    first = session
    while first.previous_id:
        first = VotingSession.objects.select_related("region").get(pk=first.previous_id)
    chain = [first]
    while (following := chain[-1].next_rounds.select_related("region").order_by("pk").first()) is not None:
        chain.append(following)
    return chain


def elected_of(chain: list[VotingSession]) -> list[Candidate]:
    """The elected candidates of all rounds, in rank order (round by round)."""
    elected = []
    for s in chain:
        by_id = {c.pk: c for c in s.candidates.all()}
        elected += [by_id[i] for i in s.result.get("elected", []) if i in by_id]
    return elected


def shown_rounds(session: VotingSession, office: bool):
    """The rounds of a vote one may read (published ones; counted ones too for the office), with their
    candidates (`rows`, by votes) and the elected of all of them in rank order (two queries a round)."""
    chain = [
        r
        for r in rounds(session)
        if r.state == VoteState.PUBLISHED or (office and r.state == VoteState.CLOSED)
    ]
    found: dict[int, dict[int, Candidate]] = {r.pk: {} for r in chain}
    for c in Candidate.objects.filter(session__in=chain).order_by("session_id", "order"):
        found[c.session_id][c.pk] = c
    elected = []
    for r in chain:
        second = set(r.result.get("second_round", []))
        r.rows = sorted(found[r.pk].values(), key=lambda c: (-(c.votes or 0), c.order))
        for c in r.rows:
            c.second = c.pk in second
        elected += [found[r.pk][i] for i in r.result.get("elected", []) if i in found[r.pk]]
    return chain, elected


def is_last_round(session: VotingSession) -> bool:
    result = session.result or {}
    return not session.next_rounds.exists() and not (result.get("seats_left") and result.get("second_round"))


@when_locked
def publish(session: VotingSession, user, *, final: bool = False) -> VotingSession:
    """Publish a closed round. On the last round (or `final`, to stop with seats left) the elected of
    all rounds become the draft plan of the year; publishing again changes nothing."""
    with transaction.atomic():
        session = _locked(session)
        _require(session, VoteState.CLOSED, VoteState.PUBLISHED, doing="公布结果")
        previous = session.previous
        if previous is not None and previous.state != VoteState.PUBLISHED:
            raise VoteError(f"第{previous.round}轮票决结果尚未公布，请先公布上一轮。")
        if session.state == VoteState.CLOSED:
            session.state, session.published_at = VoteState.PUBLISHED, now()
            session.save(update_fields=["state", "published_at"])
            log_action(
                session,
                "publish",
                user,
                {"状态": [str(VoteState.CLOSED.label), str(VoteState.PUBLISHED.label)]},
            )
        if (final and not session.next_rounds.exists()) or is_last_round(session):
            make_draft_plan(session, user)
    return session


def make_draft_plan(session: VotingSession, user) -> Plan:
    chain = [s for s in rounds(session) if s.round <= session.round]
    existing = next((s.draft_plan for s in chain if s.draft_plan_id), None)
    if existing is not None:
        return existing
    elected = elected_of(chain)
    categories = list(dict.fromkeys(c.category for c in elected if c.category))
    draft = {
        "plan": {
            "title": f"{session.year}年重点民生实事项目（票决结果）",
            "year": session.year,
            "region": session.region.name,
            "approved_by": chain[0].title[:100],
        },
        "categories": categories,
        "projects": [
            {
                "seq": str(i),
                "category": c.category or None,
                "name": c.title,
                "content": c.content,
                "lead_units": [],
                "co_units": [],
                "targets": [],
            }
            for i, c in enumerate(elected, start=1)
        ],
    }
    plan = commit_draft(draft, session.region, user=user, via="vote")
    for s in chain:
        s.draft_plan = plan
        s.save(update_fields=["draft_plan"])
        log_action(s, "draft_plan", user, {"计划草案": [None, plan.title]})
    session.draft_plan = plan
    chosen = {c.proposal_id for c in elected if c.proposal_id}
    proposals = Candidate.objects.filter(session__in=chain, proposal__isnull=False).values_list(
        "proposal_id", flat=True
    )
    set_states(Proposal.objects.filter(pk__in=chosen), ProposalState.ELECTED, user)
    set_states(Proposal.objects.filter(pk__in=set(proposals) - chosen), ProposalState.NOT_ELECTED, user)
    return plan


def set_states(proposals, state: ProposalState, user) -> None:
    """Move `proposals` to `state`, each change audited (call inside the caller's transaction)."""
    for proposal in proposals.select_for_update():
        if proposal.state == state:
            continue
        old = proposal.get_state_display()
        proposal.state = state
        proposal.save(update_fields=["state"])
        log_action(proposal, "state", user, {"状态": [str(old), str(state.label)]})
