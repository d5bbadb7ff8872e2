"""The report workflow: save a draft → submit → the unit approver (where the unit has one) → the
office approves, or returns with a comment → revise → resubmit. Every step is audited and versioned;
a period that has locked takes no report, two people saving the same version cannot overwrite each
other (optimistic locking), and submitting twice is one submission."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Value, prefetch_related_objects
from django.db.models.functions import Coalesce

from minsheng.core import limits
from minsheng.core.audit import log_action
from minsheng.core.clock import now
from minsheng.core.errors import DomainError
from minsheng.core.models import Membership, Role
from minsheng.core.roles import roles_of
from minsheng.plans import board
from minsheng.plans.models import Project, ProjectState, UnitRole
from minsheng.plans.scoping import changeable_plans, leads_project
from minsheng.reporting import signals
from minsheng.reporting.attachments import files as attachments
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.contributions import workflow as contributions
from minsheng.reporting.models import Report, ReportState, ReportVersion
from minsheng.reporting.reports import reopening, values
from minsheng.reporting.reports.validation import parse_value

CENT, FUNDS_LIMIT = Decimal("0.01"), Decimal(10) ** 12


class ReportError(DomainError):
    """Refused; `messages` are for the user, in Chinese. `status` is the HTTP answer for the API."""

    status = 400
    default_message = "报告未能保存。"


class ValidationFailed(ReportError):
    status = 422


class Conflict(ReportError):
    status = 409


class NotAllowed(ReportError):
    status = 403


def rules_for(plan) -> calendar.CalendarRules:
    settings = getattr(plan, "calendar", None)
    if settings is None:
        return calendar.DEFAULT_RULES
    fields = calendar.CalendarRules.__dataclass_fields__
    return calendar.CalendarRules(**{name: getattr(settings, name) for name in fields})


def lead_unit_ids(project: Project) -> set[int]:
    return {r.unit_id for r in project.unit_roles.all() if r.role == UnitRole.LEAD}


def can_report(user, project: Project) -> bool:
    return leads_project(user, project)


def _snapshot(report: Report, user) -> None:
    # Read once, after the writes: whoever answers with the report (the API) reuses them.
    prefetch_related_objects([report], "values", "attachments")
    content = {
        "state": report.state,
        "narrative": report.narrative,
        "problems": report.problems,
        "next_steps": report.next_steps,
        "lag_reason": report.lag_reason,
        "funds_arranged": str(report.funds_arranged) if report.funds_arranged is not None else None,
        "funds_paid": str(report.funds_paid) if report.funds_paid is not None else None,
        "values": {
            str(v.indicator_id): [str(v.value) if v.value is not None else None, v.comment]
            for v in report.values.all()
        },
        "attachments": [a.original_name for a in report.attachments.all()],
        "milestones": report.milestones,
    }
    ReportVersion.objects.create(
        report=report, version=report.version, state=report.state, content=content, saved_by=user
    )


def _check_values(project: Project, period, items: list[dict], lag_reason: str, confirmed: bool):
    errors, rows = values.checked(project, period, items, lag_reason, confirmed)
    if errors:
        raise ValidationFailed(*errors)
    return rows


def _check_lengths(data: dict) -> None:
    """Free text and lists within core.limits, before anything is written."""
    errors = limits.errors_of(
        {
            "进展情况": (data.get("narrative"), limits.LONG),
            "下步打算": (data.get("next_steps"), limits.LONG),
            "未达序时原因": (data.get("lag_reason"), limits.LONG),
        }
    )
    problems = data.get("problems") or []
    if isinstance(problems, str):
        problems = [problems]
    errors += limits.list_errors(problems, "存在问题")
    values = data.get("values") or []
    if len(values) > limits.ITEMS * 10:
        errors.append(f"一份报告最多填写 {limits.ITEMS * 10} 个指标值。")
    errors += [
        m
        for item in values[: limits.ITEMS * 10]
        if isinstance(item, dict) and (m := limits.text_error(item.get("comment"), "指标说明", limits.SHORT))
    ]
    if errors:
        raise ValidationFailed(*errors)


def save_report(
    project: Project,
    period_key: str,
    data: dict,
    user,
    expected_version: int | None = None,
    new_files: list[attachments.Checked] = (),
    remove_attachments: list[int] = (),
) -> Report:
    """Create or revise the draft of a project's report for a period, with the attachments to add
    (already checked) and to remove. All or nothing: a refusal leaves no row and no file behind."""
    if not can_report(user, project):
        raise NotAllowed("只有牵头单位的填报人可以填报该项目。")
    try:
        period = calendar.parse_period(period_key)
    except calendar.PeriodError as e:
        raise ValidationFailed(str(e)) from None
    plan = project.plan
    if period.end < plan.begins or period.start > plan.ends:
        raise ValidationFailed(f"{period.label}不在计划年度（{plan.year}年）内。")
    rules = rules_for(plan)
    moment = now()
    if calendar.is_locked(moment, period, rules) and not reopening.is_reopened(plan, period, moment):
        raise ReportError(
            f"{period.label}已于 {calendar.locks_at(period, rules):%Y-%m-%d %H:%M} 锁定，不能再填报；如需补报请联系督查室。"
        )
    stored = []
    try:
        with transaction.atomic():
            report = _save(
                project, period, data, user, expected_version, new_files, remove_attachments, stored
            )
    except BaseException:
        attachments.discard_files(stored)
        raise
    return report


def _save(project, period, data, user, expected_version, new_files, remove_attachments, stored) -> Report:
    report = (
        Report.objects.select_for_update()
        .filter(project=project, kind=period.kind, period=period.key)
        .first()
    )
    if report and report.state in (ReportState.SUBMITTED, ReportState.APPROVED):
        raise ReportError(f"该报告{report.get_state_display()}，不能修改。")
    if report and expected_version is not None and expected_version != report.version:
        raise Conflict(
            f"该报告已被他人修改（当前第 {report.version} 版），请刷新后在最新版本上修改，您填写的内容未保存。"
        )
    _check_lengths(data)
    rows = _check_values(
        project, period, data.get("values") or [], data.get("lag_reason") or "", bool(data.get("confirm"))
    )
    created = report is None
    if created:
        report = Report(
            project=project,
            kind=period.kind,
            period=period.key,
            period_start=period.start,
            period_end=period.end,
            created_by=user,
        )
    else:
        report.version += 1
    for field in ("narrative", "next_steps", "lag_reason"):
        setattr(report, field, (data.get(field) or "").strip())
    report.problems = [p.strip() for p in data.get("problems") or [] if p and p.strip()]
    if "milestones" in data:  # a save that does not show milestones (the weekly grid) keeps them
        report.milestones = milestone_dates(project, period, data["milestones"] or {})
    for field in ("funds_arranged", "funds_paid"):
        value, ok = parse_value(data.get(field))
        if not ok or (value is not None and value < 0):
            raise ValidationFailed("资金须为不小于 0 的数字（万元）。")
        if value is not None and (
            value >= FUNDS_LIMIT or value.quantize(CENT) >= FUNDS_LIMIT
        ):  # 14 digits, 2 after
            raise ValidationFailed(f"资金“{str(data.get(field))[:20]}”过大：最多 12 位整数（万元）。")
        setattr(report, field, value)
    report.save()
    values.write(report, rows, created)
    changes = {"版本": [None, report.version]}
    removed = list(report.attachments.filter(pk__in=remove_attachments))
    if removed:
        changes["删除附件"] = ["、".join(a.original_name for a in removed), None]
        report.attachments.filter(pk__in=[a.pk for a in removed]).delete()
        transaction.on_commit(lambda: attachments.discard_files(removed))
    if len(new_files) + report.attachments.count() > attachments.MAX_ATTACHMENTS_PER_REPORT:
        raise ValidationFailed(f"每份报告最多 {attachments.MAX_ATTACHMENTS_PER_REPORT} 个附件。")
    for checked in new_files:
        stored.append(attachments.store(report, checked, user, caption=checked.name))
    if new_files:
        changes["上传附件"] = [None, "、".join(c.name for c in new_files)]
    if data.get("took_over"):
        changes["采用协办单位报送"] = [None, contributions.mark_taken_over(project, period)]
    _snapshot(report, user)
    log_action(report, "create" if created else "update", user, changes, via="web")
    return report


def milestone_dates(project: Project, period, given: dict) -> dict[str, str]:
    """The milestones reported done in this period's report, {id: "YYYY-MM-DD"}; a date after the
    period or today, before the plan began, or for another project's milestone is refused."""
    milestones = {str(m.pk): m for m in project.milestones.all()}
    latest = min(period.end, now().date())
    done, errors = {}, []
    for key, value in given.items():
        milestone = milestones.get(str(key))
        if milestone is None:
            errors.append(f"里程碑 {key} 不属于该项目。")
            continue
        text = str(value or "").strip()
        if not text:
            continue
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            errors.append(f"里程碑“{milestone.title[:20]}”的完成日期“{text}”不是有效日期（如 2024-07-10）。")
            continue
        if day > latest or day < project.plan.begins:
            errors.append(
                f"里程碑“{milestone.title[:20]}”的完成日期须在 {project.plan.begins} 至 {latest} 之间。"
            )
            continue
        done[str(milestone.pk)] = day.isoformat()
    if errors:
        raise ValidationFailed(*errors)
    return done


