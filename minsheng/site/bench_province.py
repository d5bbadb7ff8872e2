"""`minsheng bench province [--scale N]`: the pages a province office lives on, with a province's data.

Inside one transaction that is rolled back at the end (the database is left as it was), it builds a
province of the GB/T 2260 list (山东省: the province, its 16 cities and their counties, one published plan
each for 2024; `scale` takes that share of the counties) with 34 projects a plan (≈5,300 at scale 1), two targets each, and a year of
weekly ledgers and monthly reports, all approved (≈650,000 values). Then it requests each page as the
province's office: cold (cache emptied) once, warm `repeat` times, and prints p50/p95, the queries of
one request, and next to the status pages the raw-SQL bound of the same run — one query that reads the
latest approved value of every indicator as of the day, the least any status page must do."""

import datetime
import math
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from minsheng.core.clock import now
from minsheng.core.models import Membership, Region, Role
from minsheng.reporting.calendar import rules as calendar

PROVINCE = "37"  # 山东省: its codes start with 37
YEAR = 2024
AS_OF = datetime.date(2024, 11, 20)
PROJECTS_PER_PLAN = 34
DIVISIONS = Path(__file__).resolve().parents[1] / "core" / "data" / "divisions.tsv"
HOST = "localhost"


class Rollback(Exception):
    pass


def _divisions() -> list[tuple[str, str]]:
    rows = []
    for line in DIVISIONS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, name = line.split("\t")[:2]
        if code.startswith(PROVINCE):
            rows.append((code, name))
    return rows


def build_regions(scale: float) -> list[Region]:
    """The province, its cities and (as many as the scale asks) its counties, as a new root."""
    rows = _divisions()
    province = Region.objects.create(name="山东省（基准）", code=f"{PROVINCE}0000", kind="province")
    province.save()
    cities: dict[str, Region] = {}
    regions = [province]
    for code, name in rows:
        if code.endswith("00") and not code.endswith("0000"):
            cities[code[:4]] = Region.objects.create(name=name, code=code, kind="city", parent=province)
            regions.append(cities[code[:4]])
    counties = [(c, n) for c, n in rows if not c.endswith("00") and c[:4] in cities]
    for code, name in counties[: max(1, math.ceil(len(counties) * scale))]:
        regions.append(Region.objects.create(name=name, code=code, kind="county", parent=cities[code[:4]]))
    for region in regions:
        region.save()  # sets the materialised path
    return regions


def _draft(region: Region, projects: int) -> dict:
    return {
        "plan": {"title": f"{region.name}{YEAR}年民生实事", "year": YEAR, "region": region.name},
        "categories": ["一、民生保障", "二、城乡建设"],
        "projects": [
            {
                "seq": str(n),
                "category": "一、民生保障" if n % 2 else "二、城乡建设",
                "name": f"{region.name}民生实事项目{n}",
                "content": "",
                "lead_units": [f"{region.name}{('民政局', '住建局', '教育局', '卫健委')[n % 4]}"],
                "co_units": [],
                "targets": [
                    {"text": f"新建{10 + n}处", "value": 10 + n, "unit": "处", "comparator": "="},
                    {"text": "覆盖率达到90%", "value": 90, "unit": "%", "comparator": "≥"},
                ],
            }
            for n in range(1, projects + 1)
        ],
    }


def build_plans(regions: list[Region], projects: int) -> list:
    from minsheng.plans.commit import commit_draft

    return [
        commit_draft(_draft(region, projects), region, state="published", source_name="bench")
        for region in regions
    ]


def build_reports(plans: list) -> int:
    """A year of approved weekly and monthly reports up to AS_OF, each project at its own pace."""
    from minsheng.plans.models import Indicator
    from minsheng.reporting.models import Report, ReportValue

    begins, ends = datetime.date(YEAR, 1, 1), AS_OF
    periods = [
        (kind, p)
        for kind in (calendar.WEEK, calendar.MONTH)
        for p in calendar.periods(kind, begins, datetime.date(YEAR, 12, 31))
        if p.end <= ends
    ]
    indicators: dict[int, list] = {}
    for i in Indicator.objects.filter(project__plan__in=plans).order_by("pk"):
        indicators.setdefault(i.project_id, []).append(i)
    values = 0
    for project_id, rows in indicators.items():
        pace = Decimal(7 + project_id % 6) / 10  # 70 % … 120 % of the straight line
        reports = [
            Report(
                project_id=project_id,
                kind=kind,
                period=p.key,
                period_start=p.start,
                period_end=p.end,
                state="approved",
                submitted_at=_at(p.end, 18),
                approved_at=_at(p.end + datetime.timedelta(days=2), 10),
            )
            for kind, p in periods
        ]
        Report.objects.bulk_create(reports, batch_size=500)
        batch = []
        for report in reports:
            share = min(Decimal(1), pace * Decimal((report.period_end - begins).days) / 365)
            for i in rows:
                batch.append(
                    ReportValue(
                        report=report, indicator=i, value=(i.target_value * share).quantize(Decimal("0.01"))
                    )
                )
        ReportValue.objects.bulk_create(batch, batch_size=2000)
        values += len(batch)
    return values


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), calendar.SHANGHAI)


