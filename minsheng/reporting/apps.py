from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "minsheng.reporting"
    verbose_name = "进度报送"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from minsheng.reporting import hooks

        hooks.register()
