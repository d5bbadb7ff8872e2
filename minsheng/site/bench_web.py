"""`minsheng bench web`: latency of the board and the dashboards on the demo data, in the current
database. Each page is requested once cold, then `repeat` times warm; the table gives p50 and p95 of the
warm requests, the cold time, the SQL queries of one more warm request and the status code.

Signed-in pages are requested as the demo's `office` and `leader` (force_login: no password needed);
the board anonymously. Runs on the demo clock when MINSHENG_TODAY is set (the platform's clock reads it).
Side effects are those of browsing: a session row per signed-in client (removed at the end) and the
users' last-login time."""

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from minsheng.core.clock import today

HOST = "localhost"
NO_DEMO = "请先运行 minsheng demo"


class NoDemo(Exception):
    pass


@dataclass(frozen=True)
class Page:
    label: str
    who: str | None  # demo username, None for the public
    path: str


@dataclass(frozen=True)
class Timing:
    page: Page
    status: int
    cold_ms: float
    p50_ms: float
    p95_ms: float
    queries: int


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def demo_pages() -> list[Page]:
    from minsheng.plans.models import Plan, Project

    city = Plan.objects.filter(is_demo=True, region__name="济宁市", year=2024).first()
    if city is None:
        raise NoDemo(NO_DEMO)
    project = city.projects.order_by("order").first()
    linked = (
        Project.objects.filter(plan__is_demo=True, lineage__isnull=False, children__isnull=False)
        .order_by("plan__year", "order")
        .first()
        or Project.objects.filter(plan__is_demo=True, lineage__isnull=False).order_by("order").first()
        or project
    )
    return [
        Page("领导看板（督查室）", "office", "/dashboard/"),
        Page("领导看板（分管领导）", "leader", "/dashboard/"),
        Page("调度看板（督查室）", "office", "/dashboard/dispatch/"),
        Page("公开看板首页", None, "/public/"),
        Page("公开计划（济宁市2024）", None, f"/public/plans/{city.pk}/"),
        Page("公开项目", None, f"/public/projects/{project.pk}/"),
        Page("公开计划 CSV", None, f"/public/plans/{city.pk}.csv"),
        Page("公开计划 JSON", None, f"/public/plans/{city.pk}.json"),
        Page("承诺全景", None, f"/commitments/{linked.pk}/"),
    ]


def _clients(pages: list[Page]) -> dict[str | None, Client]:
    users = {u.username: u for u in get_user_model().objects.filter(username__in={p.who for p in pages})}
    clients = {}
    for who in {p.who for p in pages}:
        client = Client(HTTP_HOST=HOST)
        if who is not None:
            if who not in users:
                raise NoDemo(f"{NO_DEMO}（缺少演示账号 {who}）")
            client.force_login(users[who])
        clients[who] = client
    return clients


def _get(client: Client, path: str) -> tuple[int, float]:
    start = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - start) * 1000
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return response.status_code, elapsed


def measure(client: Client, page: Page, repeat: int) -> Timing:
    status, cold = _get(client, page.path)
    warm = [_get(client, page.path)[1] for _ in range(max(1, repeat))]
    with CaptureQueriesContext(connection) as captured:
        status = _get(client, page.path)[0]
    return Timing(page, status, cold, statistics.median(warm), p95(warm), len(captured))


def run_web_bench(write: Callable[[str], None], repeat: int = 20) -> list[Timing]:
    """Measure every page and write the table; raises NoDemo when the demo is not loaded."""
    hosts = list(settings.ALLOWED_HOSTS)
    with override_settings(ALLOWED_HOSTS=[*hosts, HOST]):
        pages = demo_pages()
        clients = _clients(pages)
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        clock = "演示时钟" if settings.MINSHENG_TODAY else "当前日期"
        write(
            f"数据库：{engine}；{clock} {today():%Y-%m-%d}；每页热请求 {max(1, repeat)} 次（首次请求另计为冷启动）"
        )
        write(
            f"{'页面':<14}{'用户':<8}{'p50 ms':>9}{'p95 ms':>9}{'冷启动 ms':>11}{'查询数':>7}{'状态':>6}  路径"
        )
        timings = []
        try:
            for page in pages:
                t = measure(clients[page.who], page, repeat)
                timings.append(t)
                write(
                    f"{page.label:<14}{page.who or '公众':<8}{t.p50_ms:>9.1f}{t.p95_ms:>9.1f}"
                    f"{t.cold_ms:>11.1f}{t.queries:>7}{t.status:>6}  {page.path}"
                )
        finally:
            for client in clients.values():
                client.logout()
    return timings
