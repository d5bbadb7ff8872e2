"""Supervision records. The problem list (one of the three lists: problems, measures, responsibilities)
starts here: every problem a unit names in a report becomes an item to rectify and verify."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from minsheng.plans.models import Project


class ProblemSource(models.TextChoices):
    REPORT = "report", _("单位报告")
    INSPECTION = "inspection", _("实地督查")
    LEADER = "leader", _("领导批示")
    PUBLIC = "public", _("群众反映")


class ProblemState(models.TextChoices):
    OPEN = "open", _("待整改")
    RECTIFYING = "rectifying", _("整改中")
    RESOLVED = "resolved", _("已整改")
    VERIFIED = "verified", _("已核验")


class Problem(models.Model):
    project = models.ForeignKey(Project, models.CASCADE, related_name="problems", verbose_name=_("项目"))
    report = models.ForeignKey(
        "reporting.Report",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="problem_items",
        verbose_name=_("来源报告"),
    )
    source = models.CharField(_("来源"), max_length=12, choices=ProblemSource.choices, default="report")
    description = models.TextField(_("问题描述"))
    responsible_unit = models.ForeignKey(
        "core.Unit",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="problems",
        verbose_name=_("责任单位"),
    )
    measure = models.TextField(_("整改措施"), blank=True)
    deadline = models.DateField(_("整改时限"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=12, choices=ProblemState.choices, default="open")
    verification = models.TextField(_("核验情况"), blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("登记人")
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("问题")
        verbose_name_plural = _("问题清单")
        ordering = ["-created_at", "pk"]
        indexes = [models.Index(fields=["state", "project"], name="problem_state")]

    def __str__(self):
        return self.description[:40]
