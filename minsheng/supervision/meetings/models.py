"""Decisions recorded after a leader's quarterly topic meeting (季度专题会议): each becomes an item the
office tracks until it is done, and the next quarter's pack reports on it. Imported by
supervision.models, whose app they belong to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from minsheng.core.fields import ClockDateTimeField


class DecisionState(models.TextChoices):
    OPEN = "open", _("落实中")
    DONE = "done", _("已落实")


class MeetingDecision(models.Model):
    leader = models.ForeignKey("core.Person", models.CASCADE, related_name="+", verbose_name=_("分管领导"))
    year = models.PositiveIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    project = models.ForeignKey(
        "plans.Project", models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("项目")
    )
    unit = models.ForeignKey(
        "core.Unit", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("责任单位")
    )
    text = models.TextField(_("议定事项"))
    due_date = models.DateField(_("完成时限"), null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=8, choices=DecisionState.choices, default=DecisionState.OPEN
    )
    done_note = models.TextField(_("落实情况"), blank=True)
    done_at = models.DateTimeField(_("落实时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("记录人")
    )
    created_at = ClockDateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        app_label = "supervision"
        verbose_name = _("会议议定事项")
        verbose_name_plural = _("会议议定事项")
        ordering = ["year", "quarter", "pk"]

    def __str__(self):
        return f"{self.year}年第{self.quarter}季度 · {self.text[:30]}"
