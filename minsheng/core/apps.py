from pathlib import Path

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "minsheng.core"
    verbose_name = "基础数据"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from minsheng.core.converters import register

        register()  # before any URL conf is imported: every id in a path uses it
        _make_folders()
        from django.db.models.signals import post_migrate

        from minsheng.core.dbcache import create_cache_table

        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="minsheng-cache-table")
        from minsheng.core import (
            checks,  # noqa: F401 — registers the check of SECRET_KEY (check --deploy)
            setting_checks,  # noqa: F401 — the product's settings (minsheng.E002–E012)
        )


def _make_folders() -> None:
    """The folders the settings name but do not make: SQLite's (it cannot create a database in a
    missing folder) and the static root (WhiteNoise warns about a missing one)."""
    from django.conf import settings

    from minsheng.core import datadir

    folders = [Path(settings.STATIC_ROOT)]
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and str(database["NAME"]) not in ("", ":memory:"):
        folders.append(Path(database["NAME"]).parent)
    datadir.make_folders(*folders)
