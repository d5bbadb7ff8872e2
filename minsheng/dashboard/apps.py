from django.apps import AppConfig


class DashboardConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "minsheng.dashboard"
    verbose_name = "看板"

    def ready(self):
        from minsheng.dashboard import (
            signals,  # noqa: F401  (keeps the public board's cache stamp current)
            warming,  # noqa: F401  (warms a plan's cache after its change commits)
        )
