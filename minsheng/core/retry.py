"""Retry a database step that met a lock held by another tick.

PostgreSQL waits for row locks by itself. SQLite serialises writers: a file database waits up to its
busy_timeout, but a shared-cache database (the test suite's in-memory one) answers "database table is
locked" at once. Each step wrapped here is one statement or one short transaction that either
happened or not, so running it again is safe."""

import functools
import time

from django.db import OperationalError

ATTEMPTS = 80  # about 18 s in all: a loaded machine (two test runs at once) holds locks longer


def when_locked(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        for attempt in range(ATTEMPTS):
            try:
                return fn(*args, **kwargs)
            except OperationalError as e:
                if "locked" not in str(e) or attempt == ATTEMPTS - 1:
                    raise
                time.sleep(min(0.005 * 2**attempt, 0.25))
        raise AssertionError("unreachable")

    return wrapper
