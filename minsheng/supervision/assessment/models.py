"""考核 records: an office's scoring rules for a year (its 考核细则's numbers) and the points it records
by hand (a leader's written praise, a target exceeded, other points with a reason). The rest of a unit's
score is computed from the year's facts (assessment.queries). Imported by supervision.models, whose app
they belong to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from minsheng.core.fields import ClockDateTimeField
from minsheng.supervision.assessment import rules


class AssessmentScheme(models.Model):
    """The numbers of a region's 考核细则 for a year; a region without one takes its nearest
    ancestor's, else the defaults (rules.DEFAULTS)."""

    region = models.ForeignKey("core.Region", models.CASCADE, related_name="+", verbose_name=_("区划"))
    year = models.PositiveIntegerField(_("年度"))
    values = models.JSONField(_("分值"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("修改人")
    )
    updated_at = ClockDateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        app_label = "supervision"
        verbose_name = _("考核细则")
        verbose_name_plural = _("考核细则")
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="assessment_scheme_unique")]

    def __str__(self):
        return f"{self.region}{self.year}年考核细则"


ENTRY_KINDS = [
    (k, rules.KIND_LABELS[k]) for k in (rules.PRAISE, rules.OVER_TARGET, rules.BONUS, rules.DEDUCTION)
]


class AssessmentEntry(models.Model):
    """Points the office records for a unit, with the reason and the day they count from. A withdrawn
    entry stays (audited) but no longer counts."""

    region = models.ForeignKey("core.Region", models.CASCADE, related_name="+", verbose_name=_("考核区划"))
    year = models.PositiveIntegerField(_("年度"))
    unit = models.ForeignKey("core.Unit", models.CASCADE, related_name="+", verbose_name=_("责任单位"))
    project = models.ForeignKey(
        "plans.Project", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("项目")
    )
    kind = models.CharField(_("类别"), max_length=16, choices=ENTRY_KINDS)
    points = models.DecimalField(
        _("分值"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("其他加分、其他扣分填写；表扬和超额完成按考核细则计"),
    )
    day = models.DateField(_("计分日期"))
    reason = models.TextField(_("事由及依据"))
    withdrawn = models.BooleanField(_("已撤销"), default=False)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("记录人")
    )
    created_at = ClockDateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        app_label = "supervision"
        verbose_name = _("考核加减分")
        verbose_name_plural = _("考核加减分")
        ordering = ["-day", "-pk"]
        indexes = [models.Index(fields=["region", "year"], name="assessment_entry_year")]

    def __str__(self):
        return f"{self.unit} · {self.get_kind_display()} · {self.reason[:30]}"
