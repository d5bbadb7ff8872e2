from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "minsheng.notices"
    verbose_name = "通知导入"
    default_auto_field = "django.db.models.BigAutoField"
