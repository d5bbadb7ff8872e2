"""Publishing the last round makes the elected candidates (all rounds, in rank order) the draft plan of
the session's year, once; the proposals learn their fate (elected / not elected)."""

import pytest
from django.urls import reverse

from minsheng.core.models import AuditEvent
from minsheng.participation.models import Candidate, Proposal, VotingSession
from minsheng.participation.votes import workflow as voting
from minsheng.plans.models import Plan
from tests.vote_support import city, deputies, proposal, session

TITLE = "2025年重点民生实事项目（票决结果）"


def cids(s, *orders):
    return list(Candidate.objects.filter(session=s, order__in=orders).values_list("pk", flat=True))


def vote(s, reps, marks):
    for rep, orders in zip(reps, marks, strict=True):
        voting.cast_ballot(s, rep, cids(s, *orders))


@pytest.mark.django_db
def test_publishing_the_only_round_makes_the_draft_plan_once(users):
    s = session(seats=2, candidates=3, state="open", categories=["养老服务", "教育", "养老服务"])
    reps = deputies(3)
    vote(s, reps, [(3, 1), (3, 1), (3, 2)])  # 3→3, 1→2, 2→1
    voting.close_session(s, users["office"])
    before = Plan.objects.count()
    voting.publish(s, users["office"])
    s.refresh_from_db()
    plan = s.draft_plan
    assert Plan.objects.count() == before + 1
    assert (plan.title, plan.year, plan.region, plan.state) == (TITLE, 2025, city(), "draft")
    assert plan.approved_by == "济宁市第十八届人民代表大会第四次会议"
    projects = list(plan.projects.order_by("order").select_related("category"))
    assert [(p.seq, p.name, p.category.name) for p in projects] == [
        ("1", "候选项目3", "养老服务"),
        ("2", "候选项目1", "养老服务"),
    ]
    assert projects[0].content == "候选项目3的具体内容。"
    assert [c.name for c in plan.categories.order_by("order")] == ["养老服务"]
    assert not any(
        p.units.exists() or p.indicators.exists() for p in projects
    )  # units come when the office edits
    states = dict(Proposal.objects.filter(candidacies__session=s).values_list("title", "state"))
    assert states == {"候选项目1": "elected", "候选项目2": "not_elected", "候选项目3": "elected"}
    event = AuditEvent.objects.get(model="plans.plan", object_id=str(plan.pk))
    assert event.via == "vote" and event.actor == users["office"]

    voting.publish(s, users["office"])  # again: nothing new
    voting.make_draft_plan(s, users["office"])
    assert Plan.objects.count() == before + 1
    assert AuditEvent.objects.filter(action="publish", object_id=str(s.pk)).count() == 1


@pytest.mark.django_db
def test_two_rounds_make_one_plan_with_the_elected_of_both(users):
    first = session(seats=2, candidates=4, state="open")
    reps = deputies(3)
    vote(first, reps, [(1, 2), (1, 3), (1, 4)])  # 1 elected; 2/3/4 tie with 1 vote: one seat left
    voting.close_session(first, users["office"])
    first.refresh_from_db()
    assert first.result["seats_left"] == 1 and first.result["second_round"] == cids(first, 2, 3, 4)
    voting.publish(first, users["office"])
    first.refresh_from_db()
    assert first.draft_plan is None  # not the last round: a second round is due

    second = voting.start_second_round(first, users["office"])
    assert voting.start_second_round(first, users["office"]) == second  # idempotent
    assert (second.round, second.previous, second.seats, second.state) == (2, first, 1, "draft")
    assert [c.title for c in second.candidates.order_by("order")] == ["候选项目2", "候选项目3", "候选项目4"]
    voting.open_session(second, users["office"])
    vote(second, reps, [(1,), (3,), (3,)])  # 候选项目4 (order 3 now) elected with 2 of 3
    voting.close_session(second, users["office"])
    voting.publish(second, users["office"])

    second.refresh_from_db()
    first.refresh_from_db()
    assert second.draft_plan == first.draft_plan is not None
    assert [p.name for p in second.draft_plan.projects.order_by("order")] == ["候选项目1", "候选项目4"]
    states = dict(Proposal.objects.filter(candidacies__session=first).values_list("title", "state"))
    assert states == {
        "候选项目1": "elected",
        "候选项目2": "not_elected",
        "候选项目3": "not_elected",
        "候选项目4": "elected",
    }
    assert Plan.objects.filter(title=TITLE).count() == 1


@pytest.mark.django_db
def test_the_office_may_stop_with_seats_left(users):
    s = session(seats=2, candidates=3, state="open")
    reps = deputies(2)
    vote(s, reps, [(1,), (1, 2)])  # 1→2 elected; 2→1 is half: not elected
    voting.close_session(s, users["office"])
    voting.publish(s, users["office"], final=True)
    s.refresh_from_db()
    assert [p.name for p in s.draft_plan.projects.all()] == ["候选项目1"]
    with pytest.raises(voting.VoteError, match="已生成计划草案"):
        voting.start_second_round(s, users["office"])


