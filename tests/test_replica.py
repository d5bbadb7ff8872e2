"""Read replicas (core/dbrouter.py). The rules that pick the database are plain functions, tested
directly, and so is the middleware's pin. Then the real thing, whatever engine the suite runs on: the
harness starts a PostgreSQL primary and a streaming standby of it (pg_basebackup -R), serves minsheng
with DATABASE_URL on the primary and DATABASE_REPLICA_URLS on the standby, pauses the standby's replay
and watches what clients see: a citizen's proposal (an anonymous POST to the API) is not yet on the
replica a fresh visitor's GET reads, the citizen's own next page reads the primary and finds it until
the pin runs out, and once replay resumes the fresh visitor finds it too."""

import http.cookiejar
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponse
from django.test import RequestFactory

from minsheng.core import dbrouter
from minsheng.core.dbrouter import ReplicaMiddleware, ReplicaRouter, pinned, pins, read_alias
from tests import pgcluster

ROOT = Path(__file__).resolve().parent.parent
REPLICAS = ("replica1", "replica2")
PIN_SECONDS = 4  # long enough for two requests on a busy machine, short enough to wait out
CITY = """
INSERT INTO core_region (name, code, kind, parent_id, path, "order") VALUES ('测试市', '', 'city', NULL, '', 0);
UPDATE core_region SET path = '/' || id || '/'
"""


# ── the rules ───────────────────────────────────────────────────────────────────────────────────────


def test_only_the_reads_of_a_page_that_changes_nothing_go_to_a_replica():
    def alias(method, pinned=False, wrote=False, in_atomic=False, replicas=REPLICAS):
        return read_alias(
            method, pinned=pinned, wrote=wrote, in_atomic=in_atomic, replicas=replicas, pick=lambda r: r[-1]
        )

    assert alias("GET") == alias("HEAD") == "replica2"
    assert alias(None) == "default"  # a command, the tick, the worker
    assert alias("POST") == alias("PUT") == alias("DELETE") == alias("OPTIONS") == "default"
    assert alias("GET", pinned=True) == "default"  # the client changed something a moment ago
    assert alias("GET", wrote=True) == "default"  # this request already wrote: it reads its own write
    assert alias("GET", in_atomic=True) == "default"  # a transaction on the primary reads the primary
    assert alias("GET", replicas=()) == "default"
    assert {
        read_alias("GET", pinned=False, wrote=False, in_atomic=False, replicas=REPLICAS) for _ in range(200)
    } == {*REPLICAS}

    assert pins("POST", changed=False, session_changed=False)
    assert pins("GET", changed=True, session_changed=False)
    assert pins("GET", changed=False, session_changed=True)
    assert not pins("GET", changed=False, session_changed=False)
    assert not pins("HEAD", changed=False, session_changed=False)

    assert pinned("1000", now=999.5) and not pinned("1000", now=1000.5)
    assert not pinned(None, now=0) and not pinned("", now=0) and not pinned("soon", now=0)


def test_without_replicas_nothing_changes(settings):
    assert settings.DATABASE_ROUTERS == [] and set(settings.DATABASES) == {"default"}
    with pytest.raises(MiddlewareNotUsed):
        ReplicaMiddleware(lambda request: HttpResponse())


class _Model:
    def __init__(self, app_label: str):
        self._meta = SimpleNamespace(app_label=app_label)


@pytest.fixture
def with_replicas(monkeypatch):
    monkeypatch.setattr(dbrouter, "replica_aliases", lambda: REPLICAS)
    return ReplicaRouter()


def _serve(view, request):
    return ReplicaMiddleware(view)(request)


