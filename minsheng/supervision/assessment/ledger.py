"""A region's 考核 ledger for a year as of a day: the scheme in force, each unit's score with its lines,
ranked, and the regions' averages. What the page, the Word and the Excel exports show."""

import datetime
from dataclasses import dataclass

from minsheng.core.models import Region, Unit
from minsheng.supervision.assessment import queries, rules


@dataclass
class Row:
    unit: Unit
    score: rules.UnitScore

    @property
    def counts(self) -> dict[str, int]:
        s = self.score
        return {
            "missing": s.count(rules.MONTH_MISSING, rules.WEEK_MISSING),
            "late": s.count(rules.MONTH_LATE, rules.WEEK_LATE),
            "returned": s.count(rules.RETURNED),
            "orders": s.count(*rules.ORDER_LATE.values()),
            "bonuses": sum(line.event.is_bonus for line in s.lines),
        }


@dataclass
class RegionRow:
    region: Region
    score: rules.RegionScore


@dataclass
class Ledger:
    region: Region
    year: int
    day: datetime.date
    scheme: rules.Scheme
    customised: bool  # the scheme is an office's own (not the defaults)
    scheme_region: Region | None  # whose scheme it is (None: the defaults)
    rows: list[Row]
    regions: list[RegionRow]

    @property
    def title(self) -> str:
        return f"{self.region.name}{self.year}年重点民生实事责任单位考核"

    def row_of(self, unit: Unit) -> Row | None:
        return next((r for r in self.rows if r.unit.pk == unit.pk), None)

    @property
    def disqualified(self) -> list[Row]:
        return [r for r in self.rows if r.score.red_lines]


def as_of(year: int, today: datetime.date) -> datetime.date:
    """The day a year's ledger is read on by default: today, or the year's last day once it is over."""
    return min(today, datetime.date(year, 12, 31))


def build(region: Region, year: int, day: datetime.date) -> Ledger:
    scheme, stored = queries.scheme_for(region, year)
    facts = queries.gather(region, year, day)
    units = queries.assessed_units(facts)
    scores = rules.score_all(list(units), facts.events, scheme)
    rules.ranked(scores, name=lambda s: (units[s.unit_id].region.path, units[s.unit_id].name))
    scores.sort(key=lambda s: (s.place, units[s.unit_id].region.path, units[s.unit_id].name))
    region_scores = rules.by_region(scores, {pk: u.region_id for pk, u in units.items()})
    regions = Region.objects.in_bulk([r.region_id for r in region_scores])
    return Ledger(
        region,
        year,
        day,
        scheme,
        stored is not None,
        stored.region if stored else None,
        [Row(units[s.unit_id], s) for s in scores],
        [RegionRow(regions[r.region_id], r) for r in region_scores],
    )
