"""Plans, their categories, projects, indicators, milestones and allocations."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from minsheng.core.models import Person, Region, Unit


class PlanState(models.TextChoices):
    DRAFT = "draft", _("草案")
    PUBLISHED = "published", _("已发布")
    CLOSED = "closed", _("已结束")


PUBLIC_STATES = [PlanState.PUBLISHED, PlanState.CLOSED]


class Plan(models.Model):
    """One region's list of key livelihood projects for one year."""

    region = models.ForeignKey(Region, models.PROTECT, related_name="plans", verbose_name=_("区划"))
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)
    issuer = models.CharField(_("发文单位"), max_length=100, blank=True)
    doc_number = models.CharField(_("文号"), max_length=60, blank=True)
    issued_date = models.DateField(_("印发日期"), null=True, blank=True)
    approved_by = models.CharField(_("审议会议"), max_length=100, blank=True)
    start_date = models.DateField(_("起算日期"), null=True, blank=True, help_text=_("默认为当年1月1日"))
    source_name = models.CharField(_("来源文件"), max_length=200, blank=True)
    content_hash = models.CharField(_("来源文件摘要"), max_length=64, blank=True, editable=False)
    state = models.CharField(_("状态"), max_length=16, choices=PlanState.choices, default=PlanState.DRAFT)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    board_changed_at = models.DateTimeField(
        _("公开看板数据更新时间"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("审核通过报告、验收等改变公开数据时更新，公开页面的缓存以此为准"),
    )
    history_changed_at = models.DateTimeField(
        _("以往状态数据更新时间"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "修改计划、指标，或更正、撤回已审核的报告等改变以往各月状态时更新，各月月末状态的缓存以此为准"
        ),
    )

    class Meta:
        verbose_name = _("计划")
        verbose_name_plural = _("计划")
        ordering = ["-year", "region__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "doc_number"],
                condition=~models.Q(doc_number=""),
                name="plan_unique_doc_number",
            ),
            models.UniqueConstraint(
                fields=["content_hash"], condition=~models.Q(content_hash=""), name="plan_unique_source"
            ),
        ]

    def __str__(self):
        return f"{self.region} {self.year}年 {self.title}"

    def get_absolute_url(self):
        return reverse("plans:detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES

    @property
    def begins(self) -> datetime.date:
        return self.start_date or datetime.date(self.year, 1, 1)

    @property
    def ends(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)


class Category(models.Model):
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="categories", verbose_name=_("计划"))
    order = models.PositiveIntegerField(_("排序"), default=0)
    name = models.CharField(_("名称"), max_length=200)

    class Meta:
        verbose_name = _("类别")
        verbose_name_plural = _("类别")
        ordering = ["plan", "order"]

    def __str__(self):
        return self.name


class ProjectState(models.TextChoices):
    NOT_STARTED = "not_started", _("未启动")
    IN_PROGRESS = "in_progress", _("推进中")
    APPLIED = "applied", _("申请验收")
    ACCEPTED = "accepted", _("已验收")
    UNFINISHED = "unfinished", _("未完成")


class Project(models.Model):
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="projects", verbose_name=_("计划"))
    category = models.ForeignKey(
        Category, models.SET_NULL, null=True, blank=True, related_name="projects", verbose_name=_("类别")
    )
    seq = models.CharField(_("序号"), max_length=10)
    order = models.PositiveIntegerField(_("排序"), default=0)
    name = models.CharField(_("项目名称"), max_length=300)
    summary = models.TextField(_("内容概述"), blank=True)
    content = models.TextField(_("实施内容及工作目标"), blank=True)
    deadline = models.DateField(_("完成期限"), null=True, blank=True)
    deadline_text = models.CharField(_("完成期限（原文）"), max_length=60, blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=ProjectState.choices, default=ProjectState.NOT_STARTED
    )
    units = models.ManyToManyField(
        Unit, through="ProjectUnit", related_name="projects", verbose_name=_("单位")
    )
    leaders = models.ManyToManyField(Person, blank=True, related_name="projects", verbose_name=_("分管领导"))
    parent = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级项目"),
        help_text=_("本项目所落实的上级计划项目"),
    )
    lineage = models.ManyToManyField(
        "self", blank=True, verbose_name=_("往年同类项目"), help_text=_("其他年度延续的同一承诺")
    )

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "seq"], name="project_unique_seq")]

    def __str__(self):
        return f"{self.seq}. {self.name}"

    def get_absolute_url(self):
        return reverse("plans:project", args=[self.pk])

    def clean(self):
        if self.deadline and self.plan_id and self.deadline.year < self.plan.year:
            raise ValidationError({"deadline": _("完成期限不能早于计划年度。")})

    @property
    def due(self) -> datetime.date:
        return self.deadline or self.plan.ends


class UnitRole(models.TextChoices):
    LEAD = "lead", _("牵头单位")
    CO = "co", _("协办单位")


