"""The page of an import the background worker reads: its progress while 识别中 (polled by htmx every
second, reloading into the review once the reading ends), its reason once 识别失败."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from minsheng.core import clock
from minsheng.core.htmx import is_htmx, poll, vary_on_htmx
from minsheng.notices.models import ImportState, NoticeImport

WAITING = (ImportState.READING, ImportState.FAILED)
STALLED_AFTER_S = 600  # no worker has taken it in ten minutes: say so, and offer to give up


def waiting(request: HttpRequest, notice: NoticeImport) -> HttpResponse:
    if is_htmx(request):  # polled: the progress again, or reload into the review (or the reason)
        return poll(request, notice.state == ImportState.READING, "notices/_reading.html", _context(notice))
    return vary_on_htmx(render(request, "notices/reading.html", _context(notice)))


def _context(notice: NoticeImport) -> dict:
    elapsed = max(0, int((clock.now() - notice.uploaded_at).total_seconds()))
    return {
        "notice": notice,
        "elapsed": elapsed,
        "stalled": notice.state == ImportState.READING and elapsed >= STALLED_AFTER_S,
        "size_kb": (notice.size + 1023) // 1024,
    }
