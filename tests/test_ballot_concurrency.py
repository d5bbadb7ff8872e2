"""One deputy submits two ballots at the same moment (two threads, each with its own database
connection, data committed): exactly one receipt and one ballot are stored, the tally counts one, and
the other submission is refused with "已投票". Runs on SQLite and on PostgreSQL.

Also: nothing in a ballot or its choices can name a deputy or a time. Builds its own world (a
transactional test empties the database when it ends)."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connections, models

from minsheng.core.models import AuditEvent, Membership, Region, Role
from minsheng.participation import voting
from minsheng.participation.models import Ballot, BallotReceipt, Candidate, VotingSession


def build_world():
    region, _ = Region.objects.get_or_create(name="票决测试市", parent=None, defaults={"kind": "city"})
    session = VotingSession.objects.create(
        region=region, year=2025, title="票决测试会议", seats=2, state="open"
    )
    for order in (1, 2, 3):
        Candidate.objects.create(session=session, order=order, title=f"候选{order}")
    deputy = get_user_model().objects.create_user("race_deputy")
    Membership.objects.create(user=deputy, role=Role.DEPUTY, region=region)
    return session, deputy


def at_once(*calls):
    barrier, errors, outcomes = threading.Barrier(len(calls)), [], []

    def run(call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes.append("ok")
        except voting.VoteError as e:
            outcomes.append((e.status, e.message))
        except Exception as e:  # noqa: BLE001 — reported by the assertion below
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_ballots_of_one_deputy_at_once_count_once():
    session, deputy = build_world()
    first, second = Candidate.objects.filter(session=session).order_by("order")[:2]
    outcomes = at_once(
        lambda: voting.cast_ballot(VotingSession.objects.get(pk=session.pk), deputy, [first.pk]),
        lambda: voting.cast_ballot(VotingSession.objects.get(pk=session.pk), deputy, [second.pk]),
    )
    assert sorted(outcomes, key=str) == sorted(["ok", (409, "您已投票，每位代表只能投一次。")], key=str)
    assert BallotReceipt.objects.filter(session=session).count() == 1
    assert Ballot.objects.filter(session=session).count() == 1
    assert Ballot.choices.through.objects.filter(ballot__session=session).count() == 1  # nothing half-written
    assert AuditEvent.objects.filter(action="vote").count() == 1

    voting.close_session(VotingSession.objects.get(pk=session.pk), None)
    session.refresh_from_db()
    assert session.result["ballots"] == 1 and session.result["present"] == 1
    assert sum(session.result["votes"].values()) == 1


@pytest.mark.django_db(transaction=True)
def test_closing_while_a_ballot_is_cast_counts_it_or_refuses_it():
    session, deputy = build_world()
    first = Candidate.objects.filter(session=session).order_by("order").first()
    outcomes = at_once(
        lambda: voting.cast_ballot(VotingSession.objects.get(pk=session.pk), deputy, [first.pk]),
        lambda: voting.close_session(VotingSession.objects.get(pk=session.pk), None),
    )
    session.refresh_from_db()
    assert session.state == "closed"
    stored = Ballot.objects.filter(session=session).count()
    assert session.result["ballots"] == stored == BallotReceipt.objects.filter(session=session).count()
    if stored == 0:
        assert (422, "票决处于“已计票”状态，不能投票。") in outcomes
    else:
        assert outcomes == ["ok", "ok"] and session.result["votes"][str(first.pk)] == 1


def test_no_column_of_a_ballot_or_its_choices_names_a_user_or_a_time():
    user_model = get_user_model()
    for model in (Ballot, Ballot.choices.through):
        for field in model._meta.get_fields():
            if field.is_relation:
                assert field.related_model is not user_model, (model, field.name)
                if field.related_model is not None and field.concrete:
                    assert field.related_model in (VotingSession, Candidate, Ballot), (model, field.name)
            assert not isinstance(field, models.DateField | models.TimeField), (model, field.name)
    assert {f.name for f in Ballot._meta.concrete_fields} == {"id", "session"}
    assert isinstance(Ballot._meta.pk, models.UUIDField)  # a random id: no order of casting
    through = {f.name for f in Ballot.choices.through._meta.concrete_fields}
    assert through == {"id", "ballot", "candidate"}
    # the marks' ids are random too: an increasing id would follow the order of the receipts
    assert isinstance(Ballot.choices.through._meta.pk, models.UUIDField)
