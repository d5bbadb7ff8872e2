"""What /healthz answers, as a plain function of what it measured: each part's state and the whole."""

from dataclasses import dataclass

OK, STALE, UNKNOWN, DOWN = "ok", "stale", "unknown", "down"


@dataclass(frozen=True)
class Limits:
    tick_seconds: float = 30 * 60  # cron runs the tick every 10 minutes: three missed runs
    worker_seconds: float = 30 * 60  # the worker's heartbeat, and the oldest job left waiting


def process_state(age: float | None, limit: float) -> str:
    if age is None:
        return UNKNOWN  # never beat: a fresh installation before its first tick
    return OK if age <= limit else STALE


def worker_state(age: float | None, oldest_wait: float | None, limit: float) -> str:
    """A job waiting longer than the limit means no worker takes jobs, whatever its last heartbeat."""
    if oldest_wait is not None and oldest_wait > limit:
        return STALE
    return process_state(age, limit)


def verdict(parts: dict[str, str]) -> bool:
    """Healthy unless a part is down or stale; unknown (no heartbeat yet) does not fail a probe, so a
    new installation passes before cron's first run."""
    return all(state in (OK, UNKNOWN) for state in parts.values())
