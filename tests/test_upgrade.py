"""The upgrade path (issue 17 item 5): the previous release (its commit in deploy/previous-release, the
last one that passed CI) migrates a database and loads its demo with its own code; then this release
runs `minsheng migrate` on that live database. Every row the old release wrote is still there, and the
pages read it. SQLite here, PostgreSQL when the suite runs on it. Update deploy/previous-release when
a release ships."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PREVIOUS = (ROOT / "deploy" / "previous-release").read_text().split()[0]
COUNTS = """
import json
from django.db import connection
with connection.cursor() as c:
    found = {}
    for t in sorted(connection.introspection.table_names(c)):
        c.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(t)}")
        found[t] = c.fetchone()[0]
print(json.dumps(found))
"""
PAGES = """
from django.test import Client
from django.contrib.auth import get_user_model
from minsheng.plans.models import Plan
plan = Plan.objects.get(region__name="济宁市", year=2024)
office = Client(); office.force_login(get_user_model().objects.get(username="office"))
pages = [("public", Client(), f"/public/plans/{plan.pk}/"), ("office", office, "/"), ("office", office, "/watchlist/"),
         ("office", office, f"/plans/{plan.pk}/"), ("office", office, "/supervision/assessment/")]
print([(who, url, c.get(url, HTTP_HOST="127.0.0.1").status_code) for who, c, url in pages])
"""


@pytest.fixture
def old_release(tmp_path):
    known = subprocess.run(
        ["git", "-C", str(ROOT), "cat-file", "-e", f"{PREVIOUS}^{{commit}}"], capture_output=True
    )
    if known.returncode != 0:
        pytest.skip(f"the previous release {PREVIOUS[:7]} is not in this clone's history (a shallow clone)")
    tree = tmp_path / "previous"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), PREVIOUS],
        check=True,
        capture_output=True,
    )
    try:
        yield tree
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], capture_output=True
        )


def _database_url(tmp_path: Path) -> str:
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{tmp_path / 'upgraded.sqlite3'}"
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    name = f"upgrade_{secrets.token_hex(4)}"
    subprocess.run(["psql", f"{base}/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
    return f"{base}/{name}"


def run(code: Path, url: str, data: Path, *args: str) -> str:
    """`minsheng …` from the code at `code` (its own package first on the path)."""
    env = os.environ | {
        "PYTHONPATH": str(code),
        "DATABASE_URL": url,
        "MINSHENG_DATA_DIR": str(data),
        "MINSHENG_TODAY": "2024-07-15",
        "DJANGO_SETTINGS_MODULE": "minsheng.settings",
    }
    done = subprocess.run(
        [sys.executable, "-m", "minsheng.cli", *args], env=env, cwd=code, capture_output=True, text=True
    )
    assert done.returncode == 0, f"{code.name}: minsheng {' '.join(args)}\n{done.stderr[-3000:]}"
    return done.stdout


def test_this_release_migrates_the_previous_releases_live_database(old_release, tmp_path):
    url, data = _database_url(tmp_path), tmp_path / "data"
    probe = run(old_release, url, data, "shell", "-c", "import minsheng; print(minsheng.__file__)")
    assert probe.strip().splitlines()[-1].startswith(str(old_release))  # the old code ran, not this checkout
    run(old_release, url, data, "migrate", "--noinput", "-v0")
    run(old_release, url, data, "demo")
    before = json.loads(run(old_release, url, data, "shell", "-c", COUNTS).strip().splitlines()[-1])
    assert before["reporting_report"] > 1000 and before["core_auditevent"] > 100

    run(ROOT, url, data, "migrate", "--noinput", "-v0")  # the upgrade
    after = json.loads(run(ROOT, url, data, "shell", "-c", COUNTS).strip().splitlines()[-1])
    # every row is still there; the new release's models add content types and their permissions
    grows = {"django_migrations", "django_content_type", "auth_permission"}
    changed = {t: (n, after.get(t)) for t, n in before.items() if t not in grows and after.get(t) != n}
    assert changed == {}
    assert all(after[t] >= before[t] for t in grows)
    pages = run(ROOT, url, data, "shell", "-c", PAGES).strip().splitlines()[-1]
    assert "200" in pages and all(status == 200 for *_, status in eval(pages))  # noqa: S307 (our own print)
