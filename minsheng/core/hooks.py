"""A small hook registry: a lower layer asks a question, the apps above it answer.

The layers (ARCHITECTURE.md) let an app import only from the apps below it. When a lower layer needs
something only a higher one knows — the plan page (plans) shows colours (supervision), the bulletin
(supervision) has a satisfaction section (participation), a template tag in core asks whether a page
would open — the lower layer names a hook and calls it; the higher app registers its answer when Django
starts (in its AppConfig.ready). No answer registered means the feature is absent, not an error.

    hooks.register("plans.statuses", plan_statuses)       # supervision/apps.py
    as_of, statuses = hooks.first("plans.statuses", request, plan, default=(None, {}))

Events that change data go through Django signals instead (reporting.signals, core.announce).
"""

from collections import defaultdict
from collections.abc import Callable
from typing import Any

_registry: dict[str, list[Callable[..., Any]]] = defaultdict(list)


def register(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """Register `fn` under `name` (once: registering the same function again changes nothing)."""
    if fn not in _registry[name]:
        _registry[name].append(fn)
    return fn


def answers(name: str) -> list[Callable[..., Any]]:
    return list(_registry.get(name, ()))


def first(name: str, *args: Any, default: Any = None, **kwargs: Any) -> Any:
    """The first registered answer's result, or `default` when nothing answers."""
    for fn in _registry.get(name, ()):
        return fn(*args, **kwargs)
    return default


def each(name: str, *args: Any, **kwargs: Any) -> list[Any]:
    """Every registered answer's result, in registration order."""
    return [fn(*args, **kwargs) for fn in _registry.get(name, ())]
