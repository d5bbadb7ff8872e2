from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The product assembled: the commands that span every app (demo, tick, bench) and the demo data
    that crosses layers. It sits above every other app and nothing imports it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "minsheng.site"
    label = "minsheng_site"
    verbose_name = "平台"
