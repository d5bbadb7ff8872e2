"""Who may see and change a region's 考核, and the changes: the office saves its scheme's numbers
(`save_scheme`), records points by hand (`record_entry`) and withdraws them (`withdraw_entry`). Each
change is audited; refusals raise AssessmentError with a Chinese message."""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction

from minsheng.core import limits
from minsheng.core.audit import log_action
from minsheng.core.clock import today
from minsheng.core.errors import DomainError
from minsheng.core.models import Region, Unit
from minsheng.core.roles import roles_of
from minsheng.plans.models import Project
from minsheng.supervision.assessment import rules
from minsheng.supervision.assessment.models import AssessmentEntry, AssessmentScheme


class AssessmentError(DomainError):
    status = 422
    default_message = "考核记录未能保存。"


class NotAllowed(AssessmentError):
    status = 403
    default_message = "只有本级督查室可以修改考核。"


def _covers(paths, region: Region) -> bool:
    return any(region.path.startswith(p) for p in paths)


def may_view(user, region: Region) -> bool:
    """Offices and leaders of the region or above see its ranking (an administrator too)."""
    roles = roles_of(user)
    return roles.is_admin or _covers(roles.office_paths + roles.leader_paths, region)


def may_change(user, region: Region) -> bool:
    roles = roles_of(user)
    return roles.is_admin or _covers(roles.office_paths, region)


def regions_for(user):
    """The regions whose 考核 the user may open: their own top regions and everything below."""
    roles = roles_of(user)
    if roles.is_admin:
        return Region.objects.filter(parent__isnull=True)
    paths = roles.office_paths + roles.leader_paths
    return Region.objects.filter(path__in=paths) if paths else Region.objects.none()


def may_view_unit(user, region: Region, unit: Unit) -> bool:
    """The region's viewers, and the unit's own reporters and approvers (their own score)."""
    return may_view(user, region) or unit.pk in roles_of(user).unit_ids


def save_scheme(region: Region, year: int, values: dict, user) -> AssessmentScheme:
    if not may_change(user, region):
        raise NotAllowed()
    scheme = rules.scheme_from(values)  # refuses, in Chinese, before anything is written
    with transaction.atomic():
        row, created = AssessmentScheme.objects.select_for_update().get_or_create(
            region=region, year=year, defaults={"values": scheme.as_values(), "updated_by": user}
        )
        before = rules.scheme_from(row.values).as_values() if not created else {}
        after = scheme.as_values()
        if not created:
            row.values, row.updated_by = after, user
            row.save(update_fields=["values", "updated_by", "updated_at"])
        changes = {
            rules.FIELD_LABELS[k][0]: [before.get(k), v] for k, v in after.items() if before.get(k) != v
        }
        if changes:
            log_action(row, "create" if created else "update", user, changes)
    return row


def drop_scheme(region: Region, year: int, user) -> bool:
    """The region goes back to its nearest ancestor's scheme (or the defaults): its own is deleted,
    audited with the numbers it had."""
    if not may_change(user, region):
        raise NotAllowed()
    with transaction.atomic():
        row = AssessmentScheme.objects.select_for_update().filter(region=region, year=year).first()
        if row is None:
            return False
        log_action(row, "delete", user, {"分值": [row.values, None]})
        row.delete()
    return True


def _points(raw, kind: str) -> Decimal | None:
    if kind not in rules.FREE_KINDS:
        return None
    try:
        points = Decimal(str(raw).strip())
    except (InvalidOperation, TypeError):
        raise AssessmentError("请填写分值（数字）。") from None
    if not points.is_finite() or points <= 0:
        raise AssessmentError("分值应为正数：加分或扣分由类别决定。")
    if points > 100:
        raise AssessmentError("一次加减分不能超过 100 分。")
    return points.quantize(Decimal("0.01"))


def record_entry(
    region: Region,
    year: int,
    unit: Unit,
    kind: str,
    day: datetime.date,
    reason: str,
    user,
    points=None,
    project: Project | None = None,
) -> AssessmentEntry:
    if not may_change(user, region):
        raise NotAllowed()
    reason = (reason or "").strip()
    if kind not in {rules.PRAISE, rules.OVER_TARGET, *rules.FREE_KINDS}:
        raise AssessmentError("加减分类别不对。")
    if not reason:
        raise AssessmentError("请写明事由及依据（如批示文号、督查发现）。")
    if too_long := limits.text_error(reason, "事由及依据"):
        raise AssessmentError(too_long)
    if day.year != year:
        raise AssessmentError(f"计分日期应在{year}年内。")
    if day > today():
        raise AssessmentError("计分日期不能晚于今天。")
    value = _points(points, kind)
    with transaction.atomic():
        entry = AssessmentEntry.objects.create(
            region=region,
            year=year,
            unit=unit,
            project=project,
            kind=kind,
            points=value,
            day=day,
            reason=reason,
            created_by=user,
        )
        log_action(
            entry,
            "create",
            user,
            {
                "类别": [None, rules.KIND_LABELS[kind]],
                "分值": [None, value],
                "责任单位": [None, unit.name],
                "事由及依据": [None, reason],
            },
        )
    return entry


def withdraw_entry(entry: AssessmentEntry, user) -> AssessmentEntry:
    if not may_change(user, entry.region):
        raise NotAllowed()
    with transaction.atomic():
        if AssessmentEntry.objects.filter(pk=entry.pk, withdrawn=False).update(withdrawn=True):
            entry.withdrawn = True
            log_action(entry, "withdraw", user, {"已撤销": [False, True]})
    return entry
