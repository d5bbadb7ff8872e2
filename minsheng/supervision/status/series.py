"""The status of a plan's projects at many days (the month-end history) in one pass over its approved
values: the days are taken in order, each value is added once when its approval falls on or before the
day, and each indicator keeps its periods in order and the periods whose value meets the target. What
the rules are given for a day is what the forecast and the progress read — the latest `RECENT` periods
up to the day and the first period met — so a day costs the same whether the year holds 12 values per
indicator or 365. Equal, day by day, to `plan_status` (tests/test_dashboard_history.py)."""

import bisect
import datetime
from decimal import Decimal

from minsheng.supervision.status.queries import PlanRecords, end_of, facts_at, thresholds
from minsheng.supervision.status.rules import RECENT, IndicatorFacts, ProjectStatus, meets, project_status


class _Indicator:
    """One indicator's approved values so far: by period, the periods in order, those meeting the target."""

    def __init__(self, facts: IndicatorFacts):
        self.facts = facts
        self.values: dict[datetime.date, Decimal] = {}
        self.periods: list[datetime.date] = []
        self.met: list[datetime.date] = []

    def set(self, period: datetime.date, value: Decimal) -> None:
        if period not in self.values:
            bisect.insort(self.periods, period)
        was, now = period in self.values and meets(self.facts, self.values[period]), meets(self.facts, value)
        self.values[period] = value  # the later approval of the same period wins
        if now and not was:
            bisect.insort(self.met, period)
        elif was and not now:
            self.met.remove(period)

    def read(self, day: datetime.date) -> tuple:
        """The values the rules read on `day`: the latest RECENT periods up to it and the first met."""
        upto = bisect.bisect_right(self.periods, day)
        chosen = set(self.periods[max(0, upto - RECENT) : upto])
        if self.met and self.met[0] <= day:
            chosen.add(self.met[0])
        return tuple((period, self.values[period]) for period in sorted(chosen))


def statuses_over(
    records: PlanRecords, days: list[datetime.date]
) -> dict[datetime.date, dict[int, ProjectStatus]]:
    """{day: {project id: ProjectStatus}} for each day (any order), from records fetched up to the last."""
    limits = thresholds()
    indicators = {
        i.pk: _Indicator(IndicatorFacts(i.baseline, i.target_value, records.begins, i.due, i.comparator))
        for rows in records.indicators.values()
        for i in rows
    }
    values = sorted(records.values, key=lambda row: row[2])  # by approval; stable: period order kept
    result, n = {}, 0
    for day in sorted(set(days)):
        moment = end_of(day)
        while n < len(values) and values[n][2] <= moment:
            indicator_id, period, _, value = values[n]
            if indicator_id in indicators:
                indicators[indicator_id].set(period, value)
            n += 1
        actuals = {pk: item.read(day) for pk, item in indicators.items() if item.values}
        facts = facts_at(records, moment, actuals)
        result[day] = {pk: project_status(f, day, limits) for pk, f in facts.items()}
    return {day: result[day] for day in days}
