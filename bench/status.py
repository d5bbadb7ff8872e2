"""Benchmark: the status of a 35-project plan with a year of approved weekly reports (52 weeks × 2
indicators × 35 projects) — time and number of queries of `plan_status`, median over N runs.

Runs on a fresh SQLite database in a temporary directory (or on DATABASE_URL if set).
Usage: .venv/bin/python bench/status.py [N]
"""

import datetime
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("MINSHENG_DATA_DIR", tempfile.mkdtemp(prefix="minsheng-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minsheng.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PROJECTS, WEEKS = 35, 52


def build_plan():
    from minsheng.core.bootstrap import ensure_regions
    from minsheng.core.models import Region
    from minsheng.plans.commit import commit_draft
    from minsheng.reporting.calendar import rules as calendar
    from minsheng.reporting.models import Report, ReportValue

    ensure_regions()
    draft = {
        "plan": {"title": "基准测试计划", "year": 2024, "region": "济宁市"},
        "categories": ["一、基准"],
        "projects": [
            {
                "seq": str(n),
                "category": "一、基准",
                "name": f"基准项目{n}",
                "content": "",
                "lead_units": ["市民政局"],
                "co_units": [],
                "targets": [
                    {"text": f"新建{n}处", "value": 100 + n, "unit": "处", "comparator": "="},
                    {"text": "覆盖率90%", "value": 90, "unit": "%", "comparator": "≥"},
                ],
            }
            for n in range(1, PROJECTS + 1)
        ],
    }
    plan = commit_draft(draft, Region.objects.get(name="济宁市"), source_name="bench")
    weeks = calendar.periods(calendar.WEEK, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))[:WEEKS]
    reports = []
    for project in plan.projects.all():
        for week in weeks:
            done = datetime.datetime.combine(week.end, datetime.time(20), calendar.SHANGHAI)
            reports.append(
                Report(
                    project=project,
                    kind="week",
                    period=week.key,
                    period_start=week.start,
                    period_end=week.end,
                    state="approved",
                    submitted_at=done,
                    approved_at=done,
                )
            )
    Report.objects.bulk_create(reports, batch_size=500)
    indicators = {}
    for project in plan.projects.prefetch_related("indicators"):
        indicators[project.pk] = list(project.indicators.all())
    values = []
    for n, report in enumerate(Report.objects.filter(project__plan=plan).order_by("project", "period_start")):
        pace = 8 + report.project_id % 5  # 80 % … 120 % of the straight line, by project
        for indicator in indicators[report.project_id]:
            week = (n % len(weeks)) + 1
            value = min(indicator.target_value, indicator.target_value * week * pace / (WEEKS * 10))
            values.append(ReportValue(report=report, indicator=indicator, value=value))
    ReportValue.objects.bulk_create(values, batch_size=1000)
    return plan, len(reports), len(values)


def main() -> None:
    from minsheng.supervision.status.queries import plan_status

    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    call_command("migrate", verbosity=0)
    plan, reports, values = build_plan()
    print(
        f"plan: {PROJECTS} projects, {reports} approved weekly reports, {values} values "
        f"({connection.settings_dict['ENGINE']})"
    )
    for as_of in (datetime.date(2024, 7, 15), datetime.date(2024, 12, 31)):
        plan_status(plan, as_of)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            plan_status(plan, as_of)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as ctx:
            statuses = plan_status(plan, as_of)
        colours = {
            c: sum(s.colour == c for s in statuses.values()) for c in ("red", "orange", "yellow", "green")
        }
        print(
            f"plan_status as of {as_of}: median {statistics.median(times):.1f} ms, "
            f"{len(ctx)} queries, colours {colours}"
        )


if __name__ == "__main__":
    main()
