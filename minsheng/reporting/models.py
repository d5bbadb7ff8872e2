"""Reports of a project's progress: the weekly ledger entry and the monthly report, with every version."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from minsheng.core.fields import ClockDateTimeField
from minsheng.plans.models import Indicator, Plan, Project


class ReportingCalendar(models.Model):
    """A plan's reporting settings; a plan without one uses the defaults."""

    plan = models.OneToOneField(Plan, models.CASCADE, related_name="calendar", verbose_name=_("计划"))
    weekly_weekday = models.PositiveSmallIntegerField(_("周台账截止（周几，0=周一）"), default=4)
    weekly_hour = models.PositiveSmallIntegerField(_("周台账截止时刻"), default=18)
    monthly_day = models.PositiveSmallIntegerField(_("月报截止日"), default=25)
    monthly_hour = models.PositiveSmallIntegerField(_("月报截止时刻"), default=18)
    grace_days = models.PositiveSmallIntegerField(_("宽限天数"), default=2)
    lock_days = models.PositiveSmallIntegerField(_("到期后锁定天数"), default=10)

    class Meta:
        verbose_name = _("报送日历")
        verbose_name_plural = _("报送日历")

    def __str__(self):
        return f"{self.plan} 报送日历"


class ReportKind(models.TextChoices):
    WEEK = "week", _("周台账")
    MONTH = "month", _("月报")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已审核")


class Report(models.Model):
    project = models.ForeignKey(Project, models.CASCADE, related_name="reports", verbose_name=_("项目"))
    kind = models.CharField(_("类型"), max_length=8, choices=ReportKind.choices)
    period = models.CharField(_("周期"), max_length=10, help_text=_("月报如 2024-07，周台账如 2024-W28"))
    period_start = models.DateField(_("周期开始"))
    period_end = models.DateField(_("周期结束"))
    state = models.CharField(_("状态"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT)
    awaiting = models.CharField(_("待审核方"), max_length=8, blank=True, help_text=_("unit 或 office"))
    version = models.PositiveIntegerField(_("版本"), default=1)
    narrative = models.TextField(_("进展情况"), blank=True)
    problems = models.JSONField(_("存在问题"), default=list, blank=True)
    milestones = models.JSONField(
        _("里程碑完成"), default=dict, blank=True, help_text=_("里程碑 id → 实际完成日期（YYYY-MM-DD）")
    )
    next_steps = models.TextField(_("下步打算"), blank=True)
    lag_reason = models.TextField(_("未达序时原因"), blank=True)
    funds_arranged = models.DecimalField(
        _("已安排资金（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    funds_paid = models.DecimalField(
        _("已支付资金（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    return_comment = models.TextField(_("退回意见"), blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("填报人")
    )
    updated_at = ClockDateTimeField(_("更新时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    approved_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("进度报告")
        verbose_name_plural = _("进度报告")
        ordering = ["project", "-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["project", "kind", "period"], name="report_unique_period")
        ]
        indexes = [models.Index(fields=["kind", "period_start"], name="report_period")]

    def __str__(self):
        return f"{self.project.name[:30]} · {self.period} {self.get_kind_display()}"


class ReportValue(models.Model):
    report = models.ForeignKey(Report, models.CASCADE, related_name="values", verbose_name=_("报告"))
    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="reported", verbose_name=_("指标"))
    value = models.DecimalField(_("累计完成"), max_digits=16, decimal_places=4, null=True, blank=True)
    comment = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("报送数值")
        verbose_name_plural = _("报送数值")
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="report_value_unique")]

    def __str__(self):
        return f"{self.indicator.text[:20]} = {self.value}"


class ReportVersion(models.Model):
    """Every saved state of a report, kept for the diff between versions."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="versions", verbose_name=_("报告"))
    version = models.PositiveIntegerField(_("版本"))
    state = models.CharField(_("状态"), max_length=12)
    content = models.JSONField(_("内容"))
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, verbose_name=_("保存人")
    )
    saved_at = ClockDateTimeField(_("保存时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("报告版本")
        verbose_name_plural = _("报告版本")
        ordering = ["report", "version"]
        constraints = [models.UniqueConstraint(fields=["report", "version"], name="report_version_unique")]

    def __str__(self):
        return f"{self.report} 第{self.version}版"


def _attachment_path(instance, filename: str) -> str:
    """Stored names are generated; nothing the client sent reaches the filesystem but the extension
    chosen from the checked content type."""
    return f"reports/{instance.report_id}/{instance.token}{instance.extension}"


def _thumbnail_path(instance, filename: str) -> str:
    return f"reports/{instance.report_id}/{instance.token}.thumb.jpg"


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("照片")
    DOCUMENT = "document", _("文档")


class Attachment(models.Model):
    """A photo or document attached to a report; photos carry a thumbnail and the time the picture
    was taken (EXIF), which field staff rely on as evidence."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="attachments", verbose_name=_("报告"))
    kind = models.CharField(_("类型"), max_length=10, choices=AttachmentKind.choices)
    token = models.CharField(_("存储名"), max_length=32, unique=True, editable=False)
    extension = models.CharField(_("扩展名"), max_length=8)
    file = models.FileField(_("文件"), upload_to=_attachment_path, max_length=200)
    thumbnail = models.FileField(_("缩略图"), upload_to=_thumbnail_path, max_length=200, blank=True)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("内容类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    taken_at = models.DateTimeField(_("拍摄时间"), null=True, blank=True)
    caption = models.CharField(_("说明"), max_length=200, blank=True)
    is_public = models.BooleanField(
        _("公开展示"), default=False, help_text=_("由督查室标记；仅审核通过报告中的照片可在公开看板展示")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("上传人")
    )
    uploaded_at = ClockDateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["report", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class Contribution(models.Model):
    """A co-unit's share of a project's progress for a period; the lead unit sees it while filling its
    report and may take the value over."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="contributions", verbose_name=_("项目"))
    unit = models.ForeignKey(
        "core.Unit", models.CASCADE, related_name="contributions", verbose_name=_("协办单位")
    )
    kind = models.CharField(_("类型"), max_length=8, choices=ReportKind.choices)
    period = models.CharField(_("周期"), max_length=10)
    indicator = models.ForeignKey(
        Indicator, models.CASCADE, null=True, blank=True, related_name="contributions", verbose_name=_("指标")
    )
    value = models.DecimalField(_("完成量"), max_digits=16, decimal_places=4, null=True, blank=True)
    narrative = models.TextField(_("工作情况"), blank=True)
    taken_over = models.BooleanField(_("已被牵头单位采用"), default=False)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("填报人")
    )
    updated_at = ClockDateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("协办单位报送")
        verbose_name_plural = _("协办单位报送")
        ordering = ["project", "period", "unit", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "unit", "kind", "period", "indicator"], name="contribution_unique"
            )
        ]

    def __str__(self):
        return f"{self.unit} · {self.period}"


class PeriodReopening(models.Model):
    """The office reopens a locked period of a plan until a moment, so late reports can be filed."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="reopenings", verbose_name=_("计划"))
    kind = models.CharField(_("类型"), max_length=8, choices=ReportKind.choices)
    period = models.CharField(_("周期"), max_length=10)
    until = models.DateTimeField(_("开放至"))
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("操作人")
    )
    created_at = ClockDateTimeField(_("操作时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("补报开放")
        verbose_name_plural = _("补报开放")
        ordering = ["plan", "-until"]
        constraints = [models.UniqueConstraint(fields=["plan", "kind", "period"], name="reopening_unique")]

    def __str__(self):
        return f"{self.plan} {self.period} 开放至 {self.until:%Y-%m-%d}"