@pytest.mark.django_db
def test_citizen_to_draft_plan_through_the_pages(client_for, users):
    """A proposal shortlisted; the office scores and lists candidates; three deputies vote; the result
    is published and becomes the draft plan."""
    made = [proposal(city(), f"民生建议{i}", category="养老服务" if i < 2 else "交通出行") for i in range(4)]
    office = client_for("office")
    for i, p in enumerate(made):
        marks = {k: str(90 - 10 * i) for k in ("群众需求", "必要性", "可行性", "财力可承受", "可量化")}
        assert office.post(reverse("scoring:score", args=[p.pk]), marks).status_code == 302
    response = office.post(
        reverse("scoring:candidates"),
        {"region": city().pk, "year": 2025, "seats": "2", "count": "", "title": "济宁市人大会议"},
    )
    s = VotingSession.objects.get(title="济宁市人大会议")
    assert response.url == reverse("votes:session", args=[s.pk])
    assert s.candidates.count() == 3  # 2 seats + 1
    office.post(reverse("votes:open", args=[s.pk]))
    reps = [users["deputy"], *deputies(2)]
    choices = [(1, 2), (1, 3), (2,)]
    for rep, orders in zip(reps, choices, strict=True):
        c = client_for(None)
        c.force_login(rep)
        assert c.post(reverse("votes:ballot", args=[s.pk]), {"choice": cids(s, *orders)}).status_code == 302
    office.post(reverse("votes:close", args=[s.pk]))
    office.post(reverse("votes:publish", args=[s.pk]))
    s.refresh_from_db()
    assert s.state == "published"
    plan = s.draft_plan
    assert [p.name for p in plan.projects.order_by("order")] == ["民生建议0", "民生建议1"]
    page = office.get(reverse("votes:session", args=[s.pk])).content.decode()
    assert reverse("plans:detail", args=[plan.pk]) in page
    assert office.get(reverse("plans:detail", args=[plan.pk])).status_code == 200
    assert client_for(None).get(reverse("plans:detail", args=[plan.pk])).status_code == 404  # a draft
    result = client_for(None).get(reverse("votes:result", args=[s.pk])).content.decode()
    assert "民生建议0" in result and "当选项目（2 项）" in result
    states = dict(Proposal.objects.values_list("title", "state"))
    assert [states[f"民生建议{i}"] for i in range(4)] == ["elected", "elected", "not_elected", "not_selected"]


def state_events(p):
    return [
        e.changes["状态"]
        for e in AuditEvent.objects.filter(
            model="participation.proposal", object_id=str(p.pk), action="state"
        ).order_by("pk")
    ]


@pytest.mark.django_db
def test_every_change_of_a_proposal_and_the_draft_plan_is_audited(client_for, users):
    made = [proposal(city(), f"审计建议{i}") for i in range(5)]
    office = client_for("office")
    for i, p in enumerate(made):
        marks = {k: str(90 - 10 * i) for k in ("群众需求", "必要性", "可行性", "财力可承受", "可量化")}
        office.post(reverse("scoring:score", args=[p.pk]), marks)
    office.post(
        reverse("scoring:candidates"),
        {"region": city().pk, "year": 2025, "seats": "2", "count": "4", "title": "审计会议"},
    )
    s = VotingSession.objects.get(title="审计会议")
    assert state_events(made[0]) == [["入围评分", "列入候选"]]
    assert state_events(made[4]) == [["入围评分", "未列入候选"]]
    voting.remove_candidate(Candidate.objects.get(session=s, proposal=made[3]), users["office"])
    assert state_events(made[3]) == [["入围评分", "列入候选"], ["列入候选", "未列入候选"]]

    voting.open_session(s, users["office"])
    vote(s, deputies(3), [(1, 2), (1, 2), (1, 3)])
    voting.close_session(s, users["office"])
    voting.publish(s, users["office"])
    assert state_events(made[0])[-1] == ["列入候选", "票决通过"]
    assert state_events(made[1])[-1] == ["列入候选", "票决通过"]
    assert state_events(made[2])[-1] == ["列入候选", "未当选"]
    s.refresh_from_db()
    event = AuditEvent.objects.get(
        model="participation.votingsession", object_id=str(s.pk), action="draft_plan"
    )
    assert event.changes == {"计划草案": [None, s.draft_plan.title]} and event.actor == users["office"]


@pytest.mark.django_db
def test_a_second_round_waits_for_the_first_to_be_published(users):
    first = session(seats=2, candidates=4, state="open")
    vote(first, deputies(3), [(1, 2), (1, 3), (1, 4)])  # one seat left
    voting.close_session(first, users["office"])
    with pytest.raises(voting.VoteError, match="请先公布第1轮票决结果，再发起第二轮。"):
        voting.start_second_round(first, users["office"])
    assert not VotingSession.objects.filter(previous=first).exists()


@pytest.mark.django_db
def test_a_round_is_not_published_before_the_one_before_it(users):
    first = session(seats=1, candidates=2, state="closed")
    first.result = {"elected": [], "second_round": [], "seats_left": 1}
    first.save()
    later = session(seats=1, candidates=2, state="closed")
    later.previous, later.round = first, 2
    later.result = {"elected": [], "second_round": [], "seats_left": 1}
    later.save()
    with pytest.raises(voting.VoteError, match="第1轮票决结果尚未公布，请先公布上一轮。"):
        voting.publish(later, users["office"])
    later.refresh_from_db()
    assert later.state == "closed" and later.draft_plan is None
