"""Regions, units, people, roles, API tokens and the audit trail."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from minsheng.core.fields import ClockDateTimeField


class RegionKind(models.TextChoices):
    PROVINCE = "province", _("省（自治区、直辖市）")
    CITY = "city", _("地级市")
    DISTRICT = "district", _("市辖区")
    COUNTY = "county", _("县")
    COUNTY_CITY = "county_city", _("县级市")
    ZONE = "zone", _("功能区")
    TOWN = "town", _("镇")
    TOWNSHIP = "township", _("乡")
    STREET = "street", _("街道")


class Region(models.Model):
    """A node of the administrative tree 市 → 县/区/功能区 → 乡镇/街道."""

    name = models.CharField(_("名称"), max_length=60)
    code = models.CharField(_("区划代码"), max_length=12, blank=True, help_text=_("GB/T 2260 代码（如有）"))
    kind = models.CharField(_("类型"), max_length=16, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级")
    )
    # Materialised path of ids ("/1/4/"), so "this region and below" is one indexed prefix match.
    path = models.CharField(_("路径"), max_length=255, editable=False, db_index=True)
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="region_unique_name")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if path != self.path:
            self.path = path
            Region.objects.filter(pk=self.pk).update(path=path)

    def subtree(self):
        return Region.objects.filter(path__startswith=self.path)


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", _("政府（管委会）")
    DEPARTMENT = "department", _("部门单位")
    ENTERPRISE = "enterprise", _("企业")
    COLLECTIVE = "collective", _("集合称谓")


class Unit(models.Model):
    """An organisation that carries work; a collective reference stands for a set of governments."""

    name = models.CharField(_("名称"), max_length=100)
    region = models.ForeignKey(Region, models.PROTECT, related_name="units", verbose_name=_("所属区划"))
    kind = models.CharField(_("类型"), max_length=16, choices=UnitKind.choices, default=UnitKind.DEPARTMENT)
    governs = models.OneToOneField(
        Region,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="government",
        verbose_name=_("所辖区划"),
        help_text=_("政府（管委会）所管理的区划"),
    )
    collective_kinds = models.JSONField(
        _("集合范围"), default=list, blank=True, help_text=_("集合称谓所指下一级区划的类型")
    )

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["region__path", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name")]

    def __str__(self):
        return self.name

    def members(self):
        """The governments a collective reference stands for (empty for other units)."""
        if self.kind != UnitKind.COLLECTIVE:
            return Unit.objects.none()
        return Unit.objects.filter(
            governs__parent=self.region, governs__kind__in=self.collective_kinds
        ).order_by("governs__order", "governs__path")


class UnitAlias(models.Model):
    unit = models.ForeignKey(Unit, models.CASCADE, related_name="aliases", verbose_name=_("单位"))
    name = models.CharField(_("别名"), max_length=100)

    class Meta:
        verbose_name = _("单位别名")
        verbose_name_plural = _("单位别名")
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="alias_unique_name")]

    def __str__(self):
        return self.name


class Person(models.Model):
    """A named person, such as a leader in charge (分管领导)."""

    name = models.CharField(_("姓名"), max_length=40)
    title = models.CharField(_("职务"), max_length=100, blank=True)
    region = models.ForeignKey(Region, models.PROTECT, related_name="people", verbose_name=_("所属区划"))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("登录账号"),
    )

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["region__path", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="person_unique_name")]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    OFFICE = "office", _("督查室")
    REPORTER = "reporter", _("单位填报员")
    APPROVER = "approver", _("单位审核人")
    LEADER = "leader", _("分管领导")
    DEPUTY = "deputy", _("人大代表")


class Membership(models.Model):
    """A user's role: an office or a deputy for a region, a reporter or approver for a unit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships", verbose_name=_("用户")
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    region = models.ForeignKey(Region, models.CASCADE, null=True, blank=True, verbose_name=_("区划"))
    unit = models.ForeignKey(Unit, models.CASCADE, null=True, blank=True, verbose_name=_("单位"))

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "region", "unit"], name="membership_unique"),
            models.CheckConstraint(
                name="membership_has_scope",
                condition=(
                    models.Q(role__in=["office", "leader", "deputy"], region__isnull=False)
                    | models.Q(role__in=["reporter", "approver"], unit__isnull=False)
                ),
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.unit or self.region}"