def raw_bound_ms(plan_ids: list[int]) -> float:
    """One query: the latest approved value of every indicator of the plans as of the day."""
    from minsheng.supervision.status.fetch import latest_values
    from minsheng.supervision.status.queries import end_of

    start = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT ON (rv.indicator_id) rv.indicator_id, rv.value "
                "FROM reporting_reportvalue rv JOIN reporting_report r ON r.id = rv.report_id "
                "JOIN plans_project p ON p.id = r.project_id "
                "WHERE p.plan_id = ANY(%s) AND r.state = 'approved' AND r.approved_at <= %s "
                "ORDER BY rv.indicator_id, r.period_end DESC, r.approved_at DESC",
                [plan_ids, end_of(AS_OF)],
            )
            cursor.fetchall()
    else:  # SQLite has no DISTINCT ON: the platform's own windowed read is the bound
        latest_values(plan_ids, end_of(AS_OF), AS_OF)
    return (time.perf_counter() - start) * 1000


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def _request(client: Client, path: str) -> tuple[int, float]:
    start = time.perf_counter()
    response = client.get(path)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return response.status_code, (time.perf_counter() - start) * 1000


def _before(mode: str, plan_ids: list[int]) -> None:
    """ "cold": the cache emptied (the month-end table kept, as it is in use); "rebuilt": the month-end
    table emptied too, as after every plan's past was edited; "approved": every plan has had a report
    approved since (its board stamp moved, not its history stamp), as after a month-end burst; "warm":
    nothing."""
    from minsheng.plans.models import Plan
    from minsheng.supervision.models import MonthEndStatus

    if mode in ("cold", "rebuilt"):
        cache.clear()
    if mode == "rebuilt":
        MonthEndStatus.objects.filter(plan__in=plan_ids).delete()
    elif mode == "approved":
        Plan.objects.filter(pk__in=plan_ids).update(board_changed_at=now())


def measure(
    client: Client, path: str, repeat: int, mode: str, plan_ids: list[int]
) -> tuple[int, float, float, int]:
    """(status, p50, p95, queries of one request), each request after `_before(mode)`."""
    times = []
    for _ in range(repeat):
        _before(mode, plan_ids)
        status, ms = _request(client, path)
        times.append(ms)
    _before(mode, plan_ids)
    with CaptureQueriesContext(connection) as captured:
        status = _request(client, path)[0]
    return status, statistics.median(times), _p95(times), len(captured)


def run_province_bench(
    write: Callable[[str], None], scale: float = 1.0, repeat: int = 5, projects: int = PROJECTS_PER_PLAN
) -> None:
    hosts = list(settings.ALLOWED_HOSTS)
    with override_settings(ALLOWED_HOSTS=[*hosts, HOST], MINSHENG_TODAY=AS_OF.isoformat()):
        try:
            with transaction.atomic():
                _run(write, scale, repeat, projects)
                raise Rollback
        except Rollback:
            write("（基准数据已回滚，数据库保持原样）")


def _run(write, scale: float, repeat: int, per_plan: int) -> None:
    from minsheng.plans.models import Project
    from minsheng.reporting.models import ReportValue

    started = time.perf_counter()
    regions = build_regions(scale)
    plans = build_plans(regions, per_plan)
    values = build_reports(plans)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # the statistics a live database has; allowed inside the transaction
    ids = [p.pk for p in plans]
    projects = Project.objects.filter(plan__in=ids).count()
    write(
        f"数据库：{connection.vendor}；省级规模 ×{scale:g}：{len(plans)} 个计划，{projects} 个项目，"
        f"{values} 个已审核数值（核对：{ReportValue.objects.filter(report__project__plan__in=ids).count()}）；"
        f"生成用时 {time.perf_counter() - started:.0f} 秒；截至 {AS_OF}"
    )
    user = get_user_model().objects.create_user("bench-province-office", password=None)
    Membership.objects.create(user=user, role=Role.OFFICE, region=regions[0])
    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    county = plans[-1]
    bound = statistics.median(raw_bound_ms(ids) for _ in range(3))
    pages = [
        ("重点关注清单（空缓存）", "/watchlist/", "cold"),
        ("重点关注清单（热）", "/watchlist/", "warm"),
        ("领导看板（空缓存，月末状态表也空）", "/dashboard/", "rebuilt"),
        ("领导看板（空缓存）", "/dashboard/", "cold"),
        ("领导看板（各计划刚有审核）", "/dashboard/", "approved"),
        ("领导看板（热）", "/dashboard/", "warm"),
        ("状态接口（县级计划）", f"/api/v1/plans/{county.pk}/status", "warm"),
        ("公开看板首页", "/public/", "warm"),
        ("公开计划（县级）", f"/public/plans/{county.pk}/", "warm"),
    ]
    write(f"原始 SQL 下限（全省各指标截至当日最新数值，一次查询）：{bound:.0f} ms")
    write(f"{'页面':<20}{'p50 ms':>9}{'p95 ms':>9}{'×下限':>7}{'查询数':>7}{'状态':>6}  路径")
    for label, path, mode in pages:
        status, p50, p95, queries = measure(client, path, repeat, mode, ids)
        write(f"{label:<20}{p50:>9.0f}{p95:>9.0f}{p50 / bound:>7.1f}{queries:>7}{status:>6}  {path}")
