"""Reporting completeness (received / expected) and timeliness (on time / expected) per unit.

`tally(expected, received, rules)` is a plain function: `expected` lists (unit, project, period) for
every lead unit's report due by the day; `received` maps (project, period key) to the moment it was
first submitted. `plan_compliance` feeds it from the database in two queries."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from minsheng.plans.models import Plan, UnitRole
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.models import Report


@dataclass
class Tally:
    unit: str
    expected: int = 0
    received: int = 0
    on_time: int = 0

    @property
    def completeness(self) -> float:
        return self.received / self.expected if self.expected else 1.0

    @property
    def timeliness(self) -> float:
        return self.on_time / self.expected if self.expected else 1.0


def tally(expected, received: dict, rules=calendar.DEFAULT_RULES) -> list[Tally]:
    """Per unit, ranked by completeness then timeliness (best first), then name."""
    by_unit: dict[str, Tally] = {}
    for unit, project, period in expected:
        row = by_unit.setdefault(unit, Tally(unit))
        row.expected += 1
        submitted = received.get((project, period.key))
        if submitted is not None:
            row.received += 1
            row.on_time += calendar.is_on_time(submitted, period, rules)
    return sorted(by_unit.values(), key=lambda t: (-t.completeness, -t.timeliness, t.unit))


def plan_compliance(plan: Plan, as_of: datetime.date, kind: str = calendar.MONTH) -> list[Tally]:
    from minsheng.reporting.reports.workflow import rules_for

    rules = rules_for(plan)
    moment = datetime.datetime.combine(as_of, datetime.time(23, 59, 59), calendar.SHANGHAI)
    periods = calendar.expected_periods(kind, plan.begins, plan.ends, moment, rules)
    leads = defaultdict(list)
    for project_id, unit_name in plan.projects.filter(unit_roles__role=UnitRole.LEAD).values_list(
        "pk", "unit_roles__unit__name"
    ):
        leads[project_id].append(unit_name)
    expected = [(unit, project, p) for project, units in leads.items() for unit in units for p in periods]
    received = {
        (project, period): submitted
        for project, period, submitted in Report.objects.filter(
            project__plan=plan, kind=kind, submitted_at__isnull=False, submitted_at__lte=moment
        ).values_list("project_id", "period", "submitted_at")
    }
    return tally(expected, received, rules)
