"""Notifications: one row per (reminder key, channel, recipient) — an in-app message for a user, an
email to a user, a post to a group robot, or a text or email to a citizen who follows a project. The row is both the outbox and the record of sending:
the unique constraints make a reminder exist once per recipient, and a conditional UPDATE of `state`
lets exactly one tick process claim a row before sending it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from minsheng.core.clock import now
from minsheng.core.models import Region, Unit


class RobotKind(models.TextChoices):
    WECOM = "wecom", _("企业微信")
    DINGTALK = "dingtalk", _("钉钉")


class RobotWebhook(models.Model):
    """A group chat robot (企业微信 or 钉钉 custom robot). A unit's robot receives that unit's reminders
    and urges; a region's robot (the office's group) receives a summary of the urges of its plans."""

    name = models.CharField(_("名称"), max_length=100, help_text=_("如：市民政局工作群"))
    kind = models.CharField(_("类型"), max_length=10, choices=RobotKind.choices)
    url = models.CharField(
        _("Webhook 地址"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_(
            "机器人设置中复制的完整地址，含 key 或 access_token。钉钉安全设置如用“自定义关键词”，请设为“民生实事”"
        ),
    )
    secret = models.CharField(
        _("加签密钥"), max_length=200, blank=True, help_text=_("仅钉钉：安全设置选择“加签”时填写（SEC 开头）")
    )
    unit = models.ForeignKey(
        Unit, models.CASCADE, null=True, blank=True, related_name="robots", verbose_name=_("单位")
    )
    region = models.ForeignKey(
        Region,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="robots",
        verbose_name=_("区划（督查室）"),
        help_text=_("督查室的群：接收本区划计划的催报汇总"),
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("群机器人")
        verbose_name_plural = _("群机器人")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="robot_unit_or_region",
                condition=models.Q(unit__isnull=False, region__isnull=True)
                | models.Q(unit__isnull=True, region__isnull=False),
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.get_kind_display()}）"

    def clean(self):
        if bool(self.unit_id) == bool(self.region_id):
            raise ValidationError(_("请选择单位或区划之一（只能选一个）。"))
        if self.secret and self.kind != RobotKind.DINGTALK:
            raise ValidationError({"secret": _("只有钉钉机器人使用加签密钥。")})


class Channel(models.TextChoices):
    APP = "app", _("站内通知")
    EMAIL = "email", _("邮件")
    ROBOT = "robot", _("群机器人")
    SMS = "sms", _("短信")


class Stage(models.TextChoices):
    REMIND = "remind", _("提醒")
    URGE = "urge", _("催报")
    URGE_AGAIN = "urge2", _("再次催报")
    NOTICE = "notice", _("督办")
    INSTRUCT = "instruct", _("批示")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class Notification(models.Model):
    key = models.CharField(_("提醒标识"), max_length=120, db_index=True)
    stage = models.CharField(_("类别"), max_length=8, choices=Stage.choices)
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("接收人"),
    )
    robot = models.ForeignKey(
        RobotWebhook,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("群机器人"),
    )
    address = models.CharField(_("发送地址"), max_length=254, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    link = models.CharField(_("链接"), max_length=300, blank=True)
    created = models.DateTimeField(_("创建时间"), default=now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    state = models.CharField(
        _("发送状态"), max_length=8, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    claimed_at = models.DateTimeField(_("领取时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    error = models.TextField(_("错误"), blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "channel", "recipient"],
                condition=models.Q(recipient__isnull=False),
                name="notification_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["key", "robot"],
                condition=models.Q(robot__isnull=False),
                name="notification_once_per_robot",
            ),
            models.UniqueConstraint(
                fields=["key", "channel", "address"],
                condition=models.Q(recipient__isnull=True, robot__isnull=True),
                name="notification_once_per_address",
            ),
            models.CheckConstraint(
                name="notification_has_one_target",
                condition=models.Q(recipient__isnull=False, robot__isnull=True, channel__in=["app", "email"])
                | models.Q(recipient__isnull=True, robot__isnull=False, channel="robot")
                # a citizen who follows a project or a proposal: no account, only a phone or an email
                | (
                    models.Q(recipient__isnull=True, robot__isnull=True, channel__in=["sms", "email"])
                    & ~models.Q(address="")
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "channel", "read_at"], name="notification_unread"),
            models.Index(fields=["channel", "state"], name="notification_outbox"),
        ]

    def __str__(self):
        return self.title
