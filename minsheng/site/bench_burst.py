"""`minsheng bench burst [--reports N] [--clients C] [--workers W]`: the month-end burst, measured through
real gunicorn workers on the configured database.

It commits a county of its own (one published plan of this year with N projects, one lead unit, C
reporters with API tokens), starts `gunicorn minsheng.wsgi` with W workers, and C clients file and
submit one report each for every project at once through the API (two requests a report: file it
with its two values, submit it). It prints reports per second, the p50/p99 of a request, the reports
lost (answered 2xx but not submitted in the database), each worker's memory, and next to them the
bound of the same run: the same reports written by the ORM, one transaction each, without HTTP,
authentication or checks. And the ceiling of the HTTP side in the same run: as many requests as the
burst made, each the cheapest authenticated API read (the token checked, one empty list), sent by the
same clients to the same workers; a report takes two requests, so half that rate is the most reports
per second these workers could answer if filing and submitting cost nothing. Everything it made is
deleted at the end.

The database must be one other processes can open (a file or a server, not the tests' memory)."""

import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from minsheng.core.clock import now, today
from minsheng.core.models import ApiToken, Membership, Region, Role, Unit
from minsheng.reporting.calendar import rules as calendar

REGION = "基准县（并发）"
LEAD = "基准县民政局"


class NotShared(Exception):
    """The database is the tests' in-memory one: gunicorn's workers could not see it."""


def _world(projects: int, clients: int) -> tuple[int, list[str]]:
    """The county, its plan and reporters, committed; (plan id, the reporters' tokens)."""
    from minsheng.plans.commit import commit_draft

    year = today().year
    region = Region.objects.create(name=REGION, kind="county")
    draft = {
        "plan": {"title": f"{REGION}{year}年民生实事", "year": year, "region": REGION},
        "categories": ["一、民生保障"],
        "projects": [
            {
                "seq": str(n),
                "category": "一、民生保障",
                "name": f"并发基准项目{n}",
                "content": "",
                "lead_units": [LEAD],
                "co_units": [],
                "targets": [
                    {"text": f"新建{10 + n}处", "value": 10 + n, "unit": "处", "comparator": "="},
                    {"text": "覆盖率达到90%", "value": 90, "unit": "%", "comparator": "≥"},
                ],
            }
            for n in range(1, projects + 1)
        ],
    }
    plan = commit_draft(draft, region, state="published", source_name="bench")
    unit = Unit.objects.get(region=region, name=LEAD)
    tokens = []
    for n in range(clients):
        user = get_user_model().objects.create_user(f"bench-burst-{n}", password=None)
        Membership.objects.create(user=user, role=Role.REPORTER, unit=unit)
        token = f"ms_bench_burst_{n}_{os.urandom(12).hex()}"
        ApiToken.objects.create(user=user, digest=ApiToken.digest_of(token))
        tokens.append(token)
    return plan.pk, tokens


def _remove() -> None:
    from django_tasks_db.models import DBTaskResult

    from minsheng.plans.models import Plan

    with transaction.atomic():
        for pk in Plan.objects.filter(region__name=REGION).values_list("pk", flat=True):
            DBTaskResult.objects.filter(task_path__endswith=".warm_plan", args_kwargs__args__0=pk).delete()
        Plan.objects.filter(region__name=REGION).delete()
        get_user_model().objects.filter(username__startswith="bench-burst-").delete()
        Unit.objects.filter(region__name=REGION).delete()
        Region.objects.filter(name=REGION).delete()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(workers: int, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "minsheng.wsgi:application", "--workers", str(workers)]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        env=os.environ.copy(),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/public/", timeout=2)
            return server
        except urllib.error.HTTPError:
            return server  # it answers
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn 未能在 60 秒内启动。")


def _post(url: str, token: str, body: dict | None) -> tuple[int, dict, float]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body or {}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            status, payload = answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as e:
        status, payload = e.code, {"detail": e.read().decode(errors="replace")[:300]}
    return status, payload, (time.perf_counter() - started) * 1000


def _all_at_once(client: Callable[[str], None], tokens: list[str]) -> float:
    """Seconds for one thread per token running `client(token)`, all started together."""
    threads = [threading.Thread(target=client, args=(t,)) for t in tokens]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started


