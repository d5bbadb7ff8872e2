"""`minsheng bench province`: builds a province inside a transaction, measures the pages as the
province's office, prints a row per page, and leaves the database as it was."""

import pytest
from django.core.management import CommandError, call_command

from minsheng.core.models import Region
from minsheng.plans.models import Plan
from minsheng.reporting.models import Report
from minsheng.site.bench_province import _divisions, run_province_bench


def test_a_small_province_is_measured_and_rolled_back(db):
    regions, plans, reports = Region.objects.count(), Plan.objects.count(), Report.objects.count()
    lines: list[str] = []
    run_province_bench(lines.append, scale=0.01, repeat=1, projects=2)
    text = "\n".join(lines)
    codes = [code for code, _ in _divisions()]
    cities = sum(c.endswith("00") and not c.endswith("0000") for c in codes)
    plans_made = 1 + cities + 2  # the province, its cities, 1 % of the counties (rounded up)
    assert f"{plans_made} 个计划，{2 * plans_made} 个项目" in text
    for page in ("/watchlist/", "/dashboard/", "/api/v1/plans/", "/public/"):
        rows = [line for line in lines if page in line]
        assert rows and all(line.split()[-2] == "200" for line in rows), page
    assert "原始 SQL 下限" in text and "已回滚" in text and "月末状态表也空" in text
    assert (Region.objects.count(), Plan.objects.count(), Report.objects.count()) == (regions, plans, reports)


def test_bad_scale_is_refused_in_chinese(db):
    with pytest.raises(CommandError, match="--scale"):
        call_command("bench", "province", "--scale", "0")
