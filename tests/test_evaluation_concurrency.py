"""One deputy submits the same evaluation twice at once (two threads, each with its own database
connection, data committed): one ballot is counted — one receipt, one added to one verdict of each
project — and the other is told it has already evaluated. The unique receipt is what decides. Runs on SQLite and PostgreSQL.

Builds its own world (a transactional test empties the database; pytest-django runs it last)."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connections

from minsheng.core.models import AuditEvent, Membership, Region, Role
from minsheng.participation.evaluations import workflow as service
from minsheng.participation.models import Evaluation, EvaluationCount, EvaluationReceipt
from minsheng.plans.models import Plan, Project


def build_world() -> tuple[Evaluation, int]:
    region, _ = Region.objects.get_or_create(name="测评并发市", parent=None, defaults={"kind": "city"})
    plan = Plan.objects.create(region=region, year=2024, title="测评并发市2024年民生实事", state="closed")
    for seq in range(1, 4):
        Project.objects.create(plan=plan, seq=str(seq), order=seq, name=f"测评项目{seq}")
    users = get_user_model().objects
    office, deputy = users.create_user("race_office"), users.create_user("race_deputy")
    Membership.objects.create(user=office, role=Role.OFFICE, region=region)
    Membership.objects.create(user=deputy, role=Role.DEPUTY, region=region)
    item = service.create(plan, office)
    service.step(item, "open", office)
    return item, deputy.pk


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("verdicts", [("satisfied", "unsatisfied")])
def test_two_ballots_of_one_deputy_at_once_count_once(verdicts):
    item, deputy_id = build_world()
    barrier, errors, done = threading.Barrier(2), [], []

    def run(verdict):
        try:
            evaluation = Evaluation.objects.select_related("plan__region").get(pk=item.pk)
            deputy = get_user_model().objects.get(pk=deputy_id)
            marks = dict.fromkeys(evaluation.plan.projects.values_list("pk", flat=True), verdict)
            barrier.wait(timeout=10)
            service.cast(evaluation, deputy, marks)
            done.append(verdict)
        except service.EvaluationError as e:
            errors.append(e)
        except Exception as e:  # noqa: BLE001 — reported by the assertion below
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(v,)) for v in verdicts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(done) == 1, (done, errors)
    assert len(errors) == 1 and isinstance(errors[0], service.EvaluationError), errors
    assert errors[0].status == 409 and errors[0].messages == [service.ALREADY]
    assert EvaluationReceipt.objects.filter(evaluation=item).count() == 1
    counted = EvaluationCount.objects.filter(evaluation=item)
    assert counted.count() == 3 * 3  # one row per project × verdict, none per ballot
    assert {(v, n) for v, n in counted.filter(count__gt=0).values_list("verdict", "count")} == {(done[0], 1)}
    assert counted.filter(count__gt=0).count() == 3  # the counted ballot, whole: each project once
    assert AuditEvent.objects.filter(action="evaluation cast").count() == 1
