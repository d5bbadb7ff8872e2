"""The yearly loop's participation: the public's proposals, the office's scoring and candidate list,
the deputies' secret vote (票决) and the year-end satisfaction evaluation.

Secrecy of ballots: casting writes, in one transaction, the deputy's `BallotReceipt` (unique per
session, so the database refuses a second ballot) and adds one to the count of each candidate marked.
No ballot is stored as a row: a row per ballot, whatever its id, sits in the table in the order of
casting, which the receipts' order would match to the deputies. What is stored is who voted and how
many votes each candidate has. Satisfaction evaluations work the same way (`EvaluationCount`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from minsheng.core.fields import ClockDateTimeField
from minsheng.core.models import Region
from minsheng.participation.follows.models import Follow, FollowMessage  # noqa: F401 (this app's models)
from minsheng.plans.models import Plan, Project


class ProposalState(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    REJECTED = "rejected", _("未通过审核")
    ACCEPTED = "accepted", _("已受理")
    MERGED = "merged", _("已合并")
    SHORTLISTED = "shortlisted", _("入围评分")
    CANDIDATE = "candidate", _("列入候选")
    NOT_SELECTED = "not_selected", _("未列入候选")
    ELECTED = "elected", _("票决通过")
    NOT_ELECTED = "not_elected", _("未当选")


class Proposal(models.Model):
    """A citizen's proposal for next year's list, submitted without login and followed by its receipt."""

    receipt = models.CharField(_("回执码"), max_length=12, unique=True, editable=False)
    region = models.ForeignKey(Region, models.PROTECT, related_name="proposals", verbose_name=_("区划"))
    year = models.PositiveSmallIntegerField(_("征集年度"), help_text=_("建议列入哪一年的民生实事"))
    category = models.CharField(_("类别"), max_length=20)
    title = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("内容"), max_length=2000)
    beneficiaries = models.CharField(_("受益群体"), max_length=200, blank=True)
    phone = models.CharField(
        _("联系电话"), max_length=20, blank=True, help_text=_("选填，仅督查室回访用，从不公开")
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=ProposalState.choices, default=ProposalState.SUBMITTED
    )
    merged_into = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="merged", verbose_name=_("合并至")
    )
    reply = models.TextField(_("答复"), blank=True, help_text=_("提议人凭回执码可见"))
    client = models.CharField(_("来源摘要"), max_length=64, blank=True, editable=False, db_index=True)
    created_at = ClockDateTimeField(_("提交时间"), auto_now_add=True, db_index=True)
    updated_at = ClockDateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("民生实事建议")
        verbose_name_plural = _("民生实事建议")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.receipt} {self.title}"


class ProposalScore(models.Model):
    """One office scorer's marks for a shortlisted proposal, per criterion (0–100)."""

    proposal = models.ForeignKey(Proposal, models.CASCADE, related_name="scores", verbose_name=_("建议"))
    scorer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("评分人")
    )
    marks = models.JSONField(_("各项得分"), default=dict)
    total = models.DecimalField(_("加权总分"), max_digits=6, decimal_places=2)
    note = models.CharField(_("评分说明"), max_length=200, blank=True)
    scored_at = ClockDateTimeField(_("评分时间"), auto_now=True)

    class Meta:
        verbose_name = _("建议评分")
        verbose_name_plural = _("建议评分")
        constraints = [models.UniqueConstraint(fields=["proposal", "scorer"], name="proposal_score_unique")]

    def __str__(self):
        return f"{self.proposal} {self.total}"


class VoteState(models.TextChoices):
    DRAFT = "draft", _("准备中")
    OPEN = "open", _("投票中")
    CLOSED = "closed", _("已计票")
    PUBLISHED = "published", _("已公布")