def test_the_middleware_routes_each_request_and_pins_a_client_that_changed_something(with_replicas, settings):
    router, factory, seen = with_replicas, RequestFactory(), []
    data, cache = _Model("plans"), _Model(dbrouter.CACHE_APP)

    def read(request):
        seen.append(router.db_for_read(data))
        return HttpResponse()

    assert router.db_for_read(data) == "default"  # outside any request
    response = _serve(read, factory.get("/"))
    assert seen[-1] in REPLICAS and dbrouter.PIN_COOKIE not in response.cookies
    response = _serve(read, factory.post("/"))
    assert seen[-1] == "default"
    pin = response.cookies[dbrouter.PIN_COOKIE]
    assert pin["max-age"] == settings.REPLICA_PIN_SECONDS
    assert pin["httponly"] and pin["samesite"] == "Lax"
    assert float(pin.value) > time.time()

    pinned_get = factory.get("/")
    pinned_get.COOKIES[dbrouter.PIN_COOKIE] = pin.value
    _serve(read, pinned_get)
    assert seen[-1] == "default"  # read-after-write: the client's next page reads the primary
    expired = factory.get("/")
    expired.COOKIES[dbrouter.PIN_COOKIE] = str(time.time() - 1)
    _serve(read, expired)
    assert seen[-1] in REPLICAS

    def fills_the_cache(request):
        assert router.db_for_write(cache) == "default"
        seen.append(router.db_for_read(cache))  # reads back what it just stored: from the primary
        return HttpResponse()

    response = _serve(fills_the_cache, factory.get("/"))
    assert seen[-1] == "default" and dbrouter.PIN_COOKIE not in response.cookies  # the cache pins no one

    def writes(request):
        router.db_for_write(data)
        return HttpResponse()

    assert dbrouter.PIN_COOKIE in _serve(writes, factory.get("/")).cookies
    session_get = factory.get("/")
    session_get.session = SimpleNamespace(modified=True)  # e.g. a receipt taken out of the session
    assert dbrouter.PIN_COOKIE in _serve(lambda r: HttpResponse(), session_get).cookies
    assert router.db_for_read(data) == "default"  # the request's state ends with the request
    assert router.allow_relation(data, data) and router.allow_migrate("default", "plans")
    assert not router.allow_migrate("replica1", "plans")


# ── a real primary and standby ──────────────────────────────────────────────────────────────────────


class Clusters:
    """A primary and a standby in one scratch folder (tests/pgcluster.py)."""

    def __init__(self, bindir: Path):
        # In memory where there is room (two small clusters: about 200 MB): start, migrate and remove fast.
        self.tmp = pgcluster.scratch("minsheng-replica-")
        self.primary_port, self.replica_port = pgcluster.free_port(), pgcluster.free_port()
        self.primary = pgcluster.Cluster(bindir, self.tmp, "primary", self.primary_port)
        self.replica = pgcluster.Cluster(bindir, self.tmp, "replica", self.replica_port)
        self.started: list[pgcluster.Cluster] = []

    def start(self, cluster: pgcluster.Cluster) -> None:
        self.started.append(cluster)
        cluster.start("synchronous_commit=off")

    def up(self) -> None:
        self.primary.initdb("wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\n")
        self.start(self.primary)
        self.primary.run(
            "createdb", "-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres", "minsheng"
        )

    def standby(self) -> None:
        self.primary.run(
            "pg_basebackup", "-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres",
            "-D", str(self.replica.data), "-R", "-X", "stream", "-c", "fast",
        )  # fmt: skip
        self.start(self.replica)

    def url(self, port: int) -> str:
        return f"postgres://postgres@127.0.0.1:{port}/minsheng"

    def sql(self, port: int, query: str):
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=port, user="postgres", dbname="minsheng", autocommit=True
        ) as c:
            cursor = c.execute(query)
            return cursor.fetchall() if cursor.description else None

    def down(self) -> None:
        for cluster in reversed(self.started):
            cluster.stop()
        self.primary.remove()


