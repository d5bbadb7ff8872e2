from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """The office runs the platform itself: its region's accounts, roles and units, each user's own
    password, and the audit trail read in the app. No Django admin needed for the daily work."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "minsheng.accounts"
    verbose_name = "账号与日志"

    def ready(self):
        from minsheng.accounts import middleware  # noqa: F401 (connects the sign-in receiver)
