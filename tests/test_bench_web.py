"""`minsheng bench web`: one line per page with its timings, queries and status; a clear error when the
demo is not loaded."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from minsheng.plans.models import Plan
from minsheng.site.bench_web import p95

PAGES = [
    "/dashboard/",
    "/dashboard/dispatch/",
    "/public/",
    "/public/plans/",
    "/public/projects/",
    ".csv",
    ".json",
    "/commitments/",
]


def test_prints_a_line_per_page_with_numbers(db, settings):
    settings.MINSHENG_TODAY = "2024-07-15"
    out = StringIO()
    call_command("bench", "web", "--repeat", "2", stdout=out)
    lines = out.getvalue().splitlines()
    assert "演示时钟 2024-07-15" in lines[0]
    rows = [line for line in lines if re.search(r"\s(/\S+)$", line)]
    assert len(rows) == 9  # the dashboard twice: as the office and as the leader
    for fragment in PAGES:
        assert any(fragment in row for row in rows), fragment
    for row in rows:
        numbers = re.findall(r"\s(\d+\.\d|\d+)(?=\s)", row)
        p50, p95_, cold, queries, status = numbers[-5:]
        assert float(p50) > 0 and float(p95_) >= float(p50) and float(cold) > 0
        assert int(queries) >= 1 and int(status) == 200, row
    assert sum("leader" in row for row in rows) == 1 and sum("office" in row for row in rows) == 2


def test_refuses_without_the_demo(db):
    Plan.objects.filter(is_demo=True).update(is_demo=False)
    with pytest.raises(CommandError, match="请先运行 minsheng demo"):
        call_command("bench", "web", "--repeat", "1", stdout=StringIO())


def test_extract_still_dispatches_and_other_choices_are_refused(tmp_path):
    with pytest.raises(CommandError, match="种子通知目录不存在"):
        call_command("bench", "extract", "--seeds", str(tmp_path / "none"), stdout=StringIO())
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("bench", "nothing")


def test_p95_nearest_rank():
    assert p95([5.0]) == 5.0
    assert p95([float(i) for i in range(1, 21)]) == 19.0
    assert p95([3.0, 1.0]) == 3.0
