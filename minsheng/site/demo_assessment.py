"""The demo's 考核 as of the demo day: on the city's 2024 plan, the points the office recorded by hand
(two leaders' written praise, a deduction after a field inspection), so the ranking
and a unit's page show hand-recorded lines beside the computed ones. Loaded once."""

import datetime

from django.db import transaction

from minsheng.core.audit import log_action
from minsheng.plans.models import Plan, UnitRole
from minsheng.site.demo_helpers import people
from minsheng.site.demo_script import DEMO_YEAR
from minsheng.supervision.assessment import rules
from minsheng.supervision.models import AssessmentEntry

D = datetime.date

# (project seq, kind, points or None, day, reason)
ENTRIES = [
    (
        "1",
        rules.PRAISE,
        None,
        D(2024, 6, 18),
        "市政府主要领导在《民生实事专报》第5期上批示：“改造进度快、群众反映好，予以表扬。”",
    ),
    (
        "27",
        rules.PRAISE,
        None,
        D(2024, 7, 2),
        "市政府分管领导批示：“农村供水工程维修养护进度快、质量好，予以表扬。”",
    ),
    ("2", rules.DEDUCTION, "3", D(2024, 6, 12), "6月实地督查发现报送的完工点位与现场不符，虚报进度。"),
]


@transaction.atomic
def load_demo_assessment() -> int:
    """The demo entries; the number written (0 when they are there already)."""
    plan = (
        Plan.objects.filter(is_demo=True, year=DEMO_YEAR, region__name="济宁市")
        .select_related("region")
        .first()
    )
    if (
        plan is None
        or AssessmentEntry.objects.filter(region=plan.region, year=plan.year, is_demo=True).exists()
    ):
        return 0
    projects = {p.seq: p for p in plan.projects.prefetch_related("unit_roles__unit")}
    _reporters, _approvers, offices = people()
    written = 0
    for seq, kind, points, day, reason in ENTRIES:
        project = projects.get(seq)
        lead = (
            next((r.unit for r in project.unit_roles.all() if r.role == UnitRole.LEAD), None)
            if project
            else None
        )
        if lead is None:
            continue
        entry = AssessmentEntry.objects.create(
            region=plan.region,
            year=plan.year,
            unit=lead,
            project=project,
            kind=kind,
            points=points,
            day=day,
            reason=reason,
            is_demo=True,
            created_by_id=offices.get(plan.region_id),
        )
        log_action(
            entry, "create", None, {"类别": [None, rules.KIND_LABELS[kind]], "事由及依据": [None, reason]}
        )
        written += 1
    return written
