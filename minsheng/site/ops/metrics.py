"""Prometheus metrics: HTTP requests counted by the middleware (per process, or across gunicorn's
workers when PROMETHEUS_MULTIPROC_DIR names a folder they share, as prometheus_client documents), and
gauges read at each scrape from the database: background jobs waiting and the oldest one's wait,
messages waiting in the outbox and those given up, monthly reports overdue on this year's published
plans (the status engine's cached day), the public's reports awaiting the office, heartbeat ages."""

import datetime
import os
import time

from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from minsheng.core.clock import today
from minsheng.site.ops import heartbeat

METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
REQUESTS = Counter("minsheng_http_requests", "HTTP requests answered", ["method", "status"])
LATENCY = Histogram(
    "minsheng_http_request_seconds",
    "Time to answer an HTTP request",
    ["method"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


def oldest_job_wait(moment: datetime.datetime) -> float | None:
    """Seconds the oldest background job due to run has waited until `moment`; None when none waits."""
    from django_tasks_db.models import DBTaskResult

    oldest = DBTaskResult.objects.ready().aggregate(at=Min("enqueued_at"))["at"]
    return (moment - oldest).total_seconds() if oldest else None


def _overdue_reports() -> int:
    from minsheng.plans.models import Plan, PlanState
    from minsheng.supervision.status.cached import day_statuses

    day = today()
    plans = list(Plan.objects.filter(state=PlanState.PUBLISHED, year=day.year))
    return sum(s.overdue_reports for statuses in day_statuses(plans, day).values() for s in statuses.values())


class Readings:
    """The gauges, read from the database when Prometheus scrapes."""

    def collect(self):
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        from minsheng.notifications.models import DeliveryState, Notification
        from minsheng.notifications.outbox import PUSHED
        from minsheng.participation.models import ProblemReport, ReportState

        moment = timezone.now()
        jobs = GaugeMetricFamily("minsheng_jobs_waiting", "Background jobs waiting for a worker")
        jobs.add_metric([], DBTaskResult.objects.filter(status=TaskResultStatus.READY).count())
        yield jobs
        wait = GaugeMetricFamily("minsheng_job_oldest_wait_seconds", "How long the oldest due job has waited")
        wait.add_metric([], oldest_job_wait(moment) or 0.0)
        yield wait
        outbox = GaugeMetricFamily(
            "minsheng_outbox_messages", "Messages to send, by channel and state", labels=["channel", "state"]
        )
        counts = dict.fromkeys(
            ((c, s) for c in PUSHED for s in (DeliveryState.PENDING, DeliveryState.FAILED)), 0
        )
        rows = Notification.objects.filter(
            channel__in=PUSHED, state__in=[DeliveryState.PENDING, DeliveryState.FAILED]
        )
        for channel, state, n in rows.values_list("channel", "state").annotate(n=Count("pk")).order_by():
            counts[(channel, state)] = n
        for (channel, state), n in sorted(counts.items()):
            outbox.add_metric([str(channel), str(state)], n)
        yield outbox
        overdue = GaugeMetricFamily(
            "minsheng_reports_overdue", "Monthly reports overdue on this year's published plans"
        )
        overdue.add_metric([], _overdue_reports())
        yield overdue
        public = GaugeMetricFamily(
            "minsheng_public_reports_waiting", "Problems reported by the public, not yet checked"
        )
        public.add_metric([], ProblemReport.objects.filter(state=ReportState.PENDING).count())
        yield public
        ages = GaugeMetricFamily(
            "minsheng_heartbeat_age_seconds", "Seconds since a process last proved alive", labels=["process"]
        )
        for name, age in heartbeat.ages(moment).items():
            if age is not None:
                ages.add_metric([name], age)
        yield ages


def exposition() -> tuple[bytes, str]:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUESTS)
        registry.register(LATENCY)
    registry.register(Readings())
    return generate_latest(registry), CONTENT_TYPE_LATEST


def middleware(get_response):
    """Count and time every request (the metrics endpoint's own included)."""

    def count(request):
        started = time.perf_counter()
        response = get_response(request)
        method = request.method if request.method in METHODS else "other"  # no label per made-up verb
        LATENCY.labels(method).observe(time.perf_counter() - started)
        REQUESTS.labels(method, f"{response.status_code // 100}xx").inc()
        return response

    return count
