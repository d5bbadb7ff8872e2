"""gunicorn hooks that run the background worker (`minsheng db_worker`) beside the web workers, so one
`minsheng serve` (and `make run`) is a whole instance. In production the worker runs as its own service
and `minsheng serve --no-worker` leaves it out."""

import subprocess
import sys

_worker: subprocess.Popen | None = None


def on_starting(server) -> None:
    global _worker
    _worker = subprocess.Popen([sys.executable, "-m", "minsheng.cli", "db_worker", "--no-reload"])
    server.log.info("background worker started (pid %s)", _worker.pid)


def on_exit(server) -> None:
    if _worker is not None and _worker.poll() is None:
        _worker.terminate()  # the worker finishes its current task's step and stops
        try:
            _worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            _worker.kill()
