"""Heartbeats: the tick records its own and queues a job whose only work is the worker's (real time, not
the demo clock: they measure processes, not the programme)."""

import datetime

from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus

from minsheng.core.retry import when_locked

TICK, WORKER = "tick", "worker"


@when_locked  # two ticks at once on SQLite: the second waits for the first's write
def beat(name: str) -> None:
    from minsheng.site.models import Heartbeat

    Heartbeat.objects.update_or_create(name=name, defaults={"at": timezone.now()})


@task()
def worker_heartbeat() -> None:
    beat(WORKER)


@when_locked
def ask_worker() -> bool:
    """Queue the worker's heartbeat unless one is already waiting (a worker that is down gets one job,
    not one per tick); whether one was queued."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=worker_heartbeat.module_path, status=TaskResultStatus.READY
    ).exists()
    if not waiting:
        worker_heartbeat.enqueue()
    return not waiting


def ages(moment: datetime.datetime | None = None) -> dict[str, float | None]:
    """Seconds since each heartbeat (None: never beat)."""
    from minsheng.site.models import Heartbeat

    moment = moment or timezone.now()
    found = dict(Heartbeat.objects.values_list("name", "at"))
    return {
        name: (moment - found[name]).total_seconds() if name in found else None for name in (TICK, WORKER)
    }


def installed_for(moment: datetime.datetime | None = None) -> float | None:
    """Seconds since the database was first migrated (the oldest applied migration), None if unknown."""
    from django.db.migrations.recorder import MigrationRecorder

    first = MigrationRecorder.Migration.objects.order_by("applied").values_list("applied", flat=True).first()
    return ((moment or timezone.now()) - first).total_seconds() if first else None
