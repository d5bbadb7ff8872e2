"""Reporting completeness (received / expected) and timeliness (on time / expected) per unit.

`tally(expected, received, rules)` is a plain function: `expected` lists (unit, project, period) for
every lead unit's report due by the day; `received` maps (project, period key) to the moment it was
first submitted. `queries.plan_compliance` feeds it from the database in two queries."""

from dataclasses import dataclass

from minsheng.reporting.calendar import rules as calendar


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


def tally_counts(leads, due: int, counted: dict) -> list[Tally]:
    """The same ranking from counts: `leads` lists (unit id, unit, project), each project expected to
    file `due` reports, of which `counted[project]` = (received, on time) arrived."""
    if not due:
        return []  # nothing expected yet: no unit is ranked
    by_unit: dict[str, Tally] = {}
    for _, unit, project in leads:
        row = by_unit.setdefault(unit, Tally(unit))
        received, on_time = counted.get(project, (0, 0))
        row.expected += due
        row.received += received
        row.on_time += on_time
    return sorted(by_unit.values(), key=lambda t: (-t.completeness, -t.timeliness, t.unit))
