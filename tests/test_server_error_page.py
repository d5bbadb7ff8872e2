"""A server error answers a Chinese page in the site's frame (navigation included), rendered without
touching the database or the session, and is logged with its traceback on the console."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import path

import minsheng.urls
from minsheng.core import errors


def boom(request):
    raise ZeroDivisionError("planted failure 7f3a")


def denied(request):
    raise PermissionDenied("planted refusal 9c1e")


urlpatterns = [path("boom/", boom), path("denied/", denied), *minsheng.urls.urlpatterns]
handler500 = minsheng.urls.handler500  # the site's handler, as the real URL conf declares it

pytestmark = pytest.mark.urls(__name__)


def test_an_exception_in_a_view_gives_the_chinese_page(db):
    answer = Client(raise_request_exception=False).get("/boom/")
    assert answer.status_code == 500
    html = answer.content.decode()
    assert "系统出错" in html and "Server Error" not in html
    assert html.count("<main") == 1 and 'href="/public/"' in html  # the site's frame and navigation
    assert "planted failure" not in html and "ZeroDivisionError" not in html  # no internals shown


def test_the_error_is_logged_with_its_traceback(db, caplog):
    Client(raise_request_exception=False).get("/boom/")
    record = next(r for r in caplog.records if r.name == "django.request" and r.levelname == "ERROR")
    assert "/boom/" in record.getMessage() and record.exc_info[0] is ZeroDivisionError


def test_the_page_needs_neither_the_database_nor_the_session(db, django_assert_num_queries):
    request = RequestFactory().get("/plans/")  # no session, no user: the middleware may have failed
    with django_assert_num_queries(0):
        answer = errors.server_error(request)
    assert answer.status_code == 500 and "系统出错" in answer.content.decode()


def test_a_page_that_cannot_render_falls_back_to_a_fixed_one(monkeypatch):
    def broken(name):
        raise RuntimeError("template lost")

    monkeypatch.setattr(errors.loader, "get_template", broken)
    answer = errors.server_error(RequestFactory().get("/"))
    assert answer.status_code == 500 and "系统出错" in answer.content.decode()


SCRIPT = """
import django
django.setup()
from django.test import Client
from django.test.utils import override_settings
with override_settings(ROOT_URLCONF="tests.test_server_error_page", ALLOWED_HOSTS=["testserver"]):
    print(Client(raise_request_exception=False).get("/boom/").status_code)
    print(Client(raise_request_exception=False).get("/denied/").status_code)
"""


def test_the_console_log_carries_the_traceback(tmp_path):
    """The product's LOGGING, as configured at start-up: the traceback reaches stderr."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "MINSHENG_DATA_DIR": str(tmp_path),
        "MINSHENG_LOG_LEVEL": "INFO",
    }
    env.pop("DATABASE_URL", None)  # the view needs no database
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, cwd=root, capture_output=True, text=True, timeout=120
    )
    assert done.stdout.split() == ["500", "403"], done.stderr
    assert "ERROR django.request: Internal Server Error: /boom/" in done.stderr
    assert "Traceback" in done.stderr and "ZeroDivisionError: planted failure 7f3a" in done.stderr
    # A refusal is one line: no traceback that would bury the server errors' in the log.
    assert "Forbidden (Permission denied): /denied/" in done.stderr
    assert done.stderr.count("Traceback") == 1 and "planted refusal 9c1e" not in done.stderr
