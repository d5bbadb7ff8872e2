"""Counting attempts in the database, so every app process (and every machine) sees the same count.

A key (a keyed hash of an account, a client address, a device…) has one `Throttle` row per scope:
the attempts of the current window and, for logins, until when it is locked. Every change is an
UPDATE evaluated by the database (F() expressions, conditions in the WHERE clause) in a transaction
that holds the row, so two processes counting at once never lose an attempt, and exactly one of them
trips a lock.
"""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, When
from django.utils import timezone

from minsheng.core.models import Throttle
from minsheng.core.retry import when_locked

KEEP = datetime.timedelta(days=1)  # rows idle longer than this (and not locked) are dropped


def client_of(request) -> str:
    """A stable keyed hash of the client's address: the last entry of the header named by
    MINSHENG_CLIENT_IP_HEADER behind a proxy (the one our proxy wrote; earlier ones come from the
    client and can be forged), else REMOTE_ADDR. The address itself is never stored."""
    header = getattr(settings, "MINSHENG_CLIENT_IP_HEADER", "")
    address = ""
    if header:
        address = request.headers.get(header, "").split(",")[-1].strip()
    address = address or request.META.get("REMOTE_ADDR", "")
    return digest(address)


def digest(*parts: str) -> str:
    """A keyed hash of the parts (64 hex digits), for keys that must not reveal what they count."""
    message = "\x1f".join(parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _rows(scope: str, key: str):
    return Throttle.objects.filter(scope=scope, key=key)


def _prune(now: datetime.datetime) -> None:
    """Drop counters idle for a day; run when a new key appears, so the table holds only recent keys."""
    Throttle.objects.filter(window_start__lt=now - KEEP).exclude(locked_until__gt=now).delete()


@when_locked  # SQLite's shared cache (the tests) answers "table is locked" at once; safe to rerun
def count(scope: str, key: str, window: datetime.timedelta, now: datetime.datetime | None = None) -> int:
    """Count one attempt of `key` and return the attempts of its window, this one included. A window
    older than `window` starts again at this attempt. One transaction: the UPDATE holds the row until
    the count is read, so concurrent attempts are counted one after the other, none lost."""
    now = now or timezone.now()
    with transaction.atomic():
        return _count(scope, key, window, now)


def _count(scope: str, key: str, window: datetime.timedelta, now: datetime.datetime) -> int:
    expired = Q(window_start__lte=now - window)
    if _rows(scope, key).update(
        count=Case(When(expired, then=1), default=F("count") + 1),
        window_start=Case(When(expired, then=now), default=F("window_start")),
    ):
        return _rows(scope, key).values_list("count", flat=True).get()
    try:
        with transaction.atomic():
            Throttle.objects.create(scope=scope, key=key, count=1, window_start=now)
    except IntegrityError:  # another process created it first: count on its row
        return _count(scope, key, window, now)
    _prune(now)
    return 1


@when_locked
def fail(scope: str, key: str, limit: int, window: datetime.timedelta, now=None) -> bool:
    """Count one failure; lock the key for `window` once it has `limit` failures in its window. True
    for the one call that locked it (to audit the lockout once), False otherwise. When the lock ends
    the window has ended too, so counting starts again from zero."""
    now = now or timezone.now()
    not_locked = Q(locked_until__isnull=True) | Q(locked_until__lte=now)
    with transaction.atomic():
        if _count(scope, key, window, now) < limit:
            return False
        locking = _rows(scope, key).filter(not_locked, count__gte=limit)
        return bool(locking.update(locked_until=now + window, window_start=now))


def locked_until(keys: list[tuple[str, str]], now=None) -> datetime.datetime | None:
    """The latest end of a lock among the (scope, key) pairs, or None when none is locked."""
    now = now or timezone.now()
    which = Q(pk__in=[])
    for scope, key in keys:
        which |= Q(scope=scope, key=key)
    ends = Throttle.objects.filter(which, locked_until__gt=now).values_list("locked_until", flat=True)
    return max(ends, default=None)


def clear(scope: str, key: str) -> None:
    """Forget the failures of a key (after a successful login)."""
    _rows(scope, key).delete()