def _apply_milestones(report: Report, user) -> None:
    """An approved report's milestone dates become the milestones' actual completion dates."""
    for milestone in report.project.milestones.filter(pk__in=[int(k) for k in report.milestones]):
        day = datetime.date.fromisoformat(report.milestones[str(milestone.pk)])
        if milestone.done_date != day:
            log_action(milestone, "update", user, {"实际完成": [milestone.done_date, day]}, via="web")
            milestone.done_date = day
            milestone.save(update_fields=["done_date"])


def _unit_has_approver(project: Project) -> bool:
    return Membership.objects.filter(role=Role.APPROVER, unit__in=lead_unit_ids(project)).exists()


def submit(report: Report, user) -> Report:
    prefetch_related_objects([report.project], "unit_roles")  # the lead units, read once for every check
    if not can_report(user, report.project):
        raise NotAllowed("只有牵头单位可以提交该报告。")
    awaiting = "unit" if _unit_has_approver(report.project) else "office"
    with transaction.atomic():
        claimed = Report.objects.filter(
            pk=report.pk, state__in=[ReportState.DRAFT, ReportState.RETURNED]
        ).update(
            state=ReportState.SUBMITTED,
            awaiting=awaiting,
            # The first submission counts for timeliness: a returned report resubmitted stays on time.
            submitted_at=Coalesce(F("submitted_at"), Value(now())),
            version=F("version") + 1,
        )
        report.refresh_from_db(fields=["state", "awaiting", "submitted_at", "version"])  # keeps its project
        if not claimed:
            if report.state == ReportState.SUBMITTED:
                return report  # a double submit is one submission
            raise ReportError(f"该报告{report.get_state_display()}，不能提交。")
        _snapshot(report, user)
        log_action(
            report,
            "submit",
            user,
            {"状态": [str(ReportState.DRAFT.label), str(ReportState.SUBMITTED.label)]},
            via="web",
        )
        signals.report_submitted.send(sender=Report, report=report, user=user)  # the problem list
        # a report no longer overdue can change a public colour, from now on only
        board.touch(report.project.plan_id, past=False)
    return report


