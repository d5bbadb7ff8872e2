"""Helpers for the notification and tick tests (no tests here): a local HTTP server standing in for
the WeCom/DingTalk robots, and the demo situation around a due date."""

import datetime
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest


class RobotServer:
    """Records every POST (path, query, JSON) and answers `answer` with `status`."""

    def __init__(self):
        self.hits: list[dict] = []
        self.status = 200
        self.answer: dict = {"errcode": 0, "errmsg": "ok"}
        self.delay = 0.0
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                parts = urlsplit(self.path)
                with server._lock:
                    server.hits.append(
                        {
                            "path": parts.path,
                            "query": {k: v[0] for k, v in parse_qs(parts.query).items()},
                            "json": json.loads(body),
                            "content_type": self.headers.get("Content-Type"),
                            "authorization": self.headers.get("Authorization"),
                        }
                    )
                if server.delay:
                    time.sleep(server.delay)
                payload = json.dumps(server.answer).encode()
                try:
                    self.send_response(server.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (timeout tests)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str = "/cgi-bin/webhook/send?key=test-key") -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}{path}"

    def contents(self, path: str | None = None) -> list[str]:
        return [h["json"]["text"]["content"] for h in self.hits if path is None or h["path"] == path]


@pytest.fixture
def robot_server(monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    server = RobotServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def lead_projects(plan, unit_name: str):
    return list(
        plan.projects.filter(unit_roles__role="lead", unit_roles__unit__name=unit_name).order_by("order")
    )


def submit(project, period_key: str, when: datetime.datetime | None = None):
    """A submitted report of `project` for a period, made directly (the workflow has its own tests)."""
    from minsheng.reporting.calendar.rules import parse_period
    from minsheng.reporting.models import Report

    period = parse_period(period_key)
    return Report.objects.update_or_create(
        project=project,
        kind=period.kind,
        period=period.key,
        defaults={
            "period_start": period.start,
            "period_end": period.end,
            "state": "submitted",
            "submitted_at": when or datetime.datetime(2024, 7, 20, 10, tzinfo=datetime.UTC),
        },
    )[0]