class ProjectUnit(models.Model):
    project = models.ForeignKey(Project, models.CASCADE, related_name="unit_roles", verbose_name=_("项目"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="project_roles", verbose_name=_("单位"))
    role = models.CharField(_("职责"), max_length=8, choices=UnitRole.choices)
    order = models.PositiveIntegerField(_("排序"), default=0)
    written_as = models.CharField(_("原文名称"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")
        ordering = ["project", "order"]  # as listed in the notice: lead units first
        constraints = [models.UniqueConstraint(fields=["project", "unit"], name="project_unit_unique")]

    def __str__(self):
        return f"{self.unit}（{self.get_role_display()}）"


class Comparator(models.TextChoices):
    AT_LEAST = "≥", _("≥ 不少于")
    EQUAL = "=", _("= 达到")
    AT_MOST = "≤", _("≤ 不超过")


class IndicatorKind(models.TextChoices):
    CUMULATIVE = "cumulative", _("累计数量")
    RATE = "rate", _("比率")
    STANDARD = "standard", _("达标")


class Indicator(models.Model):
    """A quantified target of a project."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="indicators", verbose_name=_("项目"))
    order = models.PositiveIntegerField(_("排序"), default=0)
    text = models.CharField(_("目标原文"), max_length=300)
    target_value = models.DecimalField(
        _("目标值"), max_digits=16, decimal_places=4, validators=[MinValueValidator(0)]
    )
    target_max = models.DecimalField(_("目标上限"), max_digits=16, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("计量单位"), max_length=20)
    comparator = models.CharField(_("比较"), max_length=1, choices=Comparator.choices, default="=")
    baseline = models.DecimalField(
        _("基数"), max_digits=16, decimal_places=4, default=0, validators=[MinValueValidator(0)]
    )
    due_date = models.DateField(_("完成期限"), null=True, blank=True, help_text=_("空则取项目完成期限"))
    spans_years = models.BooleanField(_("跨年度目标"), default=False, help_text=_("通知明确该目标跨年度完成"))
    kind = models.CharField(
        _("类型"), max_length=16, choices=IndicatorKind.choices, default=IndicatorKind.CUMULATIVE
    )
    weight = models.DecimalField(
        _("权重"), max_digits=6, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["project", "order", "pk"]

    def __str__(self):
        return f"{self.text}（{self.comparator}{self.target_display}）"

    @property
    def target_display(self) -> str:
        value = self.target_value.normalize() if self.target_value is not None else ""
        return f"{value:f}{self.unit}" if value != "" else ""

    def clean(self):
        errors = {}
        if self.target_value is not None and self.target_value <= 0:
            errors["target_value"] = _("目标值必须为正数。")
        if self.unit == "%" and self.target_value is not None and self.target_value > 100:
            errors["target_value"] = _("百分比目标不能超过100。")
        if (
            self.target_max is not None
            and self.target_value is not None
            and self.target_max < self.target_value
        ):
            errors["target_max"] = _("目标上限不能小于目标值。")
        baseline_above = (
            self.baseline is not None and self.target_value is not None and self.baseline > self.target_value
        )
        if baseline_above and self.comparator != Comparator.AT_MOST:
            errors["baseline"] = _("基数大于目标值，仅适用于“不超过”类目标。")
        if self.due_date and self.project_id and not self.spans_years:
            year = self.project.plan.year
            if self.due_date.year != year:
                errors["due_date"] = _(
                    "完成期限应在计划年度（%(year)s年）内；如通知明确跨年度，请勾选“跨年度目标”。"
                ) % {"year": year}
        if errors:
            raise ValidationError(errors)

    @property
    def due(self) -> datetime.date:
        return self.due_date or self.project.due


class Milestone(models.Model):
    """A dated step of a project with no quantified target."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="milestones", verbose_name=_("项目"))
    order = models.PositiveIntegerField(_("排序"), default=0)
    title = models.CharField(_("节点"), max_length=200)
    due_date = models.DateField(_("计划完成"))
    done_date = models.DateField(_("实际完成"), null=True, blank=True)

    class Meta:
        verbose_name = _("里程碑")
        verbose_name_plural = _("里程碑")
        ordering = ["project", "due_date", "order"]

    def __str__(self):
        return self.title


class Allocation(models.Model):
    """A share of an upper-level indicator assigned to a lower region or unit."""

    indicator = models.ForeignKey(
        Indicator, models.CASCADE, related_name="allocations", verbose_name=_("上级指标")
    )
    region = models.ForeignKey(Region, models.PROTECT, verbose_name=_("承担区划"))
    unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, verbose_name=_("承担单位"))
    value = models.DecimalField(
        _("分解任务"), max_digits=16, decimal_places=4, validators=[MinValueValidator(0)]
    )
    child_indicator = models.ForeignKey(
        Indicator,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="allocated_from",
        verbose_name=_("下级指标"),
    )

    class Meta:
        verbose_name = _("任务分解")
        verbose_name_plural = _("任务分解")
        constraints = [models.UniqueConstraint(fields=["indicator", "region"], name="allocation_unique")]

    def __str__(self):
        return f"{self.indicator.text} → {self.region} {self.value.normalize():f}{self.indicator.unit}"


class TrajectoryPoint(models.Model):
    """A planned cumulative value at a month's end: the lead unit's monthly decomposition of an
    indicator, which replaces the straight line from the plan's start to the due date."""

    indicator = models.ForeignKey(
        Indicator, models.CASCADE, related_name="trajectory", verbose_name=_("指标")
    )
    month_end = models.DateField(_("月末"))
    value = models.DecimalField(_("计划累计完成"), max_digits=16, decimal_places=4)

    class Meta:
        verbose_name = _("月度计划进度")
        verbose_name_plural = _("月度计划进度")
        ordering = ["indicator", "month_end"]
        constraints = [models.UniqueConstraint(fields=["indicator", "month_end"], name="trajectory_unique")]

    def __str__(self):
        return f"{self.indicator} {self.month_end:%Y-%m}: {self.value}"
