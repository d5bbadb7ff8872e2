"""The vote's pages: the office runs a session (edit while draft, open, close with the tally, publish),
deputies of the region vote once on a secret ballot, everyone reads the published result."""

import pytest
from django.urls import reverse

from minsheng.core.models import AuditEvent, Region
from minsheng.participation.models import BallotReceipt, Candidate, VotingSession
from tests.vote_support import deputies, session


def url(name, s):
    return reverse(f"votes:{name}", args=[s.pk])


def post(client, name, s, data=None):
    return client.post(url(name, s), data or {})


def ids(s, *orders):
    return [str(c.pk) for c in Candidate.objects.filter(session=s, order__in=orders)]


@pytest.mark.django_db
def test_who_sees_a_session_in_each_state(client_for):
    s = session(seats=2, candidates=3)
    other = session(Region.objects.get(name="微山县"), title="微山县人大会议")
    office, deputy, public = client_for("office"), client_for("deputy"), client_for(None)
    assert office.get(url("session", s)).status_code == 200
    assert client_for("weishan").get(url("session", s)).status_code == 404  # below: not the city's vote
    assert office.get(url("session", other)).status_code == 200  # the city office sees the county's
    for state in ("draft", "open", "closed", "published"):
        VotingSession.objects.filter(pk=s.pk).update(state=state)
        seen = state != "draft"
        assert (deputy.get(url("session", s)).status_code == 200) is seen, state
        assert (public.get(url("session", s)).status_code == 200) is (state == "published"), state
        assert (client_for("outsider").get(url("session", s)).status_code == 200) is (state == "published")
        assert (public.get(url("result", s)).status_code == 200) is (state == "published"), state
    VotingSession.objects.filter(pk=other.pk).update(state="open")
    assert deputy.get(url("session", other)).status_code == 404  # a city deputy: not the county's vote
    assert deputy.get(url("ballot", other)).status_code == 404


@pytest.mark.django_db
def test_office_edits_the_draft_then_opens(client_for):
    s = session(seats=2, candidates=4)
    office = client_for("office")
    first, last = Candidate.objects.filter(session=s).order_by("order")[::3]
    office.post(
        reverse("votes:candidate", args=[first.pk]),
        {"title": "新建社区老年食堂", "content": "新建10处", "category": "养老"},
    )
    first.refresh_from_db()
    assert (first.title, first.content, first.category) == ("新建社区老年食堂", "新建10处", "养老")
    assert AuditEvent.objects.filter(action="update", model="participation.candidate").exists()
    office.post(reverse("votes:candidate", args=[last.pk]), {"remove": "1"})
    assert Candidate.objects.filter(session=s).count() == 3
    last.proposal.refresh_from_db()
    assert last.proposal.state == "not_selected"
    response = office.post(
        reverse("votes:candidate", args=[first.pk]), {"remove": "1"}, follow=True
    )  # 2 left for 2 seats: refused
    assert "候选项目须多于应选项目数（2），不能再移除。" in response.content.decode()
    assert Candidate.objects.filter(session=s).count() == 3
    data = {"title": "新的会议名称", "seats": "3", "present": ""}
    response = office.post(url("settings", s), data, follow=True)
    assert "应选项目数须至少为 1 且少于候选项目数（3）。" in response.content.decode()
    s.refresh_from_db()
    assert s.seats == 2 and s.title != "新的会议名称"  # refused as a whole
    post(office, "settings", s, {"title": "新的会议名称", "seats": "2", "present": "5"})
    s.refresh_from_db()
    assert (s.title, s.seats, s.present) == ("新的会议名称", 2, 5)

    assert (
        client_for("deputy").post(reverse("votes:candidate", args=[first.pk]), {"remove": "1"}).status_code
        == 404
    )
    assert post(client_for("deputy"), "open", s).status_code == 404
    assert post(office, "open", s).status_code == 302
    s.refresh_from_db()
    assert s.state == "open" and s.opened_at
    response = office.post(reverse("votes:candidate", args=[first.pk]), {"title": "再改"}, follow=True)
    assert "票决处于“投票中”状态，不能修改候选项目。" in response.content.decode()