class Browser:
    """A client with its own cookies (urllib: nothing beyond the standard library)."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def open(self, url: str, payload: dict | None = None) -> tuple[int, str]:
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(url, data, {"Content-Type": "application/json"} if data else {})
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as refused:
            return refused.code, refused.read().decode()

    def has_cookie(self, name: str) -> bool:
        return any(cookie.name == name for cookie in self.cookies)


def _until(check, seconds: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """The primary (migrated, one city to address proposals to), its standby caught up, and gunicorn
    reading from the standby (one worker, warmed by the first page: no cold start eats into the pin):
    (clusters, the site's address)."""
    bindir = pgcluster.bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb) not found: apt-get install postgresql")
    clusters, server = Clusters(bindir), None
    try:
        clusters.up()
        data = tmp_path_factory.mktemp("replica-site")
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URLS"}
        env |= {
            "DATABASE_URL": clusters.url(clusters.primary_port),
            "MINSHENG_DATA_DIR": str(data),
            "SECRET_KEY": secrets.token_urlsafe(50),  # one for both processes, none written to the folder
            "DJANGO_SETTINGS_MODULE": "minsheng.settings",
            "MINSHENG_REPLICA_PIN_SECONDS": str(PIN_SECONDS),
        }
        migrate = subprocess.Popen(
            [sys.executable, "-m", "minsheng.cli", "migrate", "--noinput", "-v0"],
            env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        # Meanwhile gunicorn boots (it touches no table before its first page) and the standby is made
        # (it streams the migration as it is written).
        port, log = pgcluster.free_port(), data / "serve.log"
        gunicorn = ["gunicorn", "minsheng.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
        with log.open("w") as errors:
            server = subprocess.Popen(
                [sys.executable, "-m", *gunicorn, "--no-control-socket"],
                env=env | {"DATABASE_REPLICA_URLS": clusters.url(clusters.replica_port)},
                cwd=ROOT,
                stdout=errors,
                stderr=errors,
            )
        clusters.standby()
        output = migrate.communicate(timeout=300)[0]
        assert migrate.returncode == 0, output[-3000:]
        clusters.sql(clusters.primary_port, CITY)
        _until(
            lambda: clusters.sql(clusters.replica_port, "SELECT count(*) FROM core_region") == [(1,)],
            what="the standby",
        )
        site = f"http://127.0.0.1:{port}"

        def answers() -> bool:
            assert server.poll() is None, log.read_text()[-3000:]
            try:
                return Browser().open(f"{site}/proposals/track/")[0] == 200
            except urllib.error.URLError:
                return False

        _until(answers, what="gunicorn")
        yield clusters, site
    finally:
        if server is not None:
            server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        clusters.down()


def test_pages_read_the_replica_and_a_client_reads_its_own_write_from_the_primary(stack):
    clusters, site = stack
    replica = clusters.replica_port
    clusters.sql(replica, "SELECT pg_wal_replay_pause()")
    _until(
        lambda: clusters.sql(replica, "SELECT pg_get_wal_replay_pause_state()") == [("paused",)],
        what="the standby to pause",
    )
    proposal = {
        "title": "增设公交站台",
        "content": "建议在人民路口增设公交站台，方便居民出行。",
        "region": "测试市",
    }
    try:
        citizen = Browser()
        status, body = citizen.open(f"{site}/api/v1/proposals", proposal)
        posted = time.monotonic()
        assert status == 201, body
        receipt = json.loads(body)["receipt"]
        assert citizen.has_cookie(dbrouter.PIN_COOKIE)  # pinned to the primary for a few seconds
        track = f"{site}/proposals/track/{receipt}/"
        found = f"SELECT count(*) FROM participation_proposal WHERE receipt = '{receipt}'"
        assert clusters.sql(clusters.primary_port, found) == [(1,)]
        assert clusters.sql(replica, found) == [(0,)]

        # (a) a fresh visitor's page reads the replica, which has not replayed the proposal yet
        assert Browser().open(track)[0] == 404
        # (b) the citizen's own next page reads the primary: its proposal is there at once
        status, page = citizen.open(track)
        assert status == 200 and "增设公交站台" in page, f"{time.monotonic() - posted:.1f} s after the write"
        # … until the pin runs out: then the citizen reads the replica like everyone else
        _until(lambda: citizen.open(track)[0] == 404, PIN_SECONDS + 5, "the pin to end")
    finally:
        clusters.sql(replica, "SELECT pg_wal_replay_resume()")
    # (c) once the standby replays, the fresh visitor finds it too
    _until(lambda: Browser().open(track)[0] == 200, what="the standby to replay")
