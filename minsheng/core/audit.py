"""The audit trail: every change to plans, projects, indicators and decisions is recorded here.

`log_action(obj, action, user, changes, via)` writes one AuditEvent. `snapshot(obj)` takes the
comparable values of a model instance; `diff(before, after)` gives {field: [old, new]}.

`via` says through which channel the change came. The business functions write `via="web"`, meaning
"a user's request"; a request that came through another channel runs inside `channel("api")`, and
every event it writes says so (the JSON API wraps all its operations in it), whatever function wrote
the event.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal

from django.db import models

from minsheng.core.models import AuditEvent


def _plain(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: models.Model) -> dict:
    """Field values of `obj` as JSON-able plain values, keyed by field verbose name."""
    values = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or not field.editable:
            continue
        if field.is_relation:
            related = getattr(obj, field.name)
            values[str(field.verbose_name)] = str(related) if related is not None else None
        elif field.choices:
            values[str(field.verbose_name)] = getattr(obj, f"get_{field.name}_display")()
        else:
            values[str(field.verbose_name)] = _plain(getattr(obj, field.name))
    return values


def diff(before: dict, after: dict) -> dict:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


_channel: ContextVar[str | None] = ContextVar("minsheng_audit_channel", default=None)


@contextmanager
def channel(name: str):
    """Within the block, events written as coming from "web" record `name` instead."""
    token = _channel.set(name)
    try:
        yield
    finally:
        _channel.reset(token)


def log_action(obj: models.Model, action: str, user=None, changes: dict | None = None, via: str = "web"):
    if via == "web":
        via = _channel.get() or via
    actor = user if user is not None and user.is_authenticated else None
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=(actor.get_full_name() or actor.username) if actor else "系统",
        action=action,
        via=via,
        model=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        changes={k: [_plain(a), _plain(b)] for k, (a, b) in (changes or {}).items()},
    )


def events_for(*objects: models.Model):
    """The audit events of the given objects, newest first, in one query."""
    q = models.Q(pk__in=[])
    for obj in objects:
        q |= models.Q(model=obj._meta.label_lower, object_id=str(obj.pk))
    return AuditEvent.objects.filter(q).select_related("actor")