class ApiToken(models.Model):
    """A token for scripts (Authorization: Bearer …). Only its SHA-256 digest is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens", verbose_name=_("用户")
    )
    digest = models.CharField(_("摘要"), max_length=64, unique=True, editable=False)
    created_at = ClockDateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d}"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class AuditEvent(models.Model):
    """Who changed what, when, through which channel, from which value to which."""

    at = ClockDateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, verbose_name=_("操作人")
    )
    actor_name = models.CharField(_("操作人名称"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=40)
    via = models.CharField(_("途径"), max_length=16)
    model = models.CharField(_("对象类型"), max_length=40)
    object_id = models.CharField(_("对象编号"), max_length=40)
    object_repr = models.CharField(_("对象"), max_length=200)
    changes = models.JSONField(_("变更"), default=dict, blank=True)

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_id"], name="audit_object")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action_label} {self.object_repr}"

    @property
    def action_label(self) -> str:
        return action_label(self.action, self.model)

    @property
    def via_label(self) -> str:
        return VIA_LABELS.get(self.via, self.via)


class Throttle(models.Model):
    """How many attempts one key made in the current window, and until when it is locked: a login's
    account, client, account on one client or trusted device; a public form's client. Kept in the
    database so every app process counts the same attempts. Keys are keyed hashes, never a name or an
    address (`core/throttle.py`)."""

    scope = models.CharField(_("范围"), max_length=24)
    key = models.CharField(_("键"), max_length=64)
    count = models.PositiveIntegerField(_("次数"), default=0)
    window_start = models.DateTimeField(_("计数起点"))
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)

    class Meta:
        verbose_name = _("尝试计数")
        verbose_name_plural = _("尝试计数")
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="throttle_scope_key")]
        indexes = [models.Index(fields=["window_start"], name="throttle_window")]

    def __str__(self):
        return f"{self.scope} {self.key[:8]}"


# Every action written to the audit trail, in the Chinese every history page shows; a feature may word
# its own history more closely (the problem list's 登记), never fall back to the raw action word.
ACTION_LABELS = {
    "create": "新建",
    "unfollow": "取消关注",
    "drop address": "删除号码",
    "update": "修改",
    "delete": "删除",
    "import": "导入",
    "publish": "发布",
    "lockout": "登录锁定",
    "state": "状态变更",
    "withdraw": "撤销",
    # accounts
    "password": "修改密码",
    "password_reset": "重置密码",
    "role_add": "授予角色",
    "role_remove": "撤销角色",
    "activate": "启用账号",
    "deactivate": "停用账号",
    # reports
    "submit": "提交",
    "approve": "审核通过",
    "return": "退回",
    "contribute": "协办报送",
    "reopen": "开放补报",
    "close_reopening": "结束补报",
    "demo_reports": "生成演示报送",
    # supervision
    "urge": "催办",
    "issue": "下发督办单",
    "propose": "升级规则拟办",
    "raise": "逾期升级",
    "request": "申请延期",
    "grant": "同意延期",
    "refuse_extension": "不同意延期",
    "done": "落实",
    "confirm": "确认发出",
    "dismiss": "不予发出",
    "answer": "回复",
    "send_back": "退回重办",
    "close": "办结",
    "instruct": "批示",
    "reply": "回复批示",
    "apply": "申请验收",
    "accept": "验收通过",
    "refuse": "不予验收",
    # participation
    "score": "评分",
    "draft_plan": "生成下年度计划草案",
    "open": "开始",
    "vote": "投票",
    "ballot cast": "投票",
    "evaluation cast": "满意度测评",
}
# Where one action word names a closer step on one kind of record, that record's words, keyed by the
# event's model: a proposal is 受理 (not 验收通过) and 答复 (not 回复批示), a vote and a satisfaction
# evaluation are opened, closed and published. The proposal's moderation steps take their labels here.
ACTION_LABELS_BY_MODEL = {
    "participation.proposal": {
        "create": "提交建议",
        "accept": "受理",
        "shortlist": "入围",
        "reject": "不予受理",
        "merge": "合并",
        "reply": "答复",
    },
    "participation.votingsession": {"open": "开始投票", "close": "结束投票", "publish": "公布结果"},
    "participation.evaluation": {"open": "开始测评", "close": "结束测评", "publish": "公布结果"},
    "participation.problemreport": {"create": "群众反映问题", "accept": "列入问题清单", "reject": "不予采纳"},
    "participation.follow": {
        "create": "群众关注",
        "confirm": "确认接收消息",
        "drop address": "验证码错误过多而删除号码",
    },
}


def action_label(action: str, model: str = "", default: str | None = None) -> str:
    """The Chinese of an audited action on a record of `model` ("participation.proposal"): the model's
    own word, else the common one, else `default` (the raw action word when none is given)."""
    own = ACTION_LABELS_BY_MODEL.get(model, {})
    return own.get(action) or ACTION_LABELS.get(action) or (action if default is None else default)


VIA_LABELS = {
    "web": "网页",
    "admin": "管理后台",
    "api": "接口",
    "cli": "命令行",
    "demo": "演示数据",
    "import": "导入",
    "worker": "后台任务",
    "sso": "统一身份认证",
}
