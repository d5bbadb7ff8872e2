"""Large uploads are read off the request: stored as an import 识别中, read by the background worker into
its draft (待审核) or its reason (识别失败), while the page shows the progress.

The task row is written in the transaction that stores the import (the queue is a table of the same
database): the worker sees the job exactly when the import is committed, never one whose import rolled
back, and no committed import waits for a job that was never queued."""

import logging
from pathlib import Path

from django.db import transaction
from django_tasks import task

from minsheng.core.audit import log_action
from minsheng.core.models import Region
from minsheng.notices.models import ImportState, NoticeImport
from minsheng.notices.readers.grid import ReadError
from minsheng.notices.services import (
    DuplicateNotice,
    content_hash,
    duplicate_message,
    find_duplicate,
    read_upload,
    store_import,
)

logger = logging.getLogger(__name__)

INTERNAL_ERROR = "读取文件时发生内部错误，已记录在系统日志中。请稍后重试，或联系平台管理员。"


def accept_upload(data: bytes, filename: str, region: Region, user=None) -> NoticeImport:
    """Store an upload to be read by the worker. Raises DuplicateNotice at once for a file already
    committed as a plan (the cheap check); everything else is found by the reading."""
    digest = content_hash(data)
    if plan := find_duplicate(digest, None, None, None):
        raise DuplicateNotice(duplicate_message(plan))
    kind = Path(filename).suffix.lower().lstrip(".")[:8] or "file"
    with transaction.atomic():
        reading = {"状态": [None, str(ImportState.READING.label)]}
        notice = store_import(
            data, filename, region, user, reading, kind=kind, draft={}, state=ImportState.READING
        )
        read_notice.enqueue(notice.pk)
    return notice


@task()
def read_notice(notice_id: int) -> str:
    return read_stored(notice_id)


def read_stored(notice_id: int) -> str:
    """Read a stored upload into its draft and return the state it left 识别中 for. The import leaves
    识别中 by a conditional update, so a job run twice, or an import discarded meanwhile, writes
    nothing ("gone")."""
    notice = (
        NoticeImport.objects.select_related("region").filter(pk=notice_id, state=ImportState.READING).first()
    )
    if notice is None:
        return "gone"
    with notice.file.open("rb") as stored:
        data = stored.read()
    try:
        draft, kind, elapsed = read_upload(data, notice.filename, notice.region)
    except ReadError as e:
        return _leave_reading(notice, ImportState.FAILED, error=str(e))
    except Exception:
        logger.exception("background reading of import %s (%r) failed", notice.pk, notice.filename)
        _leave_reading(notice, ImportState.FAILED, error=INTERNAL_ERROR)
        raise  # the task is recorded as failed too, with its traceback
    return _leave_reading(notice, ImportState.REVIEWING, draft=draft, kind=kind, extract_ms=elapsed)


def _leave_reading(notice: NoticeImport, state: ImportState, **fields) -> str:
    with transaction.atomic():
        moved = NoticeImport.objects.filter(pk=notice.pk, state=ImportState.READING).update(
            state=state, **fields
        )
        if not moved:
            return "gone"
        notice.state = state
        changes = {"状态": [str(ImportState.READING.label), str(state.label)]}
        if state == ImportState.REVIEWING:
            changes["项目数"] = [None, len(fields["draft"]["projects"])]
        else:
            changes["原因"] = [None, fields["error"]]
        log_action(notice, "state", None, changes, via="worker")
    return str(state)
