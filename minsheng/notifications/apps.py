from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "minsheng.notifications"
    verbose_name = "通知提醒"

    def ready(self) -> None:
        from minsheng.notifications import receivers  # noqa: F401 — connects the receivers
