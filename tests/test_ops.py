"""/healthz and /metrics, and the JSON log lines: what an operator's probe, Prometheus and log
collector read. The heartbeats are real: the tick records its own and queues the worker's, which the
real db_worker runs."""

import datetime
import io
import json
import logging
import logging.config

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from minsheng.site import tick
from minsheng.site.models import Heartbeat
from minsheng.site.ops import heartbeat, rules
from minsheng.supervision.status.queries import plans_status

TOKEN = "prom-7c1e"


def health(client) -> tuple[int, dict]:
    answer = client.get("/healthz")
    return answer.status_code, answer.json()


def test_a_new_installation_is_healthy_until_a_heartbeat_goes_stale(client_for, worker):
    citizen = client_for(None)
    status, found = health(citizen)
    assert (
        status == 200 and found["ok"] and (found["database"], found["cache"], found["media"]) == ("ok",) * 3
    )
    assert (found["tick"], found["worker"]) == ("unknown", "unknown")  # before cron's first run
    tick.run(timezone.now())
    status, found = health(citizen)
    assert (found["tick"], found["worker"]) == ("ok", "unknown") and status == 200
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1  # the worker's beat
    tick.run(timezone.now())
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1  # not one per tick
    worker()
    status, found = health(citizen)
    assert found["worker"] == "ok" and found["worker_age_seconds"] < 60 and status == 200
    Heartbeat.objects.filter(name=heartbeat.WORKER).update(at=timezone.now() - datetime.timedelta(hours=2))
    status, found = health(citizen)
    assert status == 503 and not found["ok"] and found["worker"] == "stale"


def test_a_tick_that_never_ran_fails_the_probe_once_the_installation_is_older_than_its_limit(client_for):
    from django.db.migrations.recorder import MigrationRecorder

    citizen = client_for(None)
    assert health(citizen)[1]["tick"] == "unknown"  # just migrated: cron may not have run yet
    MigrationRecorder.Migration.objects.update(applied=timezone.now() - datetime.timedelta(hours=2))
    status, found = health(citizen)
    assert status == 503 and found["tick"] == "stale" and found["tick_age_seconds"] is None
    tick.run(timezone.now())  # the timer, enabled at last
    assert health(citizen)[1]["tick"] == "ok"


def test_a_job_left_waiting_means_no_worker_takes_jobs(client_for):
    heartbeat.beat(heartbeat.WORKER)  # a recent beat does not hide a queue nobody works
    heartbeat.ask_worker()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(hours=1))
    status, found = health(client_for(None))
    assert status == 503 and found["worker"] == "stale" and found["oldest_job_wait_seconds"] > 3000


def test_a_cache_that_does_not_answer_fails_the_probe(client_for, monkeypatch):
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    broken = RedisCache("redis://127.0.0.1:9/0", {"OPTIONS": {"socket_connect_timeout": 0.5}})
    monkeypatch.setattr("minsheng.site.ops.views.cache", broken)  # a Redis nobody listens on
    status, found = health(client_for(None))
    assert status == 503 and found["cache"] == "down" and found["database"] == "ok"
    assert caches["default"].get("anything") is None  # the site's own cache is left alone


def test_a_media_folder_that_cannot_be_written_fails_the_probe(client_for, settings, tmp_path):
    blocker = tmp_path / "media"
    blocker.write_text("a file where the folder should be")  # as a full disk or a lost mount would
    settings.MEDIA_ROOT = blocker
    status, found = health(client_for(None))
    assert status == 503 and found["media"] == "down" and found["database"] == "ok"


def test_the_rules_of_the_verdict():
    assert rules.process_state(None, 60) == "unknown" and rules.process_state(61, 60) == "stale"
    assert rules.process_state(None, 60, installed_for=59) == "unknown"
    assert rules.process_state(None, 60, installed_for=61) == "stale"
    assert rules.worker_state(10, 120, 60) == "stale" and rules.worker_state(10, None, 60) == "ok"
    assert rules.verdict({"a": "ok", "b": "unknown"}) and not rules.verdict({"a": "ok", "b": "down"})


def test_metrics_need_the_token_and_read_the_platform(client_for, settings):
    settings.MINSHENG_TODAY = "2024-07-15"
    citizen = client_for(None)
    assert citizen.get("/metrics").status_code == 404  # no token configured: off
    settings.MINSHENG_METRICS_TOKEN = TOKEN
    assert citizen.get("/metrics").status_code == 401
    assert citizen.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    citizen.get("/public/")  # a request the middleware counts
    answer = citizen.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/plain")
    text = answer.content.decode()
    lines = dict(line.rsplit(" ", 1) for line in text.splitlines() if line and not line.startswith("#"))
    assert float(lines['minsheng_http_requests_total{method="GET",status="2xx"}']) >= 1
    from minsheng.core.clock import today
    from minsheng.plans.models import Plan

    plans = Plan.objects.filter(state="published", year=today().year)
    overdue = sum(s.overdue_reports for s in plans_status(plans, today()).values())
    assert overdue > 0 and float(lines["minsheng_reports_overdue"]) == overdue  # nothing filed yet
    assert float(lines["minsheng_jobs_waiting"]) == 0
    assert 'minsheng_outbox_messages{channel="sms",state="pending"}' in lines
    assert "minsheng_http_request_seconds_bucket" in text


def test_json_log_lines_keep_chinese_and_the_traceback():
    stream = io.StringIO()
    config = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": django_settings.LOGGING["formatters"]["json"]},
        "handlers": {"s": {"class": "logging.StreamHandler", "stream": stream, "formatter": "json"}},
        "loggers": {"minsheng.test.json": {"handlers": ["s"], "level": "INFO", "propagate": False}},
    }
    logging.config.dictConfig(config)
    log = logging.getLogger("minsheng.test.json")
    log.info("报告已审核")
    try:
        raise ValueError("坏数据")
    except ValueError:
        log.exception("导入失败")
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert (
        first["message"] == "报告已审核"
        and first["level"] == "INFO"
        and first["logger"] == "minsheng.test.json"
    )
    assert second["level"] == "ERROR" and "坏数据" in second["exc_info"]
    stamp = datetime.datetime.fromisoformat(first["time"])  # ISO 8601 with its offset: no guessing the zone
    assert stamp.utcoffset() == datetime.timedelta(hours=8)  # the suite runs in Asia/Shanghai


@pytest.fixture(autouse=True)
def clean_heartbeats(db):
    Heartbeat.objects.all().delete()
    DBTaskResult.objects.all().delete()
