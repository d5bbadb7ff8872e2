"""Reads from PostgreSQL read replicas (DATABASE_REPLICA_URLS: the aliases replica1, replica2, …).

A replica is a streaming standby, a little behind the primary. So only the reads of a page that
changes nothing go to one: a GET or HEAD request, from a client that has not written in the last
MINSHENG_REPLICA_PIN_SECONDS, that has not written yet in this request, outside a transaction on the
primary. Everything else goes to `default`, the primary: every write, the reads of a POST, the pages
a client opens just after its own change (a clerk who submits a report and is redirected sees it at
once), and every process that is not a web request (management commands, the tick, the worker).

ReplicaMiddleware tells the router which request it serves (a context variable), and after a request
that changed something (any method but GET and HEAD, a write to the database other than the cache's,
or a changed session) pins the client to the primary with a short-lived cookie. Without replicas
the middleware removes itself and no router is configured (settings.py). The choices themselves are
the plain functions `read_alias`, `pins` and `pinned`, tested directly (tests/test_replica.py).
"""

import math
import random
import time
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connections

DEFAULT = "default"
READS = frozenset({"GET", "HEAD"})
PIN_COOKIE = "minsheng_primary"
CACHE_APP = "django_cache"  # the app label of the database cache's table (Django's DatabaseCache)


# ── the rules ───────────────────────────────────────────────────────────────────────────────────────


def read_alias(
    method: str | None,
    *,
    pinned: bool,
    wrote: bool,
    in_atomic: bool,
    replicas: Sequence[str],
    pick: Callable[[Sequence[str]], str] = random.choice,
) -> str:
    """The database a read goes to. `method` is the request's (None outside a web request), `pinned`
    whether the client wrote in the last seconds, `wrote` whether this request already wrote (the
    cache included), `in_atomic` whether a transaction is open on the primary."""
    if method not in READS or pinned or wrote or in_atomic or not replicas:
        return DEFAULT
    return pick(replicas)


def pins(method: str, changed: bool, session_changed: bool) -> bool:
    """Whether a request pins its client to the primary: it may have changed something (any method but
    GET and HEAD), it wrote data (not only the cache), or it changed the session (a login, a receipt)."""
    return method not in READS or changed or session_changed


def pinned(cookie: str | None, now: float) -> bool:
    """Whether the pin cookie (the time it ends, in seconds since the epoch) still holds at `now`."""
    try:
        return float(cookie or "") > now
    except ValueError:
        return False


# ── the request being served ────────────────────────────────────────────────────────────────────────


@dataclass
class Served:
    method: str
    pinned: bool
    wrote: bool = False  # anything, the cache included: later reads of this request see it
    changed: bool = False  # data other than the cache: the client is pinned after this request


SERVED: ContextVar[Served | None] = ContextVar("minsheng_served", default=None)


def replica_aliases() -> tuple[str, ...]:
    return tuple(alias for alias in settings.DATABASES if alias.startswith("replica"))


class ReplicaRouter:
    def __init__(self) -> None:
        self.replicas = replica_aliases()

    def db_for_read(self, model, **hints) -> str:
        served = SERVED.get()
        if served is None:
            return DEFAULT
        return read_alias(
            served.method,
            pinned=served.pinned,
            wrote=served.wrote,
            in_atomic=connections[DEFAULT].in_atomic_block,
            replicas=self.replicas,
        )

    def db_for_write(self, model, **hints) -> str:
        served = SERVED.get()
        if served is not None:
            served.wrote = True
            served.changed = served.changed or model._meta.app_label != CACHE_APP
        return DEFAULT

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the replicas hold the primary's very rows

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == DEFAULT  # a replica follows the primary's schema by replication


class ReplicaMiddleware:
    """Right after SessionMiddleware: tells the router the request, and pins a client that changed
    something to the primary for MINSHENG_REPLICA_PIN_SECONDS (a cookie naming when the pin ends)."""

    def __init__(self, get_response) -> None:
        if not replica_aliases():
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.seconds = int(getattr(settings, "REPLICA_PIN_SECONDS", 10))

    def __call__(self, request):
        served = Served(request.method or "", pinned(request.COOKIES.get(PIN_COOKIE), time.time()))
        token = SERVED.set(served)
        try:
            response = self.get_response(request)
        finally:
            SERVED.reset(token)
        session = getattr(request, "session", None)
        session_changed = bool(session is not None and session.modified) or (
            settings.SESSION_COOKIE_NAME in response.cookies
        )
        if self.seconds > 0 and pins(served.method, served.changed, session_changed):
            response.set_cookie(
                PIN_COOKIE,
                str(math.ceil(time.time()) + self.seconds),
                max_age=self.seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
