"""The script of a finished year for the demo's earlier plans (2023 and before), as plain functions: no
ORM, no clock. Like demo_script, everything is a stable draw from the project's key, so every machine
loads the same year.

- Most projects (about nine in ten) finish: their values reach the target on a day between August and
  mid-December (before their own deadline when it is earlier), they apply for acceptance two days later
  and are accepted a week after that.
- The others end the year short (70–95 % of the target) and write a year-end explanation.
- Every monthly report and weekly ledger up to the acceptance is filed and approved; a few are filed
  after the deadline with its grace, so the year's compliance and 考核 are not all perfect.
- The deputies' evaluation and the public survey follow the outcome: a finished project is mostly
  satisfying, an unfinished one less so."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from minsheng.reporting.calendar import rules as calendar
from minsheng.site.demo_script import IndicatorSpec, _fmt, cumulative, fraction

LATE_SHARE = 0.06  # reports filed after the deadline and its grace
FINISHED_SHARE = 0.88
DEPUTIES = 45  # the deputies who took part in the year-end evaluation
SURVEY_ANSWERS = 12  # public survey answers per project


@dataclass
class PastReport:
    period: calendar.Period
    submitted_at: datetime.datetime
    approved_at: datetime.datetime
    values: dict[int, Decimal]
    narrative: str


@dataclass
class PastYear:
    finished: bool
    finish_day: datetime.date  # the day the target was reached (finished) or the year's last day
    applied_at: datetime.datetime | None
    accepted_at: datetime.datetime | None
    reports: list[PastReport] = field(default_factory=list)
    verdicts: dict[str, int] = field(default_factory=dict)  # satisfied / basic / unsatisfied -> deputies
    survey: list[int] = field(default_factory=list)  # the public's 0–100 scores


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), calendar.SHANGHAI)


def finish_day(key: str, year: int, due: datetime.date) -> datetime.date:
    """The day a finished project reached its target: August to mid-December, before its own deadline."""
    month = 8 + int(fraction(key, "finish") * 5)  # 8 … 12
    day = datetime.date(year, month, 5 + int(fraction(key, "finish-day") * 10))
    return min(day, due - datetime.timedelta(days=5))


def _filed(key: str, period: calendar.Period, rules) -> tuple[datetime.datetime, datetime.datetime]:
    """(submitted, approved): mostly before the deadline, a few after its grace; approved 1–3 days on."""
    due = calendar.due_at(period, rules)
    if fraction(key, period.key, "late") < LATE_SHARE:
        submitted = calendar.on_time_until(period, rules) + datetime.timedelta(
            hours=10 + 50 * fraction(key, period.key, "by")
        )
    else:
        submitted = due - datetime.timedelta(hours=2 + 60 * fraction(key, period.key, "early"))
    return submitted, submitted + datetime.timedelta(hours=20 + 50 * fraction(key, period.key, "approve"))


def _narrative(name: str, period: calendar.Period, indicators, values, done: bool) -> str:
    parts = "；".join(f"{i.text}累计完成{_fmt(values[i.pk])}{i.unit}" for i in indicators)
    state = "已全面完成，正在整理验收材料。" if done else "按计划推进。"
    return f"{period.label}：{name}{('，' + parts) if parts else ''}，{state}"


def script_past_year(
    key: str,
    name: str,
    year: int,
    due: datetime.date,
    indicators: list[IndicatorSpec],
    rules: calendar.CalendarRules = calendar.DEFAULT_RULES,
) -> PastYear:
    begins, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    finished = fraction(key, "finished") < FINISHED_SHARE
    indicators = [i for i in indicators if i.target > i.baseline]
    if finished:
        done_on = finish_day(key, year, min(due, last))
        applied = _at(done_on + datetime.timedelta(days=2), 10)
        accepted = _at(min(done_on + datetime.timedelta(days=9), datetime.date(year, 12, 28)), 15)
        stop = accepted.date()
    else:
        done_on, applied, accepted, stop = last, None, None, last
    short = Decimal(str(round(0.7 + 0.25 * fraction(key, "short"), 3)))
    result = PastYear(finished, done_on, applied, accepted)
    for period in [
        *calendar.periods(calendar.MONTH, begins, last),
        *calendar.periods(calendar.WEEK, begins, last),
    ]:
        if period.start > stop:
            continue  # nothing is owed after the acceptance
        day = min(period.end, last)
        values = {}
        for i in indicators:
            # the pace that meets the target on the finish day (finished), or ends the year short
            span = max((i.due - begins).days, 1)
            pace = Decimal(span) / Decimal(max((done_on - begins).days, 1)) if finished else short
            values[i.pk] = cumulative(i, begins, day, pace)
        submitted, approved = _filed(key, period, rules)
        narrative = _narrative(name, period, indicators, values, finished and day >= done_on)
        result.reports.append(PastReport(period, submitted, approved, values, narrative))
    result.verdicts = verdicts(key, finished)
    result.survey = [
        min(100, int((78 if finished else 60) + 20 * fraction(key, "survey", n)))
        for n in range(SURVEY_ANSWERS)
    ]
    return result


def verdicts(key: str, finished: bool) -> dict[str, int]:
    """How many of the deputies found the project satisfying, basically satisfying, unsatisfying."""
    satisfied = int(DEPUTIES * ((0.7 if finished else 0.35) + 0.2 * fraction(key, "satisfied")))
    unsatisfied = int((DEPUTIES - satisfied) * (0.1 if finished else 0.4) * fraction(key, "unsatisfied"))
    return {"satisfied": satisfied, "basic": DEPUTIES - satisfied - unsatisfied, "unsatisfied": unsatisfied}
