"""gunicorn's settings for production (the systemd unit and the container both start gunicorn with
`-c deploy/gunicorn.conf.py`): the address and the number of workers from the environment, the access
log on stdout, and prometheus_client's multiprocess bookkeeping when PROMETHEUS_MULTIPROC_DIR is set
(the folder emptied at start, a dead worker's counters merged), so /metrics counts every worker."""

import os
import shutil
from pathlib import Path

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn 27's control socket sits at one path per user ($HOME/.gunicorn/gunicorn.ctl): two instances
# of one user would fight over it, and nothing here uses it
control_socket_disable = True


def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        Path(folder).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
