"""`minsheng serve` (what `make run` starts) runs the background worker beside gunicorn: a job queued in
the database is done without any other command, and stopping the server stops the worker. Real
processes on a fresh SQLite data folder; `--no-worker` leaves the worker to its own service."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command

ENQUEUE = "from minsheng.notices.background import read_notice; print(read_notice.enqueue(987654).id)"
STATUS = "from django_tasks_db.models import DBTaskResult as R; print(R.objects.get(id='{id}').status)"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _minsheng(env, *args) -> str:
    run = subprocess.run(
        [sys.executable, "-m", "minsheng.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def _workers(parent: int) -> list[int]:
    """The ids of the db_worker processes whose parent is `parent`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if (
            entry.name.isdigit()
            and int(stat.rsplit(")", 1)[1].split()[1]) == parent
            and b"db_worker" in command
        ):
            found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_serve_runs_the_queued_jobs_and_stops_its_worker(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env |= {"MINSHENG_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "minsheng.settings"}
    _minsheng(env, "migrate", "-v0")
    job = _minsheng(
        env, "shell", "-v0", "-c", ENQUEUE
    )  # an import that no longer exists: the job ends "gone"
    server = subprocess.Popen(
        [sys.executable, "-m", "minsheng.cli", "serve", "--port", str(_free_port()), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        status, deadline = "READY", time.monotonic() + 60
        while status != "SUCCESSFUL" and time.monotonic() < deadline:
            time.sleep(0.5)
            status = _minsheng(env, "shell", "-v0", "-c", STATUS.format(id=job))
        assert status == "SUCCESSFUL"
        workers = _workers(server.pid)
        assert len(workers) == 1 and _running(workers[0])
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    assert not _running(workers[0])  # stopped with the server, not left behind


@pytest.fixture
def no_exec(monkeypatch):
    calls = []
    monkeypatch.setattr(os, "execv", lambda *args: calls.append(args[1]))
    return calls


def test_no_worker_leaves_the_worker_out(no_exec, settings):
    settings.DEBUG = True  # a development key is accepted
    call_command("serve")
    call_command("serve", no_worker=True)
    with_worker, without = no_exec
    assert "python:minsheng.core.gunicorn_worker" in with_worker
    assert "python:minsheng.core.gunicorn_worker" not in without
