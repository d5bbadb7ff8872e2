"""`minsheng bench burst` on a SQLite file: real gunicorn workers take a small burst through the API, it
prints its figures with nothing lost, and it leaves the database as it found it. (No figure is
asserted: the bench measures, the test only checks that it runs and counts.)"""

import os
import re
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import connection


def _minsheng(env, *args):
    return subprocess.run(
        [sys.executable, "-m", "minsheng.cli", *args], env=env, capture_output=True, text=True, timeout=300
    )


def test_a_small_burst_through_gunicorn(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env |= {"MINSHENG_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "minsheng.settings"}
    assert _minsheng(env, "migrate", "-v0").returncode == 0
    run = _minsheng(env, "bench", "burst", "--reports", "6", "--clients", "2", "--workers", "1")
    assert run.returncode == 0, run.stderr
    assert re.search(r"丢失\s+0（应答已提交 6，库中已提交 6）", run.stdout), run.stdout
    assert (
        re.search(r"报告/秒\s+\d", run.stdout)
        and "进程内存 MB" in run.stdout
        and re.search(r"空请求上限\s+\d+\.\d 请求/秒", run.stdout)
        and "（基准数据已删除）" in run.stdout
    )
    left = _minsheng(
        env,
        "shell",
        "-v0",
        "-c",
        "from minsheng.core.models import Region; print(Region.objects.filter(name__startswith='基准').count())",
    )
    assert left.stdout.strip() == "0"


@pytest.mark.django_db
def test_the_tests_memory_database_is_refused():
    if connection.vendor != "sqlite":
        pytest.skip("on PostgreSQL the test database is one other processes can open")
    with pytest.raises(CommandError, match="并发基准需要其他进程也能打开的数据库"):
        call_command("bench", "burst", "--reports", "1")
