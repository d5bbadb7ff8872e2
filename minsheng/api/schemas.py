from datetime import date
from decimal import Decimal

from ninja import Schema


class PlanItem(Schema):
    id: int
    region: str
    year: int
    title: str
    state: str
    issuer: str
    doc_number: str
    project_count: int


class UnitRef(Schema):
    id: int
    name: str
    role: str
    written_as: str


class IndicatorOut(Schema):
    id: int
    text: str
    target_value: Decimal
    target_max: Decimal | None
    unit: str
    comparator: str
    baseline: Decimal
    due_date: date | None
    kind: str
    weight: Decimal


class ProjectOut(Schema):
    id: int
    plan_id: int
    seq: str
    name: str
    category: str | None
    summary: str
    content: str
    deadline: date | None
    state: str
    lead_units: list[UnitRef]
    co_units: list[UnitRef]
    leaders: list[str]
    indicators: list[IndicatorOut]
    parent_id: int | None


class CategoryOut(Schema):
    id: int
    name: str


class PlanOut(PlanItem):
    issued_date: date | None
    approved_by: str
    categories: list[CategoryOut]
    projects: list[ProjectOut]


class Error(Schema):
    detail: str
