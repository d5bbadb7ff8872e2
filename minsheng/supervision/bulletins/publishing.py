"""Publishing a bulletin off the request: rendering Word and converting it to PDF takes LibreOffice
seconds, so the office's 发布 marks the draft as being published and queues a job (in the same
transaction: the queue is a table of the same database); the background worker publishes it all or
nothing (`queries.publish`) and the bulletin's page shows the progress, then the files, or the reason."""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.timezone import now
from django_tasks import task

from minsheng.core.audit import channel, log_action
from minsheng.supervision.bulletins.queries import publish
from minsheng.supervision.bulletins.rules import BulletinError
from minsheng.supervision.models import Bulletin, BulletinState

logger = logging.getLogger(__name__)

ASKED = "已提交，后台生成 Word 和 PDF"
INTERNAL_ERROR = "生成文件时发生内部错误，已记录在系统日志中，通报未发布。请稍后重试，或联系平台管理员。"


def request_publication(item: Bulletin, user) -> None:
    """Queue the publication of a draft; BulletinError (409) when it is published or being published."""
    with transaction.atomic():
        asked = Bulletin.objects.filter(pk=item.pk, state=BulletinState.DRAFT, publishing_since__isnull=True)
        if not asked.update(publishing_since=now(), publish_error=""):
            published = Bulletin.objects.filter(pk=item.pk, state=BulletinState.PUBLISHED).exists()
            raise BulletinError(
                "该通报已发布。" if published else "该通报正在发布中，请稍候。", code="conflict"
            )
        log_action(item, "update", user, {"发布": [None, ASKED]})
        publish_bulletin.enqueue(item.pk, user.pk if user is not None and user.is_authenticated else None)


@task()
def publish_bulletin(bulletin_id: int, user_id: int | None) -> str:
    with channel("worker"):
        return publish_requested(bulletin_id, user_id)


def publish_requested(bulletin_id: int, user_id: int | None) -> str:
    """Publish a draft the office asked to publish: "published", "refused" (the reason kept on the
    bulletin, the draft as it was) or "gone" (not waiting any more: a job run twice does nothing)."""
    item = Bulletin.objects.filter(
        pk=bulletin_id, state=BulletinState.DRAFT, publishing_since__isnull=False
    ).first()
    if item is None:
        return "gone"
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        publish(item, user)  # clears publishing_since with the state change
    except BulletinError as e:
        _refused(item, "；".join(e.messages))
        return "refused"
    except Exception:
        logger.exception("background publication of bulletin %s failed", bulletin_id)
        _refused(item, INTERNAL_ERROR)
        raise  # the job is recorded as failed too, with its traceback
    return "published"


def _refused(item: Bulletin, reason: str) -> None:
    with transaction.atomic():
        waiting = Bulletin.objects.filter(
            pk=item.pk, state=BulletinState.DRAFT, publishing_since__isnull=False
        )
        if waiting.update(publishing_since=None, publish_error=reason):
            log_action(item, "update", None, {"发布": [ASKED, f"未能发布：{reason}"]})
