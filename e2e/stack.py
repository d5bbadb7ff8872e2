"""The production stack on this machine, without containers (no Docker engine here): a PostgreSQL cluster
of its own, a SeaweedFS object store for the media, an OpenID Connect provider, the commands of deploy/systemd/'s units (their ExecStartPre/ExecStart lines, with
/srv/minsheng read as this checkout), and nginx serving deploy/nginx/minsheng.conf over TLS with a
certificate made for the run. Used by e2e/test_stack.py; everything stops and is removed at the end."""

import configparser
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from string import Template

from tests import pgcluster
from tests.oidc_provider.server import CLIENT_ID, CLIENT_SECRET, Provider
from tests.s3server import ObjectStore

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
NGINX_VARS = ("SERVER_NAME", "HTTPS_PORT", "HTTP_PORT", "TLS_CERT", "TLS_KEY", "UPSTREAM", "STATIC_ROOT")


def unit_commands(name: str) -> list[list[str]]:
    """The ExecStartPre and ExecStart lines of a unit, in order, as argv lists for this checkout."""
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # keep ExecStartPre's case
    text = (DEPLOY / "systemd" / name).read_text(encoding="utf-8")
    # systemd repeats keys (two ExecStartPre): number them so configparser keeps each
    numbered, seen = [], 0
    for line in text.splitlines():
        if line.startswith(("ExecStartPre=", "ExecStart=")):
            seen += 1
            line = f"{seen:02d}{line}"
        numbered.append(line)
    parser.read_string("\n".join(numbered))
    lines = [v for k, v in sorted(parser["Service"].items()) if re.match(r"\d\dExecStart(Pre)?$", k)]
    venv_bin = str(Path(sys.executable).parent)
    return [
        [
            part.replace("/srv/minsheng/.venv/bin", venv_bin).replace("/srv/minsheng", str(ROOT))
            for part in shlex.split(line)
        ]
        for line in lines
    ]


