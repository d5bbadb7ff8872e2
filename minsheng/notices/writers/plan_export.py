"""A plan back to the draft contract, so it can be written as the official attachment table (汇总表)
and imported again (round trip)."""

from django.db.models import Prefetch

from minsheng.plans.models import Indicator, Plan, ProjectUnit, UnitRole


def _number(value):
    value = value.normalize()
    return int(value) if value == value.to_integral() else float(value)


def plan_to_draft(plan: Plan) -> dict:
    projects = (
        plan.projects.order_by("order")
        .select_related("category")
        .prefetch_related(
            Prefetch("unit_roles", queryset=ProjectUnit.objects.select_related("unit").order_by("order")),
            "leaders",
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk")),
        )
    )
    return {
        "plan": {
            "title": plan.title,
            "issuer": plan.issuer or None,
            "region": plan.region.name,
            "year": plan.year,
            "doc_number": plan.doc_number or None,
            "issued_date": plan.issued_date.isoformat() if plan.issued_date else None,
            "approved_by": plan.approved_by or None,
        },
        "categories": list(plan.categories.order_by("order").values_list("name", flat=True)),
        "projects": [
            {
                "seq": p.seq,
                "category": p.category.name if p.category else None,
                "name": p.name,
                "summary": p.summary,
                "content": p.content,
                "lead_units": [r.unit.name for r in p.unit_roles.all() if r.role == UnitRole.LEAD],
                "co_units": [r.unit.name for r in p.unit_roles.all() if r.role == UnitRole.CO],
                "leaders": [person.name for person in p.leaders.all()],
                "deadline": p.deadline.isoformat() if p.deadline else None,
                "deadline_text": p.deadline_text or None,
                "targets": [
                    {
                        "text": i.text,
                        "value": _number(i.target_value),
                        "unit": i.unit,
                        "comparator": i.comparator,
                    }
                    for i in p.indicators.all()
                ],
            }
            for p in projects
        ],
        "warnings": [],
    }


def export_filename(plan: Plan, ext: str) -> str:
    return f"{plan.region.name}{plan.year}年民生实事汇总表.{ext}"
