"""Test settings: the product's settings with a fast password hasher."""

from minsheng.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Each process's memory, whatever the database: tests empty the cache around themselves, also where they
# may not touch the database. The database cache that PostgreSQL deployments use by default is tested
# on its own (tests/test_cache_backends.py).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": CACHE_ENTRIES},  # noqa: F405
    }
}
# With that memory cache, warming jobs are off as for any unshared cache (tests that warm turn it on).
WARM_CACHE = False