@pytest.mark.django_db
def test_deputies_vote_once_and_the_office_counts_and_publishes(client_for, users):
    s = session(seats=2, candidates=3, state="open")
    reps = deputies(2)
    deputy = client_for("deputy")
    page = deputy.get(url("ballot", s)).content.decode()
    assert page.count('name="choice"') == 3 and "最多 2 项" in page and "vote.js" in page

    response = post(deputy, "ballot", s, {"choice": ids(s, 1, 2, 3)})
    assert response.status_code == 422
    assert "最多赞成 2 项，您选择了 3 项，请减少后再提交。" in response.content.decode()
    assert not BallotReceipt.objects.exists() and not Candidate.objects.filter(votes__gt=0).exists()

    assert post(deputy, "ballot", s, {"choice": ids(s, 1, 2)}).status_code == 302
    html = deputy.get(url("ballot", s)).content.decode()
    assert "您已完成投票" in html and 'name="choice"' not in html
    again = post(deputy, "ballot", s, {"choice": ids(s, 3)})
    assert again.status_code == 409 and "您已投票，每位代表只能投一次。" in again.content.decode()
    assert BallotReceipt.objects.count() == 1
    assert sorted(Candidate.objects.filter(session=s).values_list("votes", flat=True)) == [0, 1, 1]

    for rep, marks in zip(reps, [(1,), ()], strict=True):  # one for candidate 1, one abstains from all
        c = client_for(None)
        c.force_login(rep)
        assert post(c, "ballot", s, {"choice": ids(s, *marks)}).status_code == 302
    assert post(client_for("office"), "ballot", s, {"choice": ids(s, 1)}).status_code == 404  # not a deputy

    office = client_for("office")
    html = office.get(url("session", s)).content.decode()
    assert "已有 <strong>3</strong> 位代表投票" in html and "得票" not in html
    home = deputy.get(reverse("votes:home")).content.decode()
    assert "已投票" in home and "去投票" not in home

    events = AuditEvent.objects.filter(action="vote")
    assert events.count() == 3 and all(e.changes == {} for e in events)
    assert {e.model for e in events} == {"participation.ballotreceipt"}
    choice_ids = set(ids(s, 1, 2, 3))
    assert not any(set(map(str, e.changes)) & choice_ids for e in AuditEvent.objects.all())

    assert post(office, "close", s).status_code == 302
    s.refresh_from_db()
    assert s.state == "closed" and s.result["elected"] == [int(ids(s, 1)[0])]
    votes = dict(Candidate.objects.filter(session=s).values_list("order", "votes"))
    assert votes == {1: 2, 2: 1, 3: 0}
    html = office.get(url("session", s)).content.decode()
    assert "计票结果" in html and "当选须获得超过实到代表半数的赞成票" in html and "进入第二轮" in html
    assert "得票" not in deputy.get(url("session", s)).content.decode()  # counted, not yet published
    assert client_for(None).get(url("result", s)).status_code == 404
    assert office.get(url("result", s)).status_code == 200  # the office previews

    assert post(office, "publish", s, {"final": "1"}).status_code == 302
    public = client_for(None).get(url("result", s)).content.decode()
    assert "第1轮各候选项目得票" in public and "实到代表 3 人" in public and "当选" in public
    assert "候选项目1" in public and "查看草案" not in public


@pytest.mark.django_db
def test_a_closed_session_refuses_ballots(client_for):
    s = session(seats=1, candidates=2, state="closed")
    response = post(client_for("deputy"), "ballot", s, {"choice": ids(s, 1)})
    assert response.status_code == 422 and "不能投票" in response.content.decode()
    assert "不在投票时间" in client_for("deputy").get(url("ballot", s)).content.decode()


