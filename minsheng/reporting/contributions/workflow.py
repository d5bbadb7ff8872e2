"""Co-units' contributions: a co-unit (协办单位) records its share of a project's progress for a period;
the lead unit sees every share while it fills the report and may take them over into its draft.

`merge(...)` is the plain rule of taking over: an indicator the lead unit has left empty gets the sum
of the co-units' values; a value the lead unit entered is kept (it is the lead unit's report); each
co-unit's narrative is appended once, under its name."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from minsheng.core import limits
from minsheng.core.audit import log_action
from minsheng.core.roles import roles_of
from minsheng.plans.models import Project, UnitRole
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.models import Contribution
from minsheng.reporting.reports.validation import VALUE_DIGITS, parse_value


@dataclass(frozen=True)
class Share:
    unit: str
    indicator_id: int | None
    value: Decimal | None
    narrative: str


def co_unit_ids(project: Project) -> set[int]:
    return {r.unit_id for r in project.unit_roles.all() if r.role == UnitRole.CO}


def contributing_units(user, project: Project) -> set[int]:
    """The co-units of the project the user reports for."""
    return set(roles_of(user).unit_ids) & co_unit_ids(project)


def merge(values: dict[int, Decimal | None], narrative: str, shares: list[Share]):
    """The lead unit's values and narrative after taking over the co-units' shares."""
    sums: dict[int, Decimal] = defaultdict(Decimal)
    for share in shares:
        if share.indicator_id is not None and share.value is not None:
            sums[share.indicator_id] += share.value
    merged = dict(values)
    for indicator_id, total in sums.items():
        if merged.get(indicator_id) is None:
            merged[indicator_id] = total
    paragraphs = [narrative.strip()] if narrative.strip() else []
    seen = set()
    for share in shares:
        text = share.narrative.strip()
        line = f"【{share.unit}】{text}"
        if text and (share.unit, text) not in seen and line not in narrative:
            seen.add((share.unit, text))
            paragraphs.append(line)
    return merged, "\n".join(paragraphs)


def shares_for(project: Project, period: calendar.Period) -> list[Share]:
    rows = Contribution.objects.filter(project=project, kind=period.kind, period=period.key).select_related(
        "unit"
    )
    return [Share(c.unit.name, c.indicator_id, c.value, c.narrative) for c in rows]


def save_contribution(
    project: Project, period_key: str, unit_id: int, data: dict, user
) -> list[Contribution]:
    """Record a co-unit's share: `data` has "narrative" and "values" [{"indicator", "value"}]."""
    from minsheng.reporting.reports.workflow import NotAllowed, ValidationFailed

    if unit_id not in contributing_units(user, project):
        raise NotAllowed("只有该项目协办单位的填报人可以报送协办情况。")
    try:
        period = calendar.parse_period(period_key)
    except calendar.PeriodError as e:
        raise ValidationFailed(str(e)) from None
    indicators = {i.pk: i for i in project.indicators.all()}
    parsed, errors = [], []
    for item in data.get("values") or []:
        indicator = indicators.get(item.get("indicator"))
        value, ok = parse_value(item.get("value"))
        if indicator is None:
            errors.append(f"指标 {item.get('indicator')} 不属于该项目。")
        elif not ok or (value is not None and value < 0):
            errors.append(f"{indicator.text[:20]}：请填写不小于 0 的数字。")
        elif value is not None and value >= Decimal(10) ** VALUE_DIGITS:
            errors.append(f"{indicator.text[:20]}：数值过大，最多 {VALUE_DIGITS} 位整数。")
        else:
            parsed.append((indicator, value))
    narrative = (data.get("narrative") or "").strip()
    if too_long := limits.text_error(narrative, "工作情况", limits.LONG):
        errors.append(too_long)
    if errors:
        raise ValidationFailed(*errors)
    saved = []
    with transaction.atomic():
        common = {"project": project, "unit_id": unit_id, "kind": period.kind, "period": period.key}
        general, _ = Contribution.objects.update_or_create(
            **common,
            indicator=None,
            defaults={"narrative": narrative, "created_by": user, "taken_over": False},
        )
        saved.append(general)
        for indicator, value in parsed:
            row, _ = Contribution.objects.update_or_create(
                **common,
                indicator=indicator,
                defaults={"value": value, "created_by": user, "taken_over": False},
            )
            saved.append(row)
        log_action(project, "contribute", user, {"协办报送": [None, f"{period.label} {general.unit}"]})
    return saved


def take_over(project: Project, period: calendar.Period, values: dict, narrative: str):
    """What the lead unit's form shows after pressing 采用: merged values and narrative."""
    return merge(values, narrative, shares_for(project, period))


def mark_taken_over(project: Project, period: calendar.Period) -> int:
    return Contribution.objects.filter(project=project, kind=period.kind, period=period.key).update(
        taken_over=True
    )
