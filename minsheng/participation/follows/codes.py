"""The code that confirms a follower's phone or email is sent by the background worker: the citizen's
request only queues a job, in the transaction that saves the follow (or asks again), so a slow SMS
gateway (MINSHENG_SMS_TIMEOUT) never holds their page, and the job exists exactly when the follow does.

The job is given ids only — the follow and the number of its code message — nothing secret. It draws
the code itself, keeps only its keyed digest on the follow (rules.code_digest) and hands the text to the
outbox, whose row is the record of sending and what the tick retries after a failure. The follower's
page reads that row: being sent, sent, or failed; after a failure the follower may ask again, which
voids the code (its digest cleared, a retry of its message cancelled) and queues the next number, at
most CODE_SENDS in all. A job run twice finds its message stored and does nothing."""

from django.conf import settings
from django.db import transaction
from django_tasks import task

from minsheng.core.audit import channel, log_action
from minsheng.notifications import outbox
from minsheng.notifications.messages import Outgoing
from minsheng.notifications.models import Channel, DeliveryState, Notification, Stage
from minsheng.participation.follows import rules
from minsheng.participation.follows.models import Follow
from minsheng.participation.public_forms import InvalidInput

CODE_SENDS = 5  # code messages one follow may have: the first and four asked again after a failure
SENDING, SENT, FAILED = "sending", "sent", "failed"
VOIDED = "已重新申请验证码，本条作废。"


def key(follow_id: int, number: int) -> str:
    """The outbox key of a follow's `number`th code message (the first keeps the key it always had)."""
    return f"follow{follow_id}:code" if number == 1 else f"follow{follow_id}:code{number}"


def _messages(follow_id: int):
    return Notification.objects.filter(
        key__startswith=f"follow{follow_id}:code", recipient__isnull=True, robot__isnull=True
    )


def _last(follow_id: int) -> tuple[int, Notification | None]:
    """The number of the follow's latest code message and its row; (0, None) before the first."""
    row = _messages(follow_id).order_by("-pk").first()
    if row is None:
        return 0, None
    return int(row.key.rpartition(":code")[2] or 1), row


def state(follow: Follow) -> str:
    """Where the code stands, for the follower's page: SENDING (queued, or with the gateway), SENT, or
    FAILED (the tick will retry it, and the follower may ask again)."""
    if not follow.code_hash:
        return SENDING  # the worker has not drawn it yet
    _, row = _last(follow.pk)
    if row is None or row.state == DeliveryState.SENT:
        return SENT
    if row.state == DeliveryState.SENDING:
        return SENDING  # with the gateway now (the tick's retry of a failure, too)
    if row.state == DeliveryState.FAILED or row.error:
        return FAILED
    return SENDING


def may_ask_again(follow: Follow) -> bool:
    return state(follow) == FAILED and _last(follow.pk)[0] < CODE_SENDS


def queue(follow: Follow, number: int = 1) -> None:
    """Queue the sending of the follow's `number`th code, in the caller's transaction."""
    send_code.enqueue(follow.pk, number)


def ask_again(follow: Follow) -> None:
    """A new code after a failed one; InvalidInput (in Chinese) when there is nothing to ask again."""
    with transaction.atomic():
        follow = Follow.objects.select_for_update().get(pk=follow.pk)
        if not (follow.active and follow.address) or follow.confirmed_at:
            raise InvalidInput("该关注无需验证码。", status=409)
        number, _ = _last(follow.pk)
        if state(follow) != FAILED:
            raise InvalidInput("验证码正在发送或已经发出，请稍候查收。", status=409)
        if number >= CODE_SENDS:
            raise InvalidInput(
                f"验证码已发送 {CODE_SENDS} 次均未成功，请稍后重新关注，或在本页查看进展。", status=429
            )
        _messages(follow.pk).filter(state=DeliveryState.PENDING).update(
            state=DeliveryState.FAILED, error=VOIDED
        )
        follow.code_hash = ""
        follow.save(update_fields=["code_hash"])
        log_action(follow, "update", None, {"验证码": ["发送失败", "重新发送"]})
        queue(follow, number + 1)


@task()
def send_code(follow_id: int, number: int) -> str:
    with channel("worker"):
        return send(follow_id, number)


def send(follow_id: int, number: int) -> str:
    """Draw the code, keep its digest, store its message and send it: "sent", "failed" (kept on the
    outbox row, retried by the tick) or "gone" (confirmed, stopped, number dropped, or sent already)."""
    with transaction.atomic():
        follow = (
            Follow.objects.select_for_update()
            .filter(pk=follow_id, active=True, confirmed_at__isnull=True)
            .first()
        )
        this = key(follow_id, number)
        if follow is None or not follow.address or _messages(follow_id).filter(key=this).exists():
            return "gone"
        code = rules.new_code()
        follow.code_hash = rules.code_digest(settings.SECRET_KEY, follow.receipt, code)
        follow.save(update_fields=["code_hash"])
        log_action(follow, "update", None, {"验证码": [None, f"第 {number} 条已生成，发送中"]})
        outbox.store(
            [
                Outgoing(
                    key=this,
                    stage=Stage.NOTICE,
                    channel=Channel.SMS if follow.phone else Channel.EMAIL,
                    title="关注验证码",
                    body=f"您正在关注{follow.subject}，验证码 {code}。如非本人操作请忽略。",
                    address=follow.address,
                )
            ]
        )
    outbox.deliver(key=this)
    row = Notification.objects.filter(key=this).first()
    return "sent" if row is not None and row.state == DeliveryState.SENT else "failed"
