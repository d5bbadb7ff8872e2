"""Supervision records. The problem list (one of the three lists: problems, measures, responsibilities)
starts here: every problem a unit names in a report becomes an item to rectify and verify."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from minsheng.core.clock import today
from minsheng.core.fields import ClockDateTimeField
from minsheng.plans.models import Project
from minsheng.supervision.assessment.models import AssessmentEntry, AssessmentScheme  # noqa: F401 (this app's models)
from minsheng.supervision.extensions.models import Extension, ExtensionState  # noqa: F401 (this app's models)
from minsheng.supervision.meetings.models import DecisionState, MeetingDecision  # noqa: F401 (this app's models)
from minsheng.supervision.orders import grades  # plain rules, no models
from minsheng.supervision.problems.states import ProblemState  # defined where the rules read it too


class ProblemSource(models.TextChoices):
    REPORT = "report", _("单位报告")
    INSPECTION = "inspection", _("实地督查")
    LEADER = "leader", _("领导批示")
    PUBLIC = "public", _("群众反映")


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
    responsible_person = models.CharField(_("责任人"), max_length=50, blank=True)
    verification = models.TextField(_("核验情况"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("核验人"),
    )
    verified_at = models.DateTimeField(_("核验时间"), null=True, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("登记人")
    )
    created_at = ClockDateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = ClockDateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("问题")
        verbose_name_plural = _("问题清单")
        ordering = ["-created_at", "pk"]
        indexes = [models.Index(fields=["state", "project"], name="problem_state")]

    def __str__(self):
        return self.description[:40]


class OrderKind(models.TextChoices):
    URGE = "urge", _("催办")
    ORDER = "notice", _("督办单")


class OrderState(models.TextChoices):
    PROPOSED = "proposed", _("拟办（待督查室确认）")
    ISSUED = "issued", _("已发出")
    ANSWERED = "answered", _("已回复")
    CLOSED = "closed", _("已办结")
    DISMISSED = "dismissed", _("不予发出")


class SupervisionOrder(models.Model):
    """An urge (催办) or a formal supervision order (督办单) to a unit about a project. The escalation
    ladder of `minsheng tick` only proposes; the office confirms before anything is issued."""

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="supervision_orders", verbose_name=_("项目")
    )
    unit = models.ForeignKey(
        "core.Unit", models.PROTECT, related_name="supervision_orders", verbose_name=_("责任单位")
    )
    kind = models.CharField(_("类型"), max_length=8, choices=OrderKind.choices)
    number = models.CharField(
        _("编号"), max_length=40, blank=True, help_text=_("督办单编号，如 督〔2024〕3号")
    )
    grade = models.CharField(
        _("等级"),
        max_length=8,
        choices=grades.CHOICES,
        blank=True,
        help_text=_("督办单的等级：提示（蓝）、警示（橙）、严重（红）；逾期未回复升一级"),
    )
    reasons = models.TextField(_("督办事由"))
    measures = models.TextField(_("整改要求"), blank=True)
    respond_by = models.DateField(_("回复时限"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=OrderState.choices, default="issued")
    trigger = models.CharField(
        _("触发规则"), max_length=40, blank=True, help_text=_("由升级规则拟办时的规则代码")
    )
    response = models.TextField(_("回复内容"), blank=True)
    responded_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("回复人"),
    )
    issued_at = models.DateTimeField(_("发出时间"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发出人"),
    )
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = ClockDateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("催办督办")
        verbose_name_plural = _("催办督办")
        ordering = ["-created_at", "pk"]
        indexes = [models.Index(fields=["state", "project"], name="notice_state")]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "unit", "trigger"],
                condition=models.Q(state="proposed"),
                name="one_open_proposal_per_trigger",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number or self.pk} · {self.project.name[:20]}"

    @property
    def overdue_days(self) -> int:
        """Days past the response deadline of an issued item not yet answered (0 otherwise)."""
        if self.state != OrderState.ISSUED or self.respond_by is None:
            return 0
        return max(0, (today() - self.respond_by).days)

    @property
    def grade_of(self) -> grades.Grade | None:
        """The 督办单's grade (its label, sheet colour and days to answer); None for an urge."""
        return grades.GRADES.get(self.grade)