def _get(url: str, token: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        answer.read()
        return answer.status


def _ceiling(base: str, tokens: list[str], requests: int) -> float:
    """Requests per second of the cheapest authenticated API read, the clients all at once."""
    left, lock = [requests], threading.Lock()

    def client(token: str) -> None:
        while True:
            with lock:
                if left[0] <= 0:
                    return
                left[0] -= 1
            _get(f"{base}/api/v1/sessions", token)

    return requests / _all_at_once(client, tokens)


def _burst(base: str, plan_id: int, tokens: list[str], period: str) -> tuple[list[float], int, float]:
    """(request times in ms, reports answered as submitted, seconds) of every reporter at once."""
    from minsheng.plans.models import Indicator

    work: dict[int, list[int]] = {}
    for project_id, pk in Indicator.objects.filter(project__plan=plan_id).values_list("project_id", "pk"):
        work.setdefault(project_id, []).append(pk)
    queue = list(work.items())
    lock, times, done, refused = threading.Lock(), [], [0], []

    def client(token: str) -> None:
        while True:
            with lock:
                if not queue:
                    return
                project_id, indicators = queue.pop()
            values = [{"indicator": pk, "value": 3} for pk in indicators]
            status, report, filed = _post(
                f"{base}/api/v1/projects/{project_id}/reports",
                token,
                {"period": period, "values": values, "lag_reason": "受雨季影响，施工有所延后。"},
            )
            if status != 201:
                with lock:
                    refused.append((status, report.get("detail", "")))
                continue
            status, _, submitted = _post(f"{base}/api/v1/reports/{report['id']}/submit", token, None)
            with lock:
                times.extend([filed, submitted])
                done[0] += status == 200
                if status != 200:
                    refused.append((status, ""))

    seconds = _all_at_once(client, tokens)
    if refused:
        raise RuntimeError(f"{len(refused)} 份报告被拒绝，第一份：{refused[0]}")
    return times, done[0], seconds


def _rss_mb(pid: int) -> list[float]:
    """The resident memory of the gunicorn workers (the children of `pid`), in MB."""
    sizes = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            if entry.name.isdigit() and int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                status = (entry / "status").read_text()
                kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
                sizes.append(kb / 1024)
        except (OSError, StopIteration, ValueError):
            continue
    return sizes


def _orm_bound(plan_id: int, period: str) -> float:
    """Reports per second when the same rows are written by the ORM, one transaction a report."""
    from minsheng.plans.models import Indicator, Project
    from minsheng.reporting.models import Report, ReportValue

    p = calendar.parse_period(period)
    projects = list(Project.objects.filter(plan=plan_id).values_list("pk", flat=True))
    indicators = list(Indicator.objects.filter(project__plan=plan_id).values_list("project_id", "pk"))
    started = time.perf_counter()
    for project_id in projects:
        with transaction.atomic():
            report = Report.objects.create(
                project_id=project_id, kind=p.kind, period=p.key, period_start=p.start,
                period_end=p.end, state="submitted", submitted_at=now(),
            )  # fmt: skip
            ReportValue.objects.bulk_create(
                ReportValue(report=report, indicator_id=i, value=3)
                for pid, i in indicators
                if pid == project_id
            )
    return len(projects) / (time.perf_counter() - started)


def run_burst_bench(write: Callable[[str], None], reports: int, clients: int, workers: int) -> None:
    from minsheng.reporting.models import Report

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        raise NotShared("并发基准需要其他进程也能打开的数据库（SQLite 文件或 PostgreSQL）。")
    _remove()  # what an interrupted run left
    period = calendar.period_of(calendar.WEEK, today()).key
    plan_id, tokens = _world(reports, clients)
    port = _free_port()
    server = _serve(workers, port)
    try:
        times, answered, seconds = _burst(f"http://127.0.0.1:{port}", plan_id, tokens, period)
        memory = _rss_mb(server.pid)
        ceiling = _ceiling(f"http://127.0.0.1:{port}", tokens, len(times))
    finally:
        server.terminate()
        server.wait(timeout=60)
    try:
        stored = Report.objects.filter(project__plan=plan_id, period=period, state="submitted").count()
        write(
            f"数据库：{connection.vendor}；gunicorn {workers} 个进程，{clients} 个并发填报人，{reports} 份周报"
        )
        write(f"{'指标':<16}{'数值':>12}")
        write(f"{'报告/秒':<16}{answered / seconds:>12.1f}")
        p99 = statistics.quantiles(times, n=100)[98] if len(times) > 1 else times[0]
        write(f"{'请求 p50 ms':<16}{statistics.median(times):>12.0f}")
        write(f"{'请求 p99 ms':<16}{p99:>12.0f}")
        write(f"{'丢失':<16}{answered - stored:>12}（应答已提交 {answered}，库中已提交 {stored}）")
        write(
            f"{'进程内存 MB':<16}{max(memory, default=0):>12.0f}（各进程：{', '.join(f'{m:.0f}' for m in memory)}）"
        )
        write(
            f"{'空请求上限':<16}{ceiling:>12.1f} 请求/秒（最简的带令牌 API 读取；每份报告两个请求，"
            f"报告/秒至多 {ceiling / 2:.1f}）"
        )
        Report.objects.filter(project__plan=plan_id).delete()
        write(
            f"{'同行 ORM 下限':<16}{_orm_bound(plan_id, period):>12.1f} 报告/秒（每份一个事务，无 HTTP 与校验）"
        )
    finally:
        _remove()
        write("（基准数据已删除）")
