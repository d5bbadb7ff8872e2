"""The office's scoring page: the shortlisted proposals ranked by mean weighted score, each office
user's marks (0–100, Chinese errors), and "生成候选名单" turning the best into a draft voting session."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from minsheng.core.models import AuditEvent, Membership, Region, Role
from minsheng.participation.models import Candidate, ProposalScore, VotingSession
from tests.vote_support import city, proposal

URL = reverse("scoring:page")
MARKS = {"群众需求": "90", "必要性": "80", "可行性": "70", "财力可承受": "60", "可量化": "50"}


def page(client, **params):
    region = params.pop("region", city())
    return client.get(URL, {"region": region.pk, "year": params.pop("year", 2025)})


def score(client, p, marks=MARKS, **extra):
    return client.post(reverse("scoring:score", args=[p.pk]), {**marks, **extra})


def second_office():
    user = get_user_model().objects.create_user("office2", first_name="市督查室二")
    Membership.objects.create(user=user, role=Role.OFFICE, region=city())
    return user


@pytest.mark.django_db
def test_office_scores_a_proposal_and_sees_the_ranking(client_for, users):
    a, b = proposal(city(), "新建社区食堂"), proposal(city(), "改造老旧小区")
    proposal(city(), "未入围的建议", state="accepted")
    office = client_for("office")
    response = score(office, a)
    assert response.status_code == 302 and response.url.endswith(f"year=2025#p{a.pk}")
    saved = ProposalScore.objects.get(proposal=a, scorer=users["office"])
    assert saved.total == Decimal("75.00") and saved.marks["群众需求"] == 90
    event = AuditEvent.objects.get(action="score", object_id=str(a.pk))
    assert event.changes["加权总分"] == [None, "75"]

    score(office, a, {**MARKS, "群众需求": "100"})  # the same scorer again: replaced, not added
    assert ProposalScore.objects.filter(proposal=a).count() == 1
    other = client_for(None)
    other.force_login(second_office())
    score(other, a, dict.fromkeys(MARKS, "60"))
    score(other, b, dict.fromkeys(MARKS, "95"))

    html = page(office).content.decode().split("<caption>", 1)[1]
    assert "新建社区食堂" in html and "改造老旧小区" in html and "未入围的建议" not in html
    # b: 95; a: mean of 78.00 and 60.00 = 69.00
    assert html.index("改造老旧小区") < html.index("新建社区食堂")
    assert "69.00" in html and "95.00" in html
    assert html.startswith("济宁市 2025年入围建议排名</caption>")


@pytest.mark.django_db
def test_bad_marks_are_refused_in_chinese_and_nothing_saved(client_for):
    a = proposal(city(), "新建社区食堂")
    response = score(client_for("office"), a, {**MARKS, "必要性": "120", "可量化": ""})
    assert response.status_code == 422
    html = response.content.decode()
    assert "“必要性”的得分 120 超出范围，应为 0–100。" in html
    assert "请填写“可量化”的得分（0–100 的整数）。" in html
    assert 'value="120"' in html  # the posted marks are kept in the form
    assert not ProposalScore.objects.exists()


@pytest.mark.django_db
def test_only_the_office_of_the_region_or_above_scores(client_for):
    a = proposal(city(), "新建社区食堂")
    weishan = Region.objects.get(name="微山县")
    w = proposal(weishan, "微山县建议")
    for name in ("deputy", "minzheng", "leader", "outsider", "weishan"):
        assert score(client_for(name), a).status_code == 404, name
    assert client_for("deputy").get(URL).status_code == 404
    assert client_for(None).get(URL).status_code == 302  # to the login page
    assert page(client_for("weishan"), region=city()).status_code == 404
    assert score(client_for("office"), w).status_code == 302  # the city office may score below
    assert score(client_for("weishan"), w).status_code == 302
    assert ProposalScore.objects.count() == 2


@pytest.mark.django_db
def test_a_proposal_not_shortlisted_cannot_be_scored(client_for):
    a = proposal(city(), "已受理的建议", state="accepted")
    response = score(client_for("office"), a)
    assert response.status_code == 422
    assert "该建议不在入围评分阶段，不能评分。" in response.content.decode()


def _ranked_proposals(n, office):
    made = [proposal(city(), f"建议{i:02d}") for i in range(n)]
    for i, p in enumerate(made):
        mark = str(40 + i)  # the later, the better
        ProposalScore.objects.create(
            proposal=p, scorer=office, marks={k: int(mark) for k in MARKS}, total=mark
        )
    return made


@pytest.mark.django_db
def test_candidate_list_takes_the_top_proposals_in_rank_order(client_for, users):
    made = _ranked_proposals(14, users["office"])
    response = client_for("office").post(
        reverse("scoring:candidates"),
        {
            "region": city().pk,
            "year": 2025,
            "seats": "10",
            "count": "",
            "title": "济宁市第十八届人民代表大会第四次会议",
        },
    )
    session = VotingSession.objects.get()
    assert response.status_code == 302 and response.url == reverse("votes:session", args=[session.pk])
    assert (session.state, session.seats, session.year, session.round) == ("draft", 10, 2025, 1)
    candidates = list(Candidate.objects.filter(session=session).order_by("order"))
    assert len(candidates) == 12  # default: 10 seats + 2
    assert [c.title for c in candidates] == [f"建议{i:02d}" for i in range(13, 1, -1)]
    assert [c.order for c in candidates] == list(range(1, 13))
    for p in made:
        p.refresh_from_db()
    assert {p.title for p in made if p.state == "candidate"} == {c.title for c in candidates}
    assert {p.title for p in made if p.state == "not_selected"} == {"建议00", "建议01"}
    assert AuditEvent.objects.filter(action="create", model="participation.votingsession").count() == 1


@pytest.mark.django_db
def test_candidate_list_must_be_larger_than_the_seats(client_for, users):
    _ranked_proposals(5, users["office"])
    office = client_for("office")
    data = {"region": city().pk, "year": 2025, "title": "会议"}
    response = office.post(reverse("scoring:candidates"), {**data, "seats": "3", "count": "3"})
    assert response.status_code == 422
    assert "候选项目数（3）必须多于应选项目数（3），实行差额票决。" in response.content.decode()
    response = office.post(reverse("scoring:candidates"), {**data, "seats": "5", "count": ""})
    assert "入围评分的建议只有 5 项，不足 6 项候选。" in response.content.decode()
    response = office.post(reverse("scoring:candidates"), {**data, "seats": "", "title": ""})
    assert "请填写应选项目数。" in response.content.decode()
    response = office.post(reverse("scoring:candidates"), {**data, "seats": "2", "title": " "})
    assert "请填写会议名称" in response.content.decode()
    assert not VotingSession.objects.exists()


@pytest.mark.django_db
def test_scoring_page_costs_the_same_with_more_proposals(client_for, users, django_assert_max_num_queries):
    office = client_for("office")
    _ranked_proposals(3, users["office"])
    page(office)  # warm up (session, roles)
    with django_assert_max_num_queries(12) as few:
        assert page(office).status_code == 200
    _ranked_proposals(0, users["office"])
    for i in range(20):
        p = proposal(city(), f"更多建议{i}")
        ProposalScore.objects.create(
            proposal=p, scorer=users["office"], marks=dict.fromkeys(MARKS, 50), total=50
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = page(office)
    assert response.content.decode().count('class="score-card"') == 23


@pytest.mark.django_db
def test_a_second_click_on_the_candidate_list_is_refused(client_for, users):
    _ranked_proposals(5, users["office"])
    office = client_for("office")
    data = {"region": city().pk, "year": 2025, "title": "会议", "seats": "3", "count": "4"}
    assert office.post(reverse("scoring:candidates"), data).status_code == 302
    again = office.post(reverse("scoring:candidates"), data)
    assert again.status_code == 422
    assert "本年度的候选名单已经生成，请勿重复提交" in again.content.decode()
    assert VotingSession.objects.count() == 1 and Candidate.objects.count() == 4


@pytest.mark.django_db
def test_odd_numbers_are_chinese_errors_not_500(client_for, users):
    _ranked_proposals(5, users["office"])
    office = client_for("office")
    for region, year in [("²", "²"), ("9" * 25, "9" * 25), ("-1", "2025.5")]:
        response = office.get(URL, {"region": region, "year": year})
        assert response.status_code == 200, (region, year)  # the defaults: the office's region, next year
    data = {"region": city().pk, "year": 2025, "title": "会议"}
    for bad in ("²", "9" * 25):
        response = office.post(reverse("scoring:candidates"), {**data, "seats": bad, "count": "4"})
        assert response.status_code == 422 and "应选项目数" in response.content.decode()
        assert "应为不超过 999 的正整数" in response.content.decode()
        response = office.post(reverse("scoring:candidates"), {**data, "seats": "3", "count": bad})
        assert response.status_code == 422 and "候选项目数" in response.content.decode()
        # an odd region falls back to the office's own; 9 candidates are more than the 5 shortlisted
        response = office.post(
            reverse("scoring:candidates"), {**data, "region": bad, "seats": "3", "count": "9"}
        )
        assert (
            response.status_code == 422
            and "入围评分的建议只有 5 项，不足 9 项候选。" in response.content.decode()
        )
    assert not VotingSession.objects.exists()
