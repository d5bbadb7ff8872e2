"""The page of a server error (handler500): in Chinese, in the site's frame, and never failing itself.

It is rendered without the request's context — the context processors read the session, the user and
the database, any of which may be what failed — so the frame shows what the public sees. Should even
that fail (a broken template, the URL configuration), a fixed page is sent instead. Django's request
handler has already logged the error with its traceback (logger django.request, see LOGGING).

Beside it: the base of every domain error (DomainError, a refusal in Chinese with its HTTP status), the
one log line of a refusal (log_refusal, INFO) and the log file under the data directory.
"""

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from django.http import HttpResponseServerError
from django.template import loader

logger = logging.getLogger(__name__)

FALLBACK = """<!doctype html>
<html lang="zh-Hans"><head><meta charset="utf-8"><title>系统出错 · 民生实事督办平台</title></head>
<body><h1>系统出错，请稍后再试</h1>
<p>服务器处理您的请求时出现错误，错误已记录。请稍后重新操作，或<a href="/">返回首页</a>。</p></body></html>
"""


def server_error(request, template_name="500.html"):
    try:
        html = loader.get_template(template_name).render({})
    except Exception:  # noqa: BLE001 — the error page must answer whatever else is broken
        logger.exception("the 500 page could not be rendered; the fixed page was sent")
        html = FALLBACK
    return HttpResponseServerError(html)


class ClientErrorsWithoutTraceback(logging.Filter):
    """A refused request (403 for a page the user may not open, 404) is logged as one line: the
    traceback of the PermissionDenied or Http404 behind it says nothing an operator needs, and 74 of
    them a session bury the tracebacks of real server errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class DomainError(Exception):
    """A refusal of the domain, for the user: `messages` in Chinese (`message` joins them with "；"),
    the HTTP `status` it answers with (4xx) and optionally a short `code`. Every domain error derives
    from it: the API answers it in one handler (api.api), a page through core.views.refused, and the
    refusal is logged at INFO (log_refusal), never as an error."""

    status: int = 422
    code: str = ""
    default_message: str = "操作未能完成，请检查填写的内容后重试。"

    def __init__(self, *messages: str, status: int | None = None, code: str | None = None):
        self.messages: list[str] = list(messages) or [self.default_message]
        if status is not None:
            self.status = status
        if code is not None:
            self.code = code
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return "；".join(self.messages)


refusals = logging.getLogger("minsheng.refusals")


def log_refusal(request, error: DomainError) -> None:
    """One INFO line for a domain error refused to a user: who, where, the status and the message."""
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    who = user.get_username() if getattr(user, "is_authenticated", False) else "anonymous"
    refusals.info(
        "%s %s %s: %s %s %s",
        request.method,
        request.path,
        who,
        error.status,
        type(error).__name__,
        error.message,
        extra={"status_code": error.status},
    )


class DataDirFileHandler(RotatingFileHandler):
    """A rotating log file under the data directory. Its folder is made on the first record, not at
    import; on a disk that cannot be written the handler drops its records quietly (the console still
    has them) instead of failing at start-up or printing a logging error for every record."""

    def __init__(self, filename, **kwargs):
        kwargs.setdefault("delay", True)
        super().__init__(filename, **kwargs)
        self.unwritable = False

    def emit(self, record: logging.LogRecord) -> None:
        if self.unwritable:
            return
        if self.stream is None:
            try:
                Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
                self.stream = self._open()
            except OSError:
                self.unwritable = True
                return
        super().emit(record)
