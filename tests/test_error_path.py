"""One error path: every domain error is a DomainError with a Chinese message and a 4xx status; the API
answers it in one handler, a page through one helper; a refusal is logged at INFO, never as an error,
and an unexpected error reaches the log file with its traceback."""

import importlib
import json
import logging
import pkgutil
import re

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django.urls import path

import minsheng
import minsheng.urls
from minsheng.api.api import api
from minsheng.core.errors import DataDirFileHandler, DomainError
from minsheng.core.views import refused, refused_to
from minsheng.participation.votes.workflow import VoteError
from minsheng.reporting.reports.workflow import Conflict
from tests.conftest import plan

CHINESE = re.compile(r"[\u4e00-\u9fff]")
NOT_IMPORTED = ("minsheng.settings", "minsheng.wsgi", "minsheng.asgi")


def page(request, status=200, errors=()):
    """A page that shows its errors, as the site's pages do."""
    return HttpResponse("".join(f"<li>{e}</li>" for e in errors), status=status)


def refusing_page(request):
    try:
        raise VoteError("本次票决已结束，不能投票。", status=409)
    except VoteError as e:
        return refused(request, e, page)


def refusing_redirect(request):
    try:
        raise VoteError("只有本级人大代表可以在本次会议投票。", status=403)
    except VoteError as e:
        return refused_to(request, e, "/")


def boom(request):
    raise ZeroDivisionError("planted failure 5d2b")


urlpatterns = [
    path("refusing/", refusing_page),
    path("refusing-redirect/", refusing_redirect),
    path("boom/", boom),
    *minsheng.urls.urlpatterns,
]
handler500 = minsheng.urls.handler500


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def domain_errors() -> list[type[DomainError]]:
    for module in pkgutil.walk_packages(minsheng.__path__, "minsheng."):
        if ".migrations" in module.name or module.name in NOT_IMPORTED:
            continue
        importlib.import_module(module.name)
    return sorted(set(_all_subclasses(DomainError)), key=lambda c: f"{c.__module__}.{c.__qualname__}")


def test_every_domain_error_has_a_chinese_default_and_a_4xx_status():
    found = domain_errors()
    names = {c.__name__ for c in found}
    assert {"ReportError", "ActionError", "VoteError", "OutOfRange", "ReadError", "BulletinError"} <= names
    assert len(found) >= 20
    for cls in found:
        error = cls()
        assert CHINESE.search(error.message), cls
        assert error.messages == [error.message] and str(error) == error.message, cls
        assert 400 <= error.status <= 499, cls


def test_the_base_carries_messages_status_and_code():
    error = Conflict("第一条。", "第二条。")
    assert error.messages == ["第一条。", "第二条。"] and error.message == "第一条。；第二条。"
    assert error.status == 409 and str(error) == error.message
    error = DomainError("不行。", status=403, code="refused")
    assert (error.status, error.code) == (403, "refused")


def test_the_api_handler_answers_a_domain_error_with_the_json_refusal(rf):
    request = rf.post("/api/v1/anything")
    answer = api.on_exception(request, VoteError("您已投票，每位代表只能投一次。", status=409))
    assert answer.status_code == 409
    assert json.loads(answer.content) == {"detail": "您已投票，每位代表只能投一次。"}
    listed = api.on_exception(request, Conflict("该报告已被他人修改。"))
    assert listed.status_code == 409
    assert json.loads(listed.content) == {
        "detail": "该报告已被他人修改。",
        "messages": ["该报告已被他人修改。"],
    }


def test_a_domain_error_raised_in_an_operation_is_its_refusal(client_for, caplog):
    caplog.set_level(logging.INFO)
    url = f"/api/v1/plans/{plan('济宁市', 2024).pk}/status"
    answer = client_for("office").get(url, {"as_of": "2024-13-45"})
    assert answer.status_code == 422 and set(answer.json()) == {"detail"}
    assert "YYYY-MM-DD" in answer.json()["detail"]
    line = next(r for r in caplog.records if r.name == "minsheng.refusals")
    assert line.levelno == logging.INFO and "office" in line.getMessage() and url in line.getMessage()


@pytest.mark.urls(__name__)
def test_a_page_refusal_renders_the_chinese_message_with_its_status(db, caplog):
    caplog.set_level(logging.INFO)
    answer = Client().get("/refusing/")
    assert answer.status_code == 409 and "本次票决已结束，不能投票。" in answer.content.decode()
    refusal = [r for r in caplog.records if r.name == "minsheng.refusals"]
    assert len(refusal) == 1 and refusal[0].levelno == logging.INFO
    assert "/refusing/" in refusal[0].getMessage() and "anonymous" in refusal[0].getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.urls(__name__)
def test_a_refusal_sent_back_is_a_message_and_an_info_line(client_for, caplog):
    caplog.set_level(logging.INFO)
    answer = client_for("deputy").get("/refusing-redirect/", follow=True)
    assert "只有本级人大代表可以在本次会议投票。" in answer.content.decode()
    refusal = next(r for r in caplog.records if r.name == "minsheng.refusals")
    assert refusal.levelno == logging.INFO and "deputy" in refusal.getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_the_log_file_is_under_the_data_directory_for_requests_and_minsheng():
    handler = settings.LOGGING["handlers"]["file"]
    assert handler["filename"].startswith(str(settings.DATA_DIR / "log"))
    assert handler["level"] == "WARNING"
    for name in ("django.request", "minsheng"):
        assert "file" in settings.LOGGING["loggers"][name]["handlers"]


@pytest.mark.urls(__name__)
def test_an_unexpected_error_is_written_to_the_log_file_with_its_traceback(db, tmp_path):
    log_file = tmp_path / "data" / "log" / "minsheng.log"  # the folder does not exist yet
    handler = DataDirFileHandler(str(log_file), maxBytes=1024 * 1024, backupCount=2, encoding="utf-8")
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        answer = Client(raise_request_exception=False).get("/boom/")
        Client().get("/refusing/")  # a refusal
    finally:
        logger.removeHandler(handler)
        handler.close()
    assert answer.status_code == 500 and "系统出错" in answer.content.decode()
    text = log_file.read_text(encoding="utf-8")
    assert "ERROR django.request: Internal Server Error: /boom/" in text
    assert "Traceback" in text and "ZeroDivisionError: planted failure 5d2b" in text
    # Django notes the refusal's status as a WARNING line (no traceback); it is never an error
    assert not [line for line in text.splitlines() if "/refusing/" in line and "ERROR" in line]
    assert text.count("Traceback") == 1


def test_an_unwritable_log_folder_is_skipped_quietly(tmp_path, capsys):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    handler = DataDirFileHandler(str(blocker / "log" / "minsheng.log"))
    record = logging.LogRecord("minsheng", logging.ERROR, __file__, 1, "lost", None, None)
    handler.emit(record)
    handler.emit(record)
    handler.close()
    assert handler.unwritable and "Logging error" not in capsys.readouterr().err
