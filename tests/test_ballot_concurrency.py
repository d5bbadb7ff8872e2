"""One deputy submits two ballots at the same moment (two threads, each with its own database
connection, data committed): exactly one receipt is stored and one vote counted, and the other
submission is refused with "已投票". Runs on SQLite and on PostgreSQL.

Also: no ballot is stored — after several deputies vote, the only participation rows that grew by one
per vote are the receipts (the candidates' counts change in place). Builds its own world (a
transactional test empties the database when it ends)."""

import threading

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connections

from minsheng.core.models import AuditEvent, Membership, Region, Role
from minsheng.participation.models import BallotReceipt, Candidate, VotingSession
from minsheng.participation.votes import workflow as voting


def build_world():
    region, _ = Region.objects.get_or_create(name="票决测试市", parent=None, defaults={"kind": "city"})
    session = VotingSession.objects.create(
        region=region, year=2025, title="票决测试会议", seats=2, state="open"
    )
    for order in (1, 2, 3):
        Candidate.objects.create(session=session, order=order, title=f"候选{order}")
    deputy = make_deputy(region, "race_deputy")
    return session, deputy


def make_deputy(region, username):
    deputy = get_user_model().objects.create_user(username)
    Membership.objects.create(user=deputy, role=Role.DEPUTY, region=region)
    return deputy


def counts(session) -> dict[int, int]:
    return dict(Candidate.objects.filter(session=session).values_list("order", "votes"))


def fresh(session):
    """A copy of the session read before the race: only the product's own calls run in the threads
    (a bare read there meets SQLite's shared-cache table lock, which the product retries but a test
    helper would not)."""
    return VotingSession.objects.get(pk=session.pk)


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
    one, other = fresh(session), fresh(session)
    outcomes = at_once(
        lambda: voting.cast_ballot(one, deputy, [first.pk]),
        lambda: voting.cast_ballot(other, deputy, [second.pk]),
    )
    assert sorted(outcomes, key=str) == sorted(["ok", (409, "您已投票，每位代表只能投一次。")], key=str)
    assert BallotReceipt.objects.filter(session=session).count() == 1
    assert sorted(counts(session).values()) == [0, 0, 1]  # one vote counted, nothing half-written
    assert AuditEvent.objects.filter(action="vote").count() == 1

    voting.close_session(VotingSession.objects.get(pk=session.pk), None)
    session.refresh_from_db()
    assert session.result["ballots"] == 1 and session.result["present"] == 1
    assert sum(session.result["votes"].values()) == 1


@pytest.mark.django_db(transaction=True)
def test_closing_while_a_ballot_is_cast_counts_it_or_refuses_it():
    session, deputy = build_world()
    first = Candidate.objects.filter(session=session).order_by("order").first()
    early = make_deputy(session.region, "early_deputy")
    voting.cast_ballot(session, early, [first.pk])  # one ballot already in: the session may be closed
    casting, closing = fresh(session), fresh(session)
    outcomes = at_once(
        lambda: voting.cast_ballot(casting, deputy, [first.pk]),
        lambda: voting.close_session(closing, None),
    )
    session.refresh_from_db()
    assert session.state == "closed"
    receipts = BallotReceipt.objects.filter(session=session).count()
    assert session.result["ballots"] == receipts == counts(session)[1]
    assert session.result["votes"][str(first.pk)] == receipts
    if receipts == 1:  # the close came first
        assert (422, "票决处于“已计票”状态，不能投票。") in outcomes
    else:
        assert outcomes == ["ok", "ok"] and receipts == 2


@pytest.mark.django_db(transaction=True)
def test_voting_stores_receipts_and_counts_but_no_row_per_ballot():
    session, _ = build_world()
    first, second, third = Candidate.objects.filter(session=session).order_by("order")
    models = list(apps.get_models())  # every table of the project, not only participation's

    def sizes():
        return {m: m.objects.count() for m in models}

    marks = [[first.pk, second.pk], [first.pk], [], [second.pk, third.pk]]
    reps = [make_deputy(session.region, f"secret{i}") for i in range(len(marks))]
    before = sizes()
    for rep, chosen in zip(reps, marks, strict=True):
        voting.cast_ballot(session, rep, chosen)
    grown = {m: n - before[m] for m, n in sizes().items() if n != before[m]}
    # who voted (the receipts) and one audit event per receipt; no table keeps how anyone voted
    assert grown == {BallotReceipt: len(marks), AuditEvent: len(marks)}
    assert counts(session) == {1: 2, 2: 2, 3: 1}
    events = AuditEvent.objects.filter(action="vote")
    assert events.count() == len(marks) and all(e.changes == {} for e in events)
    assert {e.model for e in events} == {"participation.ballotreceipt"}
