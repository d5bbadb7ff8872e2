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


class SsoIdentity(models.Model):
    """An account that signs in through the identity provider (统一身份认证, accounts/oidc.py): the
    provider's issuer and its subject (`sub`, the provider's stable id for the person). The provider is
    the source of truth for such an account: its name, email and roles are set at every sign-in.

    Sign-ins make these rows. An administrator links an existing local account by adding one in the admin
    with the subject (and the issuer) left empty: the next sign-in with the same username binds it. A local
    account without a row is never taken over by a sign-in of the same username."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="sso_identity", verbose_name=_("用户")
    )
    issuer = models.CharField(_("身份认证服务"), max_length=255, blank=True)
    subject = models.CharField(_("身份标识"), max_length=255, blank=True, help_text=_("留空：下次登录时绑定"))
    linked_at = ClockDateTimeField(_("关联时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("统一身份认证关联")
        verbose_name_plural = _("统一身份认证关联")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], condition=~models.Q(subject=""), name="sso_identity_unique"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.subject or '待绑定'}"
