"""Extension requests (延期申请): a lead unit asks the office to move a project's due date; the rules are
in rules.py, the steps in workflow.py. Imported by supervision.models, whose app they belong to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from minsheng.core.fields import ClockDateTimeField


class ExtensionState(models.TextChoices):
    REQUESTED = "requested", _("待决定")
    GRANTED = "granted", _("已同意")
    REFUSED = "refused", _("不同意")


class Extension(models.Model):
    project = models.ForeignKey(
        "plans.Project", models.CASCADE, related_name="extensions", verbose_name=_("项目")
    )
    unit = models.ForeignKey("core.Unit", models.PROTECT, related_name="+", verbose_name=_("申请单位"))
    original_date = models.DateField(_("原完成期限"))
    new_date = models.DateField(_("申请延至"))
    reason = models.TextField(_("延期理由"))
    state = models.CharField(
        _("状态"), max_length=10, choices=ExtensionState.choices, default=ExtensionState.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("申请人")
    )
    requested_at = ClockDateTimeField(_("申请时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("决定人"),
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    granted_on = models.DateField(_("生效日期"), null=True, blank=True, help_text=_("同意之日起按新期限计算"))
    note = models.TextField(_("决定意见"), blank=True)

    class Meta:
        app_label = "supervision"
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"], condition=models.Q(state="requested"), name="one_waiting_extension"
            )
        ]

    def __str__(self):
        return f"延期申请 · {self.project.name[:20]} → {self.new_date:%Y-%m-%d}"
