"""The vote's API: sessions and results scoped like the pages, the secret ballot (201, 409 when voted,
422 when invalid or not open, 403 for anyone who is not a deputy of the region)."""

import pytest
from django.contrib.auth import get_user_model

from minsheng.core.models import AuditEvent, Region
from minsheng.participation.models import BallotReceipt, Candidate, VotingSession
from minsheng.participation.votes import workflow as voting
from tests.vote_support import deputies, session


def cast(client, s, choices):
    return client.post(
        f"/api/v1/sessions/{s.pk}/ballot", {"choices": choices}, content_type="application/json"
    )


def _user(name):
    return get_user_model().objects.get(username=name)


def cids(s, *orders):
    return list(Candidate.objects.filter(session=s, order__in=orders).values_list("pk", flat=True))


@pytest.mark.django_db
def test_session_list_is_scoped_like_the_pages(client_for):
    draft = session(title="草案")
    open_ = session(title="投票中", state="open")
    done = session(title="已公布", state="published")
    county = session(Region.objects.get(name="微山县"), title="微山县草案")

    def listed(name):
        return {item["id"] for item in client_for(name).get("/api/v1/sessions").json()}

    assert listed(None) == listed("outsider") == {done.pk}
    assert listed("deputy") == {open_.pk, done.pk}
    assert listed("office") == {draft.pk, open_.pk, done.pk, county.pk}
    assert listed("weishan") == {county.pk, done.pk}
    item = client_for(None).get("/api/v1/sessions").json()[0]
    assert item == {
        "id": done.pk,
        "region": "济宁市",
        "year": 2025,
        "title": "已公布",
        "round": 1,
        "seats": 2,
        "state": "published",
        "previous_id": None,
    }


@pytest.mark.django_db
def test_votes_show_once_counted_to_the_office_and_once_published_to_all(client_for):
    s = session(seats=1, candidates=2, state="open")
    voting.cast_ballot(s, _user("deputy"), cids(s, 1))
    detail = client_for("deputy").get(f"/api/v1/sessions/{s.pk}").json()
    assert detail["voted"] == 1 and detail["has_voted"] is True
    assert [c["votes"] for c in detail["candidates"]] == [None, None]
    assert client_for(None).get(f"/api/v1/sessions/{s.pk}").status_code == 404
    voting.close_session(s, None)
    office = client_for("office").get(f"/api/v1/sessions/{s.pk}").json()
    assert [(c["votes"], c["elected"]) for c in office["candidates"]] == [(1, True), (0, False)]
    assert [
        c["votes"] for c in client_for("deputy").get(f"/api/v1/sessions/{s.pk}").json()["candidates"]
    ] == [
        None,
        None,
    ]
    assert client_for(None).get(f"/api/v1/sessions/{s.pk}/result").status_code == 404
    assert client_for("office").get(f"/api/v1/sessions/{s.pk}/result").status_code == 200
    voting.publish(s, None)
    public = client_for(None).get(f"/api/v1/sessions/{s.pk}").json()
    assert public["has_voted"] is None and public["candidates"][0]["votes"] == 1


@pytest.mark.django_db
def test_ballot_answers(client_for):
    s = session(seats=2, candidates=3, state="open")
    deputy = client_for("deputy")
    assert cast(deputy, s, cids(s, 1, 2, 3)).json() == {
        "detail": "最多赞成 2 项，您选择了 3 项，请减少后再提交。"
    }
    assert cast(deputy, s, cids(s, 1, 2, 3)).status_code == 422
    assert cast(deputy, s, [999999]).status_code == 422
    response = cast(client_for("office"), s, cids(s, 1))  # sees the session, is not a deputy
    assert response.status_code == 403
    assert response.json() == {"detail": "只有本级人大代表可以在本次会议投票。"}
    for name in (None, "outsider", "weishan", "minzheng"):  # the session is unseen to them: as GET, 404
        assert client_for(name).get(f"/api/v1/sessions/{s.pk}").status_code == 404, name
        assert cast(client_for(name), s, cids(s, 1)).status_code == 404, name
    assert not BallotReceipt.objects.exists() and not Candidate.objects.filter(votes__gt=0).exists()

    response = cast(deputy, s, cids(s, 1, 2))
    assert response.status_code == 201 and response.json() == {"detail": "您已完成投票。"}
    response = cast(deputy, s, [])
    assert response.status_code == 409 and response.json() == {"detail": "您已投票，每位代表只能投一次。"}
    assert BallotReceipt.objects.count() == 1
    assert sorted(Candidate.objects.filter(session=s).values_list("votes", flat=True)) == [0, 1, 1]
    event = AuditEvent.objects.get(action="vote")
    assert event.via == "api" and event.changes == {} and event.model == "participation.ballotreceipt"

    (rep,) = deputies(1)
    c = client_for(None)
    c.force_login(rep)
    assert cast(c, s, []).status_code == 201  # abstaining from all is a valid ballot
    assert cast(client_for("deputy"), s, []).status_code == 409
    VotingSession.objects.filter(pk=s.pk).update(state="closed")
    (late,) = deputies(1, prefix="late")
    c.force_login(late)
    response = cast(c, s, cids(s, 1))
    assert response.status_code == 422 and response.json() == {"detail": "票决处于“已计票”状态，不能投票。"}
    assert (
        client_for(None)
        .post("/api/v1/sessions/999999/ballot", {}, content_type="application/json")
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_result_of_all_rounds(client_for):
    first = session(seats=2, candidates=4, state="open")
    reps = deputies(3)
    for rep, marks in zip(reps, [(1, 2), (1, 3), (1, 4)], strict=True):
        voting.cast_ballot(first, rep, cids(first, *marks))
    voting.close_session(first, None)  # 1→3 elected; 2, 3, 4 → 1 each: one seat left
    assert (
        client_for("office").get(f"/api/v1/sessions/{first.pk}/result").json()["rounds"][0]["state"]
        == "closed"
    )
    voting.publish(first, None)
    second = voting.start_second_round(first, None)
    assert client_for("office").get(f"/api/v1/sessions/{second.pk}/result").status_code == 422
    voting.open_session(second, None)
    for rep, marks in zip(reps, [(1,), (1,), (2,)], strict=True):
        voting.cast_ballot(second, rep, cids(second, *marks))
    voting.close_session(second, None)
    voting.publish(second, None)

    result = client_for(None).get(f"/api/v1/sessions/{first.pk}/result").json()
    assert [c["title"] for c in result["elected"]] == ["候选项目1", "候选项目2"]
    assert [r["round"] for r in result["rounds"]] == [1, 2]
    assert result["rounds"][0]["present"] == 3 and result["rounds"][0]["seats_left"] == 1
    assert result["rounds"][0]["second_round"] == cids(first, 2, 3, 4)
    assert [c["votes"] for c in result["rounds"][1]["candidates"]] == [2, 1, 0]
    assert result["draft_plan_id"] is None  # the draft plan is the office's
    assert client_for("office").get(f"/api/v1/sessions/{first.pk}/result").json()["draft_plan_id"]
