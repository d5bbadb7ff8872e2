"""A citizen who follows a project (from its public page or 民生码) or their own proposal (by its
receipt), without an account: the follow has its own receipt, which opens the follower's page with
every message told so far. A phone (when the SMS gateway is configured) or an email also receives the
messages, once the follower has typed back the code sent to it: nobody can subscribe someone else's
phone. Imported by participation.models, whose app they belong to."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from minsheng.core.fields import ClockDateTimeField


class Follow(models.Model):
    receipt = models.CharField(_("关注码"), max_length=12, unique=True, editable=False)
    project = models.ForeignKey(
        "plans.Project", models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("项目")
    )
    proposal = models.ForeignKey(
        "participation.Proposal",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("建议"),
    )
    phone = models.CharField(
        _("手机号码"), max_length=20, blank=True, help_text=_("仅用于发送进展短信，从不公开")
    )
    email = models.EmailField(_("电子邮箱"), blank=True)
    code_hash = models.CharField(_("验证码摘要"), max_length=64, blank=True, editable=False)
    code_tries = models.PositiveSmallIntegerField(_("验证码尝试次数"), default=0)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    told = models.JSONField(_("已告知的状态"), default=dict, blank=True)
    active = models.BooleanField(_("关注中"), default=True)
    client = models.CharField(_("来源摘要"), max_length=64, blank=True, editable=False, db_index=True)
    created_at = ClockDateTimeField(_("关注时间"), auto_now_add=True, db_index=True)

    class Meta:
        app_label = "participation"
        verbose_name = _("群众关注")
        verbose_name_plural = _("群众关注")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="follow_project_or_proposal",
                condition=models.Q(project__isnull=False, proposal__isnull=True)
                | models.Q(project__isnull=True, proposal__isnull=False),
            )
        ]

    def __str__(self):
        return self.receipt

    @property
    def address(self) -> str:
        """Where pushed messages go (a phone first), "" when the follower reads them on the page only."""
        return self.phone or self.email

    @property
    def pushed(self) -> bool:
        return bool(self.address and self.confirmed_at and self.active)

    @property
    def subject(self) -> str:
        """What is followed, as a message names it."""
        if self.project_id:
            return f"民生实事“{self.project.name[:24]}”"
        return f"建议“{self.proposal.title[:24]}”"


class FollowMessage(models.Model):
    """One thing told to a follower: what changed, when. The follower's page lists them; a confirmed
    phone or email also receives them through the outbox. `key` makes each news item exist once."""

    follow = models.ForeignKey(Follow, models.CASCADE, related_name="messages", verbose_name=_("关注"))
    key = models.CharField(_("消息标识"), max_length=80)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    created_at = ClockDateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        app_label = "participation"
        verbose_name = _("关注消息")
        verbose_name_plural = _("关注消息")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["follow", "key"], name="follow_message_once")]

    def __str__(self):
        return self.title
