"""A temporary password the office handed over (a new account, a reset): until its holder sets their
own, every page leads to the password form (accounts.middleware)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from minsheng.core.fields import ClockDateTimeField


class TemporaryPassword(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="temporary_password", verbose_name=_("用户")
    )
    issued_at = ClockDateTimeField(_("发放时间"), auto_now=True)

    class Meta:
        verbose_name = _("临时密码")
        verbose_name_plural = _("临时密码")

    def __str__(self):
        return f"{self.user} 临时密码"
