"""Benchmark: time and queries of the main pages and API endpoints on the demo data.

Runs on a fresh SQLite database in a temporary directory (or on DATABASE_URL if set) and prints, for
each request, the median and 95th-percentile time over N runs and the number of SQL queries.
Usage: .venv/bin/python bench/pages.py [N]
"""

import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("MINSHENG_DATA_DIR", tempfile.mkdtemp(prefix="minsheng-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minsheng.settings")
os.environ.setdefault("MINSHENG_TODAY", "2024-07-15")  # the demo clock: the 2024 plans mid-year

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]


def measure(client: Client, url: str, runs: int) -> tuple[float, float, int]:
    client.get(url)  # warm caches and templates
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], len(ctx)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("demo", quiet=True, stdout=quiet)
    print(f"demo load: {time.perf_counter() - start:.2f} s  ({settings.DATABASES['default']['ENGINE']})")
    from minsheng.plans.models import Plan, Project

    big = Plan.objects.get(region__name="济宁高新区", year=2022)
    city = Plan.objects.get(region__name="济宁市", year=2024)
    project = Project.objects.get(plan__region__name="济宁市", plan__year=2024, seq="2")
    office = Client()
    office.force_login(get_user_model().objects.get(username="office"))
    public = Client()
    cases = [
        ("plan list (office)", office, "/"),
        ("plan detail, 33 projects (public)", public, f"/plans/{big.pk}/"),
        ("project detail (office)", office, f"/projects/{project.pk}/"),
        ("my projects (minzheng)", None, "/my/"),
        ("GET /api/v1/plans", public, "/api/v1/plans"),
        ("GET /api/v1/plans/{id}, 33 projects", public, f"/api/v1/plans/{big.pk}"),
        ("GET /api/v1/projects/{id}", public, f"/api/v1/projects/{project.pk}"),
        ("weekly ledger grid (minzheng)", None, "/ledger/"),
        ("plan ledger, 30 projects (office)", office, f"/plans/{city.pk}/ledger/"),
        ("plan ledger .xlsx (office)", office, f"/plans/{city.pk}/ledger.xlsx"),
        ("plan compliance, months (office)", office, f"/plans/{city.pk}/compliance/"),
        ("plan compliance, weeks (office)", office, f"/plans/{city.pk}/compliance/?kind=week"),
        ("compliance overview (office)", office, "/compliance/"),
        ("GET /api/v1/plans/{id}/compliance", office, f"/api/v1/plans/{city.pk}/compliance?as_of=2024-07-15"),
        ("report inbox (office)", office, "/reports/"),
    ]
    reporter = Client()
    reporter.force_login(get_user_model().objects.get(username="minzheng"))
    print(f"{'request':<40}{'median ms':>10}{'p95 ms':>9}{'queries':>9}")
    for name, client, url in cases:
        median, p95, queries = measure(client or reporter, url, runs)
        print(f"{name:<40}{median:>10.1f}{p95:>9.1f}{queries:>9}")
    start = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("tick", stdout=quiet)
    print(
        f"minsheng tick over the demo (first run, sends in-app notices): {time.perf_counter() - start:.2f} s"
    )


if __name__ == "__main__":
    main()
