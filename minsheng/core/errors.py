"""The page of a server error (handler500): in Chinese, in the site's frame, and never failing itself.

It is rendered without the request's context — the context processors read the session, the user and
the database, any of which may be what failed — so the frame shows what the public sees. Should even
that fail (a broken template, the URL configuration), a fixed page is sent instead. Django's request
handler has already logged the error with its traceback (logger django.request, see LOGGING).
"""

import logging

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