class VotingSession(models.Model):
    """A deputies' vote on a candidate list with more candidates than seats (差额票决); a second round
    is a session of its own pointing at the first."""

    region = models.ForeignKey(Region, models.PROTECT, related_name="voting_sessions", verbose_name=_("区划"))
    year = models.PositiveSmallIntegerField(_("实事年度"))
    title = models.CharField(
        _("会议名称"), max_length=120, help_text=_("如：济宁市第十八届人民代表大会第四次会议")
    )
    seats = models.PositiveSmallIntegerField(_("应选项目数"))
    present = models.PositiveSmallIntegerField(
        _("实到代表人数"), null=True, blank=True, help_text=_("空则以投票人数计")
    )
    state = models.CharField(_("状态"), max_length=12, choices=VoteState.choices, default=VoteState.DRAFT)
    round = models.PositiveSmallIntegerField(_("轮次"), default=1)
    previous = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="next_rounds", verbose_name=_("上一轮")
    )
    result = models.JSONField(_("计票结果"), default=dict, blank=True, editable=False)
    draft_plan = models.ForeignKey(
        Plan, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("生成的计划草案")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("创建人")
    )
    created_at = ClockDateTimeField(_("创建时间"), auto_now_add=True)
    opened_at = models.DateTimeField(_("开始投票"), null=True, blank=True)
    closed_at = models.DateTimeField(_("计票时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("票决会议")
        verbose_name_plural = _("票决会议")
        ordering = ["-year", "region__path", "round"]

    def __str__(self):
        return f"{self.title}（第{self.round}轮）"


class Candidate(models.Model):
    session = models.ForeignKey(
        VotingSession, models.CASCADE, related_name="candidates", verbose_name=_("票决会议")
    )
    proposal = models.ForeignKey(
        Proposal,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="candidacies",
        verbose_name=_("来源建议"),
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("候选项目"), max_length=100)
    content = models.TextField(_("主要内容"), blank=True)
    category = models.CharField(_("类别"), max_length=20, blank=True)
    votes = models.PositiveIntegerField(
        _("得票数"), default=0, editable=False, help_text=_("投票时累加；计票前不显示")
    )
    elected = models.BooleanField(_("当选"), default=False, editable=False)

    class Meta:
        verbose_name = _("候选项目")
        verbose_name_plural = _("候选项目")
        ordering = ["session", "order"]
        constraints = [models.UniqueConstraint(fields=["session", "order"], name="candidate_unique_order")]

    def __str__(self):
        return f"{self.order}. {self.title}"


class BallotReceipt(models.Model):
    """That a deputy has voted in a session — never what. Unique: one ballot per deputy."""

    session = models.ForeignKey(
        VotingSession, models.CASCADE, related_name="receipts", verbose_name=_("票决会议")
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("代表")
    )
    voted_at = ClockDateTimeField(_("投票时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("投票记录")
        verbose_name_plural = _("投票记录")
        constraints = [models.UniqueConstraint(fields=["session", "deputy"], name="ballot_receipt_once")]

    def __str__(self):
        return f"{self.session} · {self.deputy}"


class Verdict(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class Evaluation(models.Model):
    """The year-end satisfaction evaluation of a plan's projects by the deputies."""

    plan = models.ForeignKey(Plan, models.PROTECT, related_name="evaluations", verbose_name=_("计划"))
    title = models.CharField(_("测评名称"), max_length=120)
    state = models.CharField(_("状态"), max_length=12, choices=VoteState.choices, default=VoteState.DRAFT)
    result = models.JSONField(_("测评结果"), default=dict, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("创建人")
    )
    created_at = ClockDateTimeField(_("创建时间"), auto_now_add=True)
    opened_at = models.DateTimeField(_("开始测评"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束测评"), null=True, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("满意度测评")
        verbose_name_plural = _("满意度测评")
        ordering = ["-plan__year", "pk"]

    def __str__(self):
        return self.title


class EvaluationReceipt(models.Model):
    """That a deputy has evaluated — never how. Unique: once per deputy."""

    evaluation = models.ForeignKey(
        Evaluation, models.CASCADE, related_name="receipts", verbose_name=_("测评")
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("代表")
    )
    voted_at = ClockDateTimeField(_("测评时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("测评记录")
        verbose_name_plural = _("测评记录")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "deputy"], name="evaluation_receipt_once")
        ]

    def __str__(self):
        return f"{self.evaluation} · {self.deputy}"


class EvaluationCount(models.Model):
    """How many deputies gave a project a verdict: counts only, no row per deputy (see the module)."""

    evaluation = models.ForeignKey(Evaluation, models.CASCADE, related_name="counts", verbose_name=_("测评"))
    project = models.ForeignKey(
        Project, models.CASCADE, related_name="evaluation_counts", verbose_name=_("项目")
    )
    verdict = models.CharField(_("评价"), max_length=12, choices=Verdict.choices)
    count = models.PositiveIntegerField(_("票数"), default=0)

    class Meta:
        verbose_name = _("测评票数")
        verbose_name_plural = _("测评票数")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "project", "verdict"], name="evaluation_count_unique"
            )
        ]

    def __str__(self):
        return f"{self.project} · {self.get_verdict_display()} {self.count}"


class SurveyResponse(models.Model):
    """A member of the public's 0–100 satisfaction score for a project (the public survey)."""

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="survey_responses", verbose_name=_("项目")
    )
    score = models.PositiveSmallIntegerField(_("满意度得分"))
    client = models.CharField(_("来源摘要"), max_length=64, editable=False, db_index=True)
    created_at = ClockDateTimeField(_("提交时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("公众满意度问卷")
        verbose_name_plural = _("公众满意度问卷")
        constraints = [
            models.CheckConstraint(condition=models.Q(score__lte=100), name="survey_score_at_most_100"),
        ]

    def __str__(self):
        return f"{self.project} · {self.score}"


class ReportState(models.TextChoices):
    PENDING = "pending", _("待核实")
    ACCEPTED = "accepted", _("已列入问题清单")
    REJECTED = "rejected", _("未予采纳")


class ProblemReport(models.Model):
    """A problem a member of the public reports on a project (from its 民生码 or its public page), without
    login, followed by its receipt. The office moderates: an accepted report becomes an item of the
    problem list with the public as its source; the phone number is never shown publicly."""

    receipt = models.CharField(_("回执码"), max_length=12, unique=True, editable=False)
    project = models.ForeignKey(
        Project, models.CASCADE, related_name="public_reports", verbose_name=_("项目")
    )
    description = models.TextField(_("反映的问题"), max_length=500)
    phone = models.CharField(
        _("联系电话"), max_length=20, blank=True, help_text=_("选填，仅督查室回访用，从不公开")
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=ReportState.choices, default=ReportState.PENDING
    )
    problem = models.ForeignKey(
        "supervision.Problem",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("问题清单条目"),
    )
    reply = models.TextField(_("答复"), blank=True, help_text=_("反映人凭回执码可见"))
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("核实人"),
    )
    moderated_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    client = models.CharField(_("来源摘要"), max_length=64, blank=True, editable=False, db_index=True)
    created_at = ClockDateTimeField(_("提交时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("群众反映问题")
        verbose_name_plural = _("群众反映问题")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.receipt} · {self.description[:30]}"
