"""The scoring and the candidate list as services: the shortlisted proposals of a region and year ranked
by their scores (scoring.py holds the rules), an office user's marks, and the draft voting session
made from the best of them."""

from django.db import transaction

from minsheng.core.audit import log_action
from minsheng.participation.models import Candidate, Proposal, ProposalScore, ProposalState, VotingSession
from minsheng.participation.scoring import rules as scoring


def shortlisted(region, year: int):
    return Proposal.objects.filter(region=region, year=year, state=ProposalState.SHORTLISTED)


def ranked(region, year: int, weights: dict[str, int]) -> list[tuple[scoring.Scored, Proposal]]:
    """The shortlisted proposals with their rank, mean total and per-criterion means (two queries)."""
    proposals = {p.pk: p for p in shortlisted(region, year)}
    items = {pk: scoring.Scored(key=pk, created_at=p.created_at) for pk, p in proposals.items()}
    for pid, marks, total in ProposalScore.objects.filter(proposal__in=proposals).values_list(
        "proposal_id", "marks", "total"
    ):
        items[pid].sheets.append((marks, total))
    return [(item, proposals[item.key]) for item in scoring.rank(list(items.values()), weights)]


def save_score(proposal: Proposal, user, raw: dict, note: str = "") -> ProposalScore:
    if proposal.state != ProposalState.SHORTLISTED:
        raise scoring.ScoringError("该建议不在入围评分阶段，不能评分。")
    weights = scoring.criteria()
    marks = scoring.parse_marks(raw, weights)
    total = scoring.weighted_total(marks, weights)
    score, created = ProposalScore.objects.update_or_create(
        proposal=proposal, scorer=user, defaults={"marks": marks, "total": total, "note": note[:200]}
    )
    log_action(
        proposal, "score", user, {"加权总分": [None, total], **{k: [None, v] for k, v in marks.items()}}
    )
    return score


@transaction.atomic
def make_candidate_list(region, year: int, seats: int, count: int, title: str, user) -> VotingSession:
    """A draft session with the top `count` shortlisted proposals as candidates (order = rank); those
    proposals become candidates, the other shortlisted ones not selected."""
    title = title.strip()
    if not title:
        raise scoring.ScoringError("请填写会议名称（如：济宁市第十八届人民代表大会第四次会议）。")
    # lock the shortlisted proposals: a second click waits here, then finds none left to list
    locked = list(shortlisted(region, year).select_for_update().values_list("pk", flat=True))
    if not locked and VotingSession.objects.filter(region=region, year=year).exists():
        raise scoring.ScoringError("本年度的候选名单已经生成，请勿重复提交；如需调整，请在票决会议中修改。")
    rows = ranked(region, year, scoring.criteria())
    scoring.check_list_size(seats, count, len(rows))
    session = VotingSession.objects.create(
        region=region, year=year, title=title[:120], seats=seats, created_by=user
    )
    for position, (_, proposal) in enumerate(rows[:count], start=1):
        Candidate.objects.create(
            session=session,
            proposal=proposal,
            order=position,
            title=proposal.title,
            content=proposal.content,
            category=proposal.category,
        )
    chosen = [p.pk for _, p in rows[:count]]
    for _, proposal in rows:
        state = ProposalState.CANDIDATE if proposal.pk in chosen else ProposalState.NOT_SELECTED
        Proposal.objects.filter(pk=proposal.pk).update(state=state)
        log_action(proposal, "state", user, {"状态": [str(proposal.get_state_display()), str(state.label)]})
    log_action(session, "create", user, {"应选项目数": [None, seats], "候选项目数": [None, count]})
    return session