class Instruction(models.Model):
    """A leader's instruction (批示) on a project, routed to its lead unit, which replies."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="instructions", verbose_name=_("项目"))
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("批示领导")
    )
    text = models.TextField(_("批示内容"))
    reply = models.TextField(_("落实情况"), blank=True)
    replied_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("回复人"),
    )
    created_at = ClockDateTimeField(_("批示时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")
        ordering = ["-created_at", "pk"]

    def __str__(self):
        return self.text[:40]


class AcceptanceState(models.TextChoices):
    APPLIED = "applied", _("已申请")
    ACCEPTED = "accepted", _("验收通过")
    REFUSED = "refused", _("不予验收")


class Acceptance(models.Model):
    """A lead unit's application for acceptance with its evidence, and the office's decision."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="acceptances", verbose_name=_("项目"))
    evidence = models.TextField(_("完成情况及佐证"))
    report = models.ForeignKey(
        "reporting.Report",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("佐证报告"),
    )
    state = models.CharField(_("状态"), max_length=10, choices=AcceptanceState.choices, default="applied")
    decision = models.TextField(_("验收意见"), blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("申请人")
    )
    applied_at = models.DateTimeField(_("申请时间"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("验收人"),
    )
    decided_at = models.DateTimeField(_("验收时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("验收")
        verbose_name_plural = _("验收")
        ordering = ["-applied_at", "pk"]

    def __str__(self):
        return f"{self.project.name[:20]} {self.get_state_display()}"


class YearEndReview(models.Model):
    """At year end, an unfinished project's explanation, recovery plan and new completion date."""

    project = models.OneToOneField(Project, models.CASCADE, related_name="year_end", verbose_name=_("项目"))
    explanation = models.TextField(_("未完成原因"))
    recovery_plan = models.TextField(_("整改计划"))
    new_date = models.DateField(_("新的完成时限"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("填写人")
    )
    written_at = ClockDateTimeField(_("填写时间"), auto_now=True)

    class Meta:
        verbose_name = _("年终未完成说明")
        verbose_name_plural = _("年终未完成说明")

    def __str__(self):
        return f"{self.project.name[:20]} 年终说明"


class BulletinState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class Bulletin(models.Model):
    """The monthly progress bulletin (通报) of a plan: generated, edited by the office, published."""

    plan = models.ForeignKey("plans.Plan", models.CASCADE, related_name="bulletins", verbose_name=_("计划"))
    month = models.CharField(_("月份"), max_length=7, help_text=_("如 2024-06"))
    title = models.CharField(_("标题"), max_length=200)
    number = models.CharField(_("期号"), max_length=40, blank=True)
    sections = models.JSONField(_("正文各部分"), default=dict)
    state = models.CharField(_("状态"), max_length=10, choices=BulletinState.choices, default="draft")
    docx = models.FileField(_("Word 文件"), upload_to="bulletins/", blank=True, max_length=200)
    pdf = models.FileField(_("PDF 文件"), upload_to="bulletins/", blank=True, max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("起草人")
    )
    created_at = ClockDateTimeField(_("生成时间"), auto_now_add=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发布人"),
    )
    # Publishing renders Word and PDF (LibreOffice, seconds): the office asks, the background worker does it.
    publishing_since = models.DateTimeField(_("提交发布时间"), null=True, blank=True)
    publish_error = models.TextField(_("未能发布的原因"), blank=True)

    class Meta:
        verbose_name = _("通报")
        verbose_name_plural = _("通报")
        ordering = ["plan", "-month"]
        constraints = [models.UniqueConstraint(fields=["plan", "month"], name="bulletin_unique_month")]

    def __str__(self):
        return self.title


class MonthEndStatus(models.Model):
    """A project's status at a past month end, kept so the dashboards' history is computed once per plan
    and day (`supervision.status.month_ends`). A row is read only while `basis` equals the plan's
    `history_changed_at` and `rules` the status rules' fingerprint: a change that alters the past moves
    the stamp, and the next read computes the plan's month ends again."""

    plan = models.ForeignKey("plans.Plan", models.CASCADE, related_name="+", verbose_name=_("计划"))
    project = models.ForeignKey(Project, models.CASCADE, related_name="+", verbose_name=_("项目"))
    day = models.DateField(_("日期"))
    basis = models.DateTimeField(_("依据的以往状态更新时间"), null=True, blank=True)
    rules = models.CharField(_("规则版本"), max_length=16)
    colour = models.CharField(_("颜色"), max_length=16)
    progress = models.FloatField(_("进度"))
    expected = models.FloatField(_("序时进度"))
    gap = models.FloatField(_("差距"))
    forecast_date = models.DateField(_("预计完成日期"), null=True, blank=True)
    finished = models.BooleanField(_("已完成"), default=False)
    overdue_reports = models.PositiveIntegerField(_("逾期未报"), default=0)
    reasons = models.JSONField(_("原因"), default=list, blank=True)

    class Meta:
        verbose_name = _("月末状态")
        verbose_name_plural = _("月末状态")
        constraints = [models.UniqueConstraint(fields=["project", "day"], name="month_end_status_unique")]
        indexes = [models.Index(fields=["plan", "day"], name="month_end_status_plan_day")]

    def __str__(self):
        return f"{self.project_id} · {self.day}"
