"""Operations endpoints: /healthz for the load balancer and the monitoring (the database, the cache, the
media storage — local disk or object storage — by a real write and read, the tick and the worker by
their heartbeats; 503 when one fails), and /metrics in Prometheus' text format
(requests by the middleware, and gauges read at each scrape: jobs waiting, messages waiting, reports
overdue, heartbeat ages), behind a bearer token (MINSHENG_METRICS_TOKEN; without one it is off)."""

import hmac
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from minsheng.core import media
from minsheng.site.ops import heartbeat, metrics, rules


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return rules.OK if cursor.fetchone() == (1,) else rules.DOWN
    except Exception:  # noqa: BLE001 — any failure of the database is what the probe reports
        return rules.DOWN


def _cache() -> str:
    key, value = f"healthz:{secrets.token_hex(4)}", secrets.token_hex(4)
    try:
        cache.set(key, value, 10)
        found = cache.get(key)
        cache.delete(key)
        return rules.OK if found == value else rules.DOWN
    except Exception:  # noqa: BLE001
        return rules.DOWN


@never_cache
@require_GET
def healthz(request):
    limits = rules.Limits()
    parts = {"database": _database(), "cache": _cache(), "media": rules.OK if media.probe() else rules.DOWN}
    details: dict = {}
    if parts["database"] == rules.OK:
        ages = heartbeat.ages()
        oldest = metrics.oldest_job_wait(timezone.now())
        installed = heartbeat.installed_for()
        parts["tick"] = rules.process_state(ages[heartbeat.TICK], limits.tick_seconds, installed)
        parts["worker"] = rules.worker_state(ages[heartbeat.WORKER], oldest, limits.worker_seconds)
        details = {"tick_age_seconds": ages[heartbeat.TICK], "worker_age_seconds": ages[heartbeat.WORKER]}
        details["oldest_job_wait_seconds"] = oldest
    healthy = rules.verdict(parts)
    return JsonResponse({"ok": healthy, **parts, **details}, status=200 if healthy else 503)


@never_cache
@require_GET
def prometheus(request):
    token = getattr(settings, "MINSHENG_METRICS_TOKEN", "")
    if not token:
        raise Http404("未启用监控指标（MINSHENG_METRICS_TOKEN）。")
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        return HttpResponse("需要监控令牌。\n", status=401, content_type="text/plain; charset=utf-8")
    body, content_type = metrics.exposition()
    return HttpResponse(body, content_type=content_type)