@pytest.mark.django_db
def test_present_below_the_ballots_is_refused(client_for):
    s = session(seats=1, candidates=2, state="open")
    post(client_for("deputy"), "ballot", s, {"choice": ids(s, 1)})
    deputies(1)
    response = post(client_for("office"), "settings", s, {"present": "0"})
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.present is None
    post(client_for("office"), "settings", s, {"present": "4"})
    s.refresh_from_db()
    assert s.present == 4


@pytest.mark.django_db
def test_home_lists_sessions_by_role(client_for):
    draft = session(title="草案会议")
    open_ = session(state="open", title="投票中会议")
    done = session(state="published", title="已公布会议")
    office = client_for("office").get(reverse("votes:home")).content.decode()
    assert (
        all(t in office for t in ("草案会议", "投票中会议", "已公布会议"))
        and "建议评分与生成候选名单" in office
    )
    deputy = client_for("deputy").get(reverse("votes:home")).content.decode()
    assert "草案会议" not in deputy and "投票中会议" in deputy and "去投票" in deputy
    public = client_for(None).get(reverse("votes:home")).content.decode()
    assert "已公布会议" in public and "投票中会议" not in public and "去投票" not in public
    assert client_for("deputy").get(url("session", draft)).status_code == 404
    assert client_for(None).get(url("session", open_)).status_code == 404
    assert client_for(None).get(url("session", done)).status_code == 200


@pytest.mark.django_db
def test_pages_cost_the_same_with_more_sessions_and_candidates(client_for, django_assert_max_num_queries):
    s = session(seats=2, candidates=3, state="published")
    s.result = {"elected": [], "second_round": [], "lines": ["x"], "present": 0, "ballots": 0}
    s.save()
    session(state="open")
    office, deputy = client_for("office"), client_for("deputy")
    counts = {}
    pages = [
        (office, reverse("votes:home")),
        (deputy, reverse("votes:home")),
        (office, url("session", s)),
        (client_for(None), url("result", s)),
    ]
    for client, address in pages:
        client.get(address)
        with django_assert_max_num_queries(20) as q:
            assert client.get(address).status_code == 200
        counts[address, id(client)] = len(q.captured_queries)
    for _ in range(5):
        session(state="open")
        session(state="published")
    for i in range(4, 20):
        Candidate.objects.create(session=s, order=i, title=f"更多候选{i}")
    for client, address in pages:
        with django_assert_max_num_queries(counts[address, id(client)]):
            assert client.get(address).status_code == 200


@pytest.mark.django_db
def test_closing_without_any_ballot_is_refused(client_for):
    s = session(seats=1, candidates=2, state="open")
    response = client_for("office").post(url("close", s), follow=True)
    assert "尚无代表投票，不能结束计票。" in response.content.decode()
    s.refresh_from_db()
    assert s.state == "open" and s.result in ({}, None)


@pytest.mark.django_db
def test_odd_numbers_in_the_settings_are_chinese_errors_not_500(client_for):
    s = session(seats=1, candidates=3)
    office = client_for("office")
    for bad in ("²", "9" * 25, "-1"):
        for field in ("present", "seats"):
            response = office.post(url("settings", s), {"title": s.title, field: bad}, follow=True)
            assert response.status_code == 200
            assert "人数和项目数应为不超过 32767 的正整数。" in response.content.decode()
    s.refresh_from_db()
    assert (s.seats, s.present) == (1, None)


@pytest.mark.django_db
def test_odd_choices_on_a_ballot_are_chinese_errors_not_500(client_for):
    s = session(seats=1, candidates=2, state="open")
    deputy = client_for("deputy")
    for bad, message in [("²", "选票内容无效。"), ("9" * 25, "选票含有不在候选名单中的项目。")]:
        response = post(deputy, "ballot", s, {"choice": [bad]})
        assert response.status_code == 422 and message in response.content.decode()
    assert not BallotReceipt.objects.exists()
