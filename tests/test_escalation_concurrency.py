"""Two ticks proposing at once (two threads, each with its own connection, data committed) store each
proposal once: the unique constraint one_open_proposal_per_trigger and the retry on a locked table.
Builds its own world, like test_tick_concurrency (a transactional test empties the database)."""

import datetime
import threading
from collections import Counter

import pytest
from django.db import connections

from minsheng.core.models import AuditEvent, Region, Unit
from minsheng.plans.models import Indicator, Plan, Project, ProjectUnit
from minsheng.reporting.calendar.rules import SHANGHAI
from minsheng.supervision.models import SupervisionOrder
from minsheng.supervision.orders.tick import propose_escalations


def build_world():
    region, _ = Region.objects.get_or_create(name="升级测试市", parent=None, defaults={"kind": "city"})
    plan = Plan.objects.create(region=region, year=2024, title="升级测试市2024年民生实事", state="published")
    unit = Unit.objects.create(name="升级测试局", region=region)
    for seq in range(1, 6):
        project = Project.objects.create(plan=plan, seq=str(seq), order=seq, name=f"测试项目{seq}")
        ProjectUnit.objects.create(project=project, unit=unit, role="lead")
        Indicator.objects.create(project=project, text="新建10处", target_value=10, unit="处")
    return plan


@pytest.mark.django_db(transaction=True)
def test_two_ladders_at_once_propose_each_trigger_once():
    plan = build_world()
    moment = datetime.datetime(2024, 7, 15, 2, tzinfo=SHANGHAI)
    barrier, errors, counts = threading.Barrier(2), [], []

    def run():
        try:
            barrier.wait(timeout=10)
            counts.append(propose_escalations(moment))
        except Exception as e:  # noqa: BLE001 — reported by the assertion below
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    stored = Counter(SupervisionOrder.objects.values_list("project_id", "unit_id", "trigger"))
    assert max(stored.values()) == 1  # the demo's plans may be there too: each once as well
    assert SupervisionOrder.objects.filter(project__plan=plan).count() == 5  # nothing reported: all behind
    assert sum(counts) == sum(stored.values())
    assert AuditEvent.objects.filter(action="propose").count() == sum(stored.values())
