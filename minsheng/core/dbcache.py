"""Django's database cache, with `set_many` written as one delete and one insert instead of four
queries a key, so a province's dashboard stores the entries of 180 plans in a handful of queries; and
its table created after every `migrate` (no separate `createcachetable` step to forget)."""

import base64
import pickle
from datetime import UTC, datetime

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import DatabaseError, connections, router, transaction
from django.utils.timezone import now


class DatabaseCache(DjangoDatabaseCache):
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if not data:
            return []
        keys = {self.make_and_validate_key(key, version=version): value for key, value in data.items()}
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        seconds = self.get_backend_timeout(timeout)
        expires = datetime.max if seconds is None else datetime.fromtimestamp(seconds, tz=UTC)
        expires = connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0))
        rows = [
            (key, base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1"), expires)
            for key, value in keys.items()
        ]
        try:
            with transaction.atomic(using=db), connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM {table}")
                count = cursor.fetchone()[0]
                if count + len(rows) > self._max_entries:
                    self._cull(db, cursor, now().replace(microsecond=0), count + len(rows))
                marks = ", ".join(["%s"] * len(rows))
                cursor.execute(f"DELETE FROM {table} WHERE cache_key IN ({marks})", list(keys))
                values = ", ".join(["(%s, %s, %s)"] * len(rows))
                cursor.execute(
                    f"INSERT INTO {table} (cache_key, value, expires) VALUES {values}",
                    [item for row in rows for item in row],
                )
        except DatabaseError:
            return list(data)  # another process wrote the same keys at the same moment: not stored here
        return []


def create_cache_table(**kwargs) -> None:
    """post_migrate: the database cache's table, when the database cache is configured."""
    from django.conf import settings
    from django.core.management import call_command

    if any(c["BACKEND"].endswith("DatabaseCache") for c in settings.CACHES.values()):
        call_command("createcachetable", database=kwargs.get("using", "default"), verbosity=0)
