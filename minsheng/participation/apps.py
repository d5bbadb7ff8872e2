from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "minsheng.participation"
    verbose_name = "公众参与"

    def ready(self) -> None:
        from minsheng.core import hooks
        from minsheng.participation.evaluations.queries import bulletin_part

        hooks.register("bulletins.satisfaction", bulletin_part)  # the bulletin's 七、满意度测评
