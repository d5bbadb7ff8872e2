"""Commit a plan draft (the importer's JSON contract, see DESIGN.md) to the database in one transaction."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from minsheng.core.audit import log_action
from minsheng.core.models import Person, Region
from minsheng.core.units import resolve_unit
from minsheng.plans.models import (
    Category,
    Indicator,
    IndicatorKind,
    Plan,
    PlanState,
    Project,
    ProjectUnit,
    UnitRole,
)


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _decimal(value, what: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError(f"{what}：“{value}”不是有效数字。") from None
    if number <= 0:
        raise ValidationError(f"{what}：目标值必须为正数（得到 {value}）。")
    return number


@transaction.atomic
def commit_draft(
    draft: dict,
    region: Region,
    *,
    user=None,
    via: str = "import",
    state: str = PlanState.DRAFT,
    is_demo: bool = False,
    source_name: str = "",
    content_hash: str = "",
) -> Plan:
    """Write the draft as a plan with its categories, projects, units, leaders and indicators."""
    _check_names(draft)
    meta = draft["plan"]
    plan = Plan.objects.create(
        region=region,
        year=meta["year"],
        title=meta["title"],
        issuer=meta.get("issuer") or "",
        doc_number=meta.get("doc_number") or "",
        issued_date=_date(meta.get("issued_date")),
        approved_by=meta.get("approved_by") or "",
        source_name=source_name or draft.get("source", ""),
        content_hash=content_hash,
        state=state,
        is_demo=is_demo,
    )
    categories = {
        name: Category.objects.create(plan=plan, order=i, name=name)
        for i, name in enumerate(draft.get("categories", []))
    }
    new_units = 0
    for order, item in enumerate(draft["projects"]):
        where = f"项目 {item['seq']}"
        project = Project(
            plan=plan,
            category=categories.get(item.get("category")),
            seq=item["seq"],
            order=order,
            name=item["name"],
            summary=item.get("summary") or "",
            content=item.get("content") or "",
            deadline=_date(item.get("deadline")),
            deadline_text=item.get("deadline_text") or "",
        )
        project.full_clean(exclude=["category", "parent"])
        project.save()
        roles = [(UnitRole.LEAD, n) for n in item.get("lead_units", [])]
        roles += [(UnitRole.CO, n) for n in item.get("co_units", [])]
        seen = set()
        for i, (role, name) in enumerate(roles):
            unit, created = resolve_unit(name, region)
            new_units += created
            if unit.pk in seen:
                continue
            seen.add(unit.pk)
            ProjectUnit.objects.create(project=project, unit=unit, role=role, order=i, written_as=name)
        for name in item.get("leaders", []):
            person, _ = Person.objects.get_or_create(name=name, region=region)
            project.leaders.add(person)
        for i, target in enumerate(item.get("targets", [])):
            Indicator.objects.create(
                project=project,
                order=i,
                text=target["text"][:300],
                target_value=_decimal(target["value"], where),
                target_max=Decimal(str(target["value_max"])) if target.get("value_max") else None,
                unit=target.get("unit") or "",
                comparator=target.get("comparator") or "=",
                kind=IndicatorKind.RATE if target.get("unit") == "%" else IndicatorKind.CUMULATIVE,
            )
    log_action(
        plan,
        "import",
        user,
        {"项目数": [None, len(draft["projects"])], "新增单位": [None, new_units]},
        via=via,
    )
    return plan


def _limit(model, field: str) -> int:
    return model._meta.get_field(field).max_length


def _check_names(draft: dict) -> None:
    """Names longer than their columns hold (a unit, a leader, a category), refused before anything is
    written: SQLite would store them whole and PostgreSQL refuse them with a DataError (500)."""
    from minsheng.core.models import Unit

    errors = [
        f"类别名称“{c[:20]}…”超过 {_limit(Category, 'name')} 字"
        for c in draft.get("categories", [])
        if len(c) > _limit(Category, "name")
    ]
    for item in draft.get("projects", []):
        where = f"项目 {item.get('seq', '')}"
        for name in [*item.get("lead_units", []), *item.get("co_units", [])]:
            if len(name) > min(_limit(Unit, "name"), _limit(ProjectUnit, "written_as")):
                errors.append(f"{where}：单位名称“{name[:20]}…”超过 {_limit(Unit, 'name')} 字")
        for name in item.get("leaders", []):
            if len(name) > _limit(Person, "name"):
                errors.append(f"{where}：领导姓名“{name[:20]}…”超过 {_limit(Person, 'name')} 字")
    if errors:
        raise ValidationError(errors)