def may_decide(user, report: Report, office_plan_ids: set[int] | None = None) -> bool:
    """Whether the user is the approver in line; pass the ids of the plans the user may change when
    deciding for many reports at once (one query instead of one per report)."""
    roles = roles_of(user)
    if report.state != ReportState.SUBMITTED:
        return False
    if report.awaiting == "unit":
        return bool(roles.approver_unit_ids & lead_unit_ids(report.project))
    if office_plan_ids is not None:
        return report.project.plan_id in office_plan_ids
    return changeable_plans(user).filter(pk=report.project.plan_id).exists()


def approve(report: Report, user) -> Report:
    if not may_decide(user, report):
        raise NotAllowed("您不是该报告当前的审核人。")
    with transaction.atomic():
        if report.awaiting == "unit":
            changed = Report.objects.filter(
                pk=report.pk, state=ReportState.SUBMITTED, awaiting="unit"
            ).update(awaiting="office", version=F("version") + 1)
            label = ["待单位审核", "待督查室审核"]
        else:
            changed = Report.objects.filter(
                pk=report.pk, state=ReportState.SUBMITTED, awaiting="office"
            ).update(state=ReportState.APPROVED, awaiting="", approved_at=now(), version=F("version") + 1)
            label = ["已提交", "已审核"]
        report.refresh_from_db()
        if changed:
            _snapshot(report, user)
            log_action(report, "approve", user, {"状态": label}, via="web")
            if report.state == ReportState.APPROVED:
                _apply_milestones(report, user)  # dated milestones move the history stamp themselves
                _started(report, user)
                board.touch(report.project.plan_id, past=False)
    return report


def _started(report: Report, user) -> None:
    """A project's first approved report moves it from 未启动 to 推进中 (once: a conditional UPDATE)."""
    if Project.objects.filter(pk=report.project_id, state=ProjectState.NOT_STARTED).update(
        state=ProjectState.IN_PROGRESS
    ):
        project = Project.objects.get(pk=report.project_id)
        before, after = str(ProjectState.NOT_STARTED.label), str(ProjectState.IN_PROGRESS.label)
        log_action(project, "state", user, {"状态": [before, after]})


def return_report(report: Report, user, comment: str) -> Report:
    if not (comment or "").strip():
        raise ValidationFailed("退回时请填写退回意见。")
    if too_long := limits.text_error(comment.strip(), "退回意见", limits.LONG):
        raise ValidationFailed(too_long)
    if not may_decide(user, report):
        raise NotAllowed("您不是该报告当前的审核人。")
    with transaction.atomic():
        changed = Report.objects.filter(pk=report.pk, state=ReportState.SUBMITTED).update(
            state=ReportState.RETURNED, awaiting="", return_comment=comment.strip(), version=F("version") + 1
        )
        report.refresh_from_db()
        if changed:
            _snapshot(report, user)
            log_action(report, "return", user, {"退回意见": [None, comment.strip()]}, via="web")
    return report
