"""The cache a deployment gets: the settings pick the database cache with PostgreSQL, memory with
SQLite, and the ones MINSHENG_CACHE names; the database cache's table comes with `migrate`, and its
`set_many` writes a province's entries in a fixed number of queries, overwrites, and culls."""

import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from minsheng.core.dbcache import DatabaseCache

DB_CACHE = {"default": {"BACKEND": "minsheng.core.dbcache.DatabaseCache", "LOCATION": "minsheng_cache_test"}}


def _backend(env: dict) -> str:
    code = "import django,os;os.environ['DJANGO_SETTINGS_MODULE']='minsheng.settings';django.setup();"
    code += "from django.conf import settings;c=settings.CACHES['default'];print(c['BACKEND'],c.get('LOCATION',''))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return out.stdout.strip()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (
            {"DATABASE_URL": "postgres://u@127.0.0.1:5/x"},
            "minsheng.core.dbcache.DatabaseCache minsheng_cache",
        ),
        ({"DATABASE_URL": "sqlite:////tmp/x.sqlite3"}, "django.core.cache.backends.locmem.LocMemCache"),
        ({"MINSHENG_CACHE_DIR": "/tmp/c"}, "django.core.cache.backends.filebased.FileBasedCache /tmp/c"),
        (
            {"MINSHENG_CACHE": "redis://127.0.0.1:6379/1"},
            "django.core.cache.backends.redis.RedisCache redis://",
        ),
        ({"DATABASE_URL": "postgres://u@h/x", "MINSHENG_CACHE": "memory"}, "LocMemCache"),
    ],
)
def test_settings_pick_the_cache(tmp_path, given, expected):
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("MINSHENG_CACHE", "DATABASE_URL"))}
    env |= {"MINSHENG_DATA_DIR": str(tmp_path), **given}
    assert expected in _backend(env)


@override_settings(CACHES=DB_CACHE)
def test_database_cache_writes_many_entries_in_a_few_queries(db):
    call_command("createcachetable", verbosity=0)
    cache = DatabaseCache("minsheng_cache_test", {"OPTIONS": {"MAX_ENTRIES": 1000}})
    entries = {f"plan:{n}": {"history": list(range(n))} for n in range(180)}
    with CaptureQueriesContext(connection) as queries:
        assert cache.set_many(entries) == []
    assert len(queries) <= 6
    assert cache.get_many(list(entries)) == entries
    cache.set_many({"plan:3": "新值", "plan:999": "另一个"})  # overwrites one, adds one
    assert (
        cache.get("plan:3") == "新值"
        and cache.get("plan:999") == "另一个"
        and cache.get("plan:4") == entries["plan:4"]
    )


@override_settings(CACHES=DB_CACHE)
def test_database_cache_stays_within_its_size(db):
    call_command("createcachetable", verbosity=0)
    cache = DatabaseCache("minsheng_cache_test", {"OPTIONS": {"MAX_ENTRIES": 50, "CULL_FREQUENCY": 2}})
    for batch in range(6):
        cache.set_many({f"k{batch}:{n}": n for n in range(20)})
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM minsheng_cache_test")
        assert cursor.fetchone()[0] <= 50 + 20


def test_migrate_makes_the_database_cache_table(db):
    from minsheng.core.dbcache import create_cache_table

    with override_settings(CACHES=DB_CACHE):
        create_cache_table(using="default")
    assert "minsheng_cache_test" in connection.introspection.table_names()
