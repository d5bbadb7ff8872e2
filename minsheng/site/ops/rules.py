"""What /healthz answers, as a plain function of what it measured: each part's state and the whole."""

from dataclasses import dataclass

OK, STALE, UNKNOWN, DOWN = "ok", "stale", "unknown", "down"


@dataclass(frozen=True)
class Limits:
    tick_seconds: float = 30 * 60  # cron runs the tick every 10 minutes: three missed runs
    worker_seconds: float = 30 * 60  # the worker's heartbeat, and the oldest job left waiting


def process_state(age: float | None, limit: float, installed_for: float | None = None) -> str:
    """`installed_for`: seconds since the database was first migrated. A process that never beat is
    unknown on a fresh installation (before cron's first run), and stale once the installation is older
    than the limit: a tick timer nobody enabled fails the probe instead of passing it for ever."""
    if age is None:
        return STALE if installed_for is not None and installed_for > limit else UNKNOWN
    return OK if age <= limit else STALE


def worker_state(age: float | None, oldest_wait: float | None, limit: float) -> str:
    """A job waiting longer than the limit means no worker takes jobs, whatever its last heartbeat."""
    if oldest_wait is not None and oldest_wait > limit:
        return STALE
    return process_state(age, limit)


def verdict(parts: dict[str, str]) -> bool:
    """Healthy unless a part is down or stale; unknown (no heartbeat yet on a new installation) does not
    fail a probe, so a new installation passes before cron's first run."""
    return all(state in (OK, UNKNOWN) for state in parts.values())
