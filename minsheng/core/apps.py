from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "minsheng.core"
    verbose_name = "基础数据"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from minsheng.core.converters import register

        register()  # before any URL conf is imported: every id in a path uses it
        from minsheng.core import (
            checks,  # noqa: F401 — registers the check of SECRET_KEY (check --deploy)
            setting_checks,  # noqa: F401 — the product's settings (minsheng.E002–E012)
        )