class Stack:
    """Start with `start()`, stop with `stop()`; `url(path)` is the HTTPS address through nginx."""

    def __init__(self, work: Path):
        self.work = work
        self.processes: list[subprocess.Popen] = []
        self.https_port, self.http_port, self.app_port, self.pg_port = (
            pgcluster.free_port() for _ in range(4)
        )
        self.data = work / "var"
        self.env = os.environ | {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.pg_port}/minsheng",
            "SECRET_KEY": "stack-" + os.urandom(32).hex(),
            "ALLOWED_HOSTS": "localhost,127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": f"https://localhost:{self.https_port}",
            "SECURE_COOKIES": "1",
            "MINSHENG_SITE_URL": f"https://localhost:{self.https_port}",
            "MINSHENG_DATA_DIR": str(self.data),
            "MINSHENG_CLIENT_IP_HEADER": "X-Real-IP",
            "MINSHENG_METRICS_TOKEN": "stack-token",
            "MINSHENG_LOG_FORMAT": "json",
            "PROMETHEUS_MULTIPROC_DIR": str(work / "metrics"),
            "BIND": f"127.0.0.1:{self.app_port}",
            "WEB_CONCURRENCY": "2",
            "DJANGO_SUPERUSER_PASSWORD": "Stack-Passw0rd-2024",
        }
        for name in ("MINSHENG_TODAY", "DJANGO_SETTINGS_MODULE", "MEDIA_ROOT", "MINSHENG_CACHE"):
            self.env.pop(name, None)

    @property
    def minsheng(self) -> str:
        return str(Path(sys.executable).parent / "minsheng")

    def url(self, path: str = "/") -> str:
        return f"https://localhost:{self.https_port}{path}"

    @property
    def cert(self) -> Path:
        return self.work / "tls" / "cert.pem"

    def run(self, argv: list[str], **kw) -> subprocess.CompletedProcess:
        done = subprocess.run(argv, env=self.env, cwd=ROOT, capture_output=True, text=True, **kw)
        if done.returncode != 0:
            raise RuntimeError(f"{shlex.join(argv)} failed: {done.stderr[-2000:]}")
        return done

    def spawn(self, argv: list[str], log: str) -> subprocess.Popen:
        out = (self.work / f"{log}.log").open("w")
        process = subprocess.Popen(
            argv, env=self.env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append(process)
        return process

    def log(self, name: str) -> str:
        return (self.work / f"{name}.log").read_text(errors="replace")

    def _postgres(self) -> None:
        bindir = pgcluster.bindir()
        if bindir is None:
            raise FileNotFoundError(
                "PostgreSQL server binaries not found (initdb): apt-get install postgresql"
            )
        self._pg = pgcluster.Cluster(bindir, pgcluster.scratch("minsheng-stack-pg-"), "data", self.pg_port)
        self._pg.initdb()
        self._pg.start()
        self.run(
            [
                "psql",
                f"postgres://postgres@127.0.0.1:{self.pg_port}/postgres",
                "-qc",
                "CREATE DATABASE minsheng",
            ]
        )

    def _certificate(self) -> None:
        (self.work / "tls").mkdir()
        self.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout",
                str(self.work / "tls" / "key.pem"),
                "-out",
                str(self.cert),
            ]
        )

    def _nginx(self) -> None:
        values = {
            "SERVER_NAME": "localhost",
            "HTTPS_PORT": str(self.https_port),
            "HTTP_PORT": str(self.http_port),
            "TLS_CERT": str(self.cert),
            "TLS_KEY": str(self.work / "tls" / "key.pem"),
            "UPSTREAM": f"127.0.0.1:{self.app_port}",
            "STATIC_ROOT": str(self.data / "static"),
        }
        assert set(values) == set(NGINX_VARS)
        server = Template((DEPLOY / "nginx" / "minsheng.conf").read_text(encoding="utf-8")).safe_substitute(
            values
        )
        nginx = self.work / "nginx"
        (nginx / "logs").mkdir(parents=True)
        (nginx / "minsheng.conf").write_text(server, encoding="utf-8")
        user = "root root" if os.geteuid() == 0 else ""
        main = f"""{f"user {user};" if user else ""}
worker_processes 1;
pid {nginx}/nginx.pid;
error_log {nginx}/logs/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log {nginx}/logs/access.log;
    client_body_temp_path {nginx}/body; proxy_temp_path {nginx}/proxy;
    fastcgi_temp_path {nginx}/fastcgi; uwsgi_temp_path {nginx}/uwsgi; scgi_temp_path {nginx}/scgi;
    include {nginx}/minsheng.conf;
}}
"""
        (nginx / "nginx.conf").write_text(main, encoding="utf-8")
        self.run(["nginx", "-t", "-p", str(nginx), "-c", str(nginx / "nginx.conf")])
        self.spawn(["nginx", "-p", str(nginx), "-c", str(nginx / "nginx.conf"), "-g", "daemon off;"], "nginx")

    def _object_store(self) -> None:
        """The media bucket on a SeaweedFS server of the run's own (tests/s3server.py): the app and the
        worker keep no file on their disk, as app nodes behind one proxy must not."""
        self._objects = ObjectStore().__enter__()
        self.bucket = self._objects.make_bucket("minsheng-media")
        self.env.update(self._objects.env(self.bucket))

    def _identity_provider(self) -> None:
        """The government's identity provider (the django-oauth-toolkit test provider, its own process),
        with the platform registered as a client at its HTTPS address; staff sign in through it."""
        folder = self.work / "idp"
        folder.mkdir()
        self._idp = Provider(folder, self.url("/oidc/callback/"), self.url("/")).__enter__()
        self.idp_issuer = self._idp.issuer
        self._idp.claims(
            name="张三",
            email="zhangsan@jining.gov.cn",
            minsheng_roles=[{"role": "office", "region": "370800"}],
        )
        self.env |= {
            "OIDC_OP_ISSUER": self._idp.issuer,
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
        }

    def start(self) -> None:
        self._postgres()
        self._object_store()
        self._identity_provider()
        self._certificate()
        *before, web = unit_commands("minsheng-web.service")
        for argv in before:  # migrate, collectstatic
            self.run(argv)
        self.run([self.minsheng, "regions", "--builtin"])  # the README's step: the region tree
        self.run(
            [
                self.minsheng,
                "createsuperuser",
                "--noinput",
                "--username",
                "operator",
                "--email",
                "ops@example.gov.cn",
            ]
        )
        self.spawn(web, "web")
        self.spawn(unit_commands("minsheng-worker.service")[0], "worker")
        self._nginx()
        self.wait_for(self.app_port)
        self.wait_for(self.https_port)

    def wait_for(self, port: int, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    return
            if any(p.poll() is not None for p in self.processes):
                break
            time.sleep(0.2)
        logs = "\n".join(f"--- {p.args[0]}\n" for p in self.processes if p.poll() is not None)
        raise RuntimeError(f"port {port} never answered; exited: {logs}\n{self.log('web')[-2000:]}")

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        if hasattr(self, "_idp"):
            self._idp.__exit__(None, None, None)
        if hasattr(self, "_objects"):
            self._objects.__exit__(None, None, None)
        if hasattr(self, "_pg"):
            self._pg.stop()
            self._pg.remove()
