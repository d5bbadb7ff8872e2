"""The outbox: store each message once, then claim and send it exactly once.

Storing relies on the unique constraints of Notification (one row per reminder key, channel and
recipient): rows are inserted with ON CONFLICT DO NOTHING, so two tick processes computing the same
reminders store them once. Sending claims a row with a conditional UPDATE (pending → sending) and
only the process whose UPDATE changed the row sends it. A row left 'sending' longer than
STALE_MINUTES (its process died) may be claimed again. A failed email or robot post goes back to
'pending' with its error and is retried by the next tick, up to MAX_ATTEMPTS."""

import contextlib
import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from minsheng.core.clock import now
from minsheng.core.retry import when_locked
from minsheng.notifications import robots, sms
from minsheng.notifications.messages import Outgoing
from minsheng.notifications.models import Channel, DeliveryState, Notification, RobotKind

PUSHED = (Channel.EMAIL, Channel.ROBOT, Channel.SMS)  # the channels sent by the tick, not by storing
STALE_MINUTES = 10
MAX_ATTEMPTS = 5
BATCH = 500


@when_locked
def new_messages(outgoing: list[Outgoing]) -> list[Outgoing]:
    """The messages not stored yet (one query)."""
    if not outgoing:
        return []
    stored = set(
        Notification.objects.filter(key__in=sorted({o.key for o in outgoing})).values_list(
            "key", "channel", "recipient_id", "robot_id"
        )
    )
    return [o for o in outgoing if o.identity not in stored]


@when_locked
def store(outgoing: list[Outgoing]) -> None:
    """Insert the messages; one already there (stored by another tick) is skipped by the database.
    An in-app notification is delivered by being stored."""
    moment = now()
    rows = [
        Notification(
            key=o.key,
            stage=o.stage,
            channel=o.channel,
            recipient_id=o.recipient_id,
            robot_id=o.robot_id,
            address=o.address,
            title=o.title,
            body=o.body,
            link=o.link,
            created=moment,
            **(
                {"state": DeliveryState.SENT, "sent_at": moment, "attempts": 1}
                if o.channel == Channel.APP
                else {}
            ),
        )
        for o in outgoing
    ]
    with transaction.atomic():
        Notification.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)


def _claimable(cutoff: datetime.datetime) -> Q:
    return Q(state=DeliveryState.PENDING) | Q(state=DeliveryState.SENDING, claimed_at__lt=cutoff)


@when_locked
def waiting(limit: int = BATCH, key: str = "") -> list[Notification]:
    """Emails, robot posts and texts to send: pending, or stuck in 'sending' past the stale time."""
    cutoff = timezone.now() - datetime.timedelta(minutes=STALE_MINUTES)
    rows = Notification.objects.filter(_claimable(cutoff), channel__in=PUSHED)
    if key:
        rows = rows.filter(key=key)
    return list(rows.select_related("robot").order_by("pk")[:limit])


@when_locked
def claim(row: Notification) -> datetime.datetime | None:
    """Take the row for this process; the moment of the claim, or None if another process has it."""
    cutoff = timezone.now() - datetime.timedelta(minutes=STALE_MINUTES)
    claimed_at = timezone.now()
    count = Notification.objects.filter(_claimable(cutoff), pk=row.pk).update(
        state=DeliveryState.SENDING, claimed_at=claimed_at, attempts=F("attempts") + 1
    )
    return claimed_at if count == 1 else None


@when_locked
def _finish(row: Notification, claimed_at, error: str = "") -> None:
    mine = Notification.objects.filter(pk=row.pk, state=DeliveryState.SENDING, claimed_at=claimed_at)
    if error:
        mine.update(
            state=Case(
                When(attempts__gte=MAX_ATTEMPTS, then=Value(DeliveryState.FAILED)),
                default=Value(DeliveryState.PENDING),
            ),
            error=error[:2000],
        )
    else:
        mine.update(state=DeliveryState.SENT, sent_at=now(), error="")


@dataclass
class Delivered:
    sent: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PUSHED, 0))
    failed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PUSHED, 0))
    errors: list[str] = field(default_factory=list)


class _Mailer:
    """One mail connection for the whole batch, opened on first use."""

    def __init__(self):
        self.connection = None

    def send(self, row: Notification) -> None:
        if self.connection is None:
            self.connection = get_connection(fail_silently=False)
        EmailMessage(row.title, row.body, None, [row.address], connection=self.connection).send()

    def close(self):
        if self.connection is not None:
            with contextlib.suppress(Exception):  # a broken SMTP connection must not stop the tick
                self.connection.close()


def _post(row: Notification) -> None:
    robot = row.robot
    if not robot.is_active:
        raise robots.RobotError("机器人已停用。")
    secret = robot.secret if robot.kind == RobotKind.DINGTALK else ""
    timeout = getattr(settings, "MINSHENG_ROBOT_TIMEOUT", robots.TIMEOUT)
    robots.post_text(robot.url, row.body, secret=secret, timeout=timeout, limit=robots.LIMITS.get(robot.kind))


def deliver(limit: int = BATCH, key: str = "") -> Delivered:
    """Send what waits (only the rows of `key` when given: a code a citizen waits for on the page)."""
    result, mailer = Delivered(), _Mailer()
    try:
        for row in waiting(limit, key):
            claimed_at = claim(row)
            if claimed_at is None:
                continue  # another tick has it
            try:
                if row.channel == Channel.EMAIL:
                    mailer.send(row)
                elif row.channel == Channel.SMS:
                    sms.send(row.address, row.body)
                else:
                    _post(row)
            except Exception as e:  # noqa: BLE001 — any failure is recorded on the row and retried
                message = str(e) or type(e).__name__
                _finish(row, claimed_at, message)
                result.failed[row.channel] += 1
                result.errors.append(f"{row.address}：{message}")
            else:
                _finish(row, claimed_at)
                result.sent[row.channel] += 1
    finally:
        mailer.close()
    return result
