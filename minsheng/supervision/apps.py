from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "minsheng.supervision"
    verbose_name = "督办"

    def ready(self) -> None:
        from minsheng.supervision import hooks, receivers  # noqa: F401 — connects the receivers

        hooks.register()
