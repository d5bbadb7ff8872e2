"""The status engine as plain functions: expected progress (序时进度), actual progress, the five colours
and the forecast completion date. No ORM, no clock: every function takes the day it is asked about.

- Expected value on a day: the indicator's monthly decomposition when the lead unit entered one
  (linear between month ends), else the straight line from the plan's start to the due date.
- Progress of an indicator: (approved actual − baseline) / (target − baseline), so an indicator that
  must come down (target below baseline) works the same way; the project takes the weighted mean of
  its indicators' progress capped at 1, or the share of its milestones done.
- Colour (thresholds in points, a setting): 蓝 accepted; 红 behind by more than 30 points, past the due
  date unfinished, or behind pace and forecast to miss it by more than a tolerance (30 days); 橙 behind by more than 15 or a report overdue; 黄 behind by
  more than 5; 绿 otherwise.
- Forecast: a least-squares line through the recent approved values, extended to the target.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Colour:
    """One of the five status colours, as every page, chart, list and document shows it."""

    key: str  # "red": what a status and the CSS classes (colour-red) carry
    rank: int  # severity: blue 0 (accepted) … red 4; higher is worse
    label: str  # 红: the colour's word
    meaning: str  # 严重滞后: what it says about the project
    hex: str  # #c5221f: the colour itself (pages, charts, Word documents)
    tint: str  # #f8d7d7: the light shade behind a cell of that colour
    public: str = ""  # 严重滞后: what the public board and the public's messages say (plainer words)

    @property
    def name(self) -> str:
        """红色"""
        return f"{self.label}色"


# The five colours, best first (the order of every legend and count).
COLOURS = {
    c.key: c
    for c in (
        Colour("blue", 0, "蓝", "已验收", "#1d5fbf", "#dce8f7", "已完成验收"),
        Colour("green", 1, "绿", "序时推进", "#1e8e3e", "#dff0e1", "正常推进"),
        Colour("yellow", 2, "黄", "轻度滞后", "#e3b400", "#fff5c2", "略有滞后"),
        Colour("orange", 3, "橙", "明显滞后", "#e8710a", "#fde3cc", "明显滞后"),
        Colour("red", 4, "红", "严重滞后", "#c5221f", "#f8d7d7", "严重滞后"),
    )
}
RECENT = 4  # approved values the forecast looks at


def colours_css() -> str:
    """The five colours as CSS custom properties (--colour-red, --tint-red), which every stylesheet
    uses instead of writing a hex of its own; served as /colours.css by status.views."""
    lines = [f"  --colour-{c.key}: {c.hex};\n  --tint-{c.key}: {c.tint};\n" for c in COLOURS.values()]
    return (
        "/* The five status colours, from supervision/status/rules.py COLOURS. */\n:root {\n"
        + "".join(lines)
        + "}\n"
    )


@dataclass(frozen=True)
class Thresholds:
    yellow: float = 5.0
    orange: float = 15.0
    red: float = 30.0
    forecast_tolerance_days: int = 30  # a forecast later than the due date by more than this is red


@dataclass(frozen=True)
class IndicatorFacts:
    baseline: Decimal
    target: Decimal
    begins: datetime.date
    due: datetime.date
    comparator: str = "="
    weight: Decimal = Decimal(1)
    trajectory: tuple[tuple[datetime.date, Decimal], ...] = ()  # (month end, planned cumulative value)
    actuals: tuple[tuple[datetime.date, Decimal], ...] = ()  # (period end, approved cumulative value)


@dataclass(frozen=True)
class ProjectFacts:
    begins: datetime.date
    due: datetime.date
    indicators: tuple[IndicatorFacts, ...] = ()
    milestones: tuple[tuple[datetime.date, datetime.date | None], ...] = ()  # (due, done)
    accepted_on: datetime.date | None = None
    overdue_reports: int = 0


@dataclass(frozen=True)
class ProjectStatus:
    colour: str
    progress: float
    expected: float
    gap: float  # points behind pace; negative when ahead
    forecast_date: datetime.date | None
    finished: bool
    overdue_reports: int = 0
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def colour_label(self) -> str:
        return COLOURS[self.colour].label


def _line(points, day: datetime.date) -> Decimal:
    """The value on `day` of a polyline through (date, value) points, flat before and after."""
    if day <= points[0][0]:
        return points[0][1]
    for (d0, v0), (d1, v1) in zip(points, points[1:], strict=False):
        if day <= d1:
            if d1 == d0:
                return v1
            return v0 + (v1 - v0) * Decimal((day - d0).days) / Decimal((d1 - d0).days)
    return points[-1][1]


def expected_value(indicator: IndicatorFacts, day: datetime.date) -> Decimal:
    start = (indicator.begins, indicator.baseline)
    if indicator.trajectory:
        points = [start, *sorted(p for p in indicator.trajectory if p[0] > indicator.begins)]
        if points[-1][0] < indicator.due:
            points.append((indicator.due, indicator.target))
        return _line(points, day)
    return _line([start, (max(indicator.due, indicator.begins), indicator.target)], day)


def share(indicator: IndicatorFacts, value: Decimal) -> float:
    """How far `value` has come from the baseline towards the target, 0 at the baseline (may pass 1)."""
    span = indicator.target - indicator.baseline
    if span == 0:
        return 1.0 if meets(indicator, value) else 0.0
    return max(0.0, float((value - indicator.baseline) / span))


def meets(indicator: IndicatorFacts, value: Decimal) -> bool:
    if indicator.comparator == "≤":
        return value <= indicator.target
    if indicator.comparator == "≥" or indicator.target >= indicator.baseline:
        return value >= indicator.target
    return value <= indicator.target


def actual_value(indicator: IndicatorFacts, day: datetime.date) -> Decimal | None:
    known = [value for end, value in sorted(indicator.actuals) if end <= day]
    return known[-1] if known else None


def progress(indicator: IndicatorFacts, day: datetime.date) -> float:
    value = actual_value(indicator, day)
    return 0.0 if value is None else share(indicator, value)


def expected_progress(indicator: IndicatorFacts, day: datetime.date) -> float:
    return min(1.0, share(indicator, expected_value(indicator, day)))


def finished_on(indicator: IndicatorFacts, day: datetime.date) -> datetime.date | None:
    """The first day an approved value met the target, up to `day`."""
    for end, value in sorted(indicator.actuals):
        if end > day:
            break
        if meets(indicator, value):
            return end
    return None


def forecast(indicator: IndicatorFacts, day: datetime.date) -> datetime.date | None:
    """When the target will be met at the recent rate: the date already met, or a least-squares line
    through the last approved values (and the baseline at the start while there are few); None when
    the values do not move towards the target."""
    done = finished_on(indicator, day)
    if done:
        return done
    known = sorted((end, value) for end, value in indicator.actuals if end <= day)
    points = known[-RECENT:]
    if len(points) < RECENT:
        points = [(indicator.begins, indicator.baseline), *points]
    if len(points) < 2:
        return None
    xs = [float((end - indicator.begins).days) for end, _ in points]
    ys = [float(value) for _, value in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    towards = float(indicator.target - indicator.baseline)
    if slope == 0 or (slope > 0) != (towards > 0):
        return None
    at = mean_x + (float(indicator.target) - mean_y) / slope
    if at > 365 * 20:
        return None
    return max(indicator.begins + datetime.timedelta(days=round(at)), points[-1][0])


def _weighted(pairs) -> float:
    pairs = list(pairs)
    total = sum(weight for _, weight in pairs)
    if not total:
        return 0.0
    return sum(value * weight for value, weight in pairs) / total


def project_status(
    facts: ProjectFacts, day: datetime.date, thresholds: Thresholds = Thresholds()
) -> ProjectStatus:
    reasons: list[str] = []
    forecast_date = None
    if facts.indicators:
        weights = [float(i.weight or 1) for i in facts.indicators]
        done = [min(1.0, progress(i, day)) for i in facts.indicators]
        planned = [expected_progress(i, day) for i in facts.indicators]
        value = _weighted(zip(done, weights, strict=True))
        expected = _weighted(zip(planned, weights, strict=True))
        finished = all(d >= 1.0 for d in done)
        forecasts = [forecast(i, day) for i in facts.indicators]
        if not finished:
            missing = [f for f, d in zip(forecasts, done, strict=True) if d < 1.0]
            known = [f for f in missing if f is not None]
            forecast_date = max(known) if known and len(known) == len(missing) else None
        else:
            forecast_date = max((f for f in forecasts if f), default=None)
    elif facts.milestones:
        value = sum(1 for _, done_on in facts.milestones if done_on and done_on <= day) / len(
            facts.milestones
        )
        expected = sum(1 for due, _ in facts.milestones if due <= day) / len(facts.milestones)
        finished = value >= 1.0
    else:
        value, expected, finished = 0.0, 0.0, False
    gap = round((expected - value) * 100, 1)

    if facts.accepted_on and facts.accepted_on <= day:
        # accepted is done: 100 %, whatever the reports said (a project without numeric targets or
        # milestones has no other measure, and read 0 % on the board once accepted)
        return ProjectStatus(
            "blue", 1.0, expected, 0.0, forecast_date, True, facts.overdue_reports, ("已验收",)
        )
    overdue = not finished and day > facts.due
    if overdue:
        reasons.append(f"已过完成时限（{facts.due:%Y-%m-%d}）仍未完成")
    late_by = (forecast_date - facts.due).days if forecast_date else 0
    if not finished and gap > 0 and late_by > thresholds.forecast_tolerance_days:
        reasons.append(f"按近期进度预计 {forecast_date:%Y-%m-%d} 完成，晚于时限")
    if gap > thresholds.red:
        reasons.append(f"落后序时进度 {gap:g} 个百分点")
    if reasons:
        colour = "red"
    elif gap > thresholds.orange or facts.overdue_reports:
        colour = "orange"
        reasons.append(f"落后序时进度 {gap:g} 个百分点" if gap > thresholds.orange else "")
        if facts.overdue_reports:
            reasons.append(f"{facts.overdue_reports} 期报告逾期未报")
    elif gap > thresholds.yellow:
        colour = "yellow"
        reasons.append(f"落后序时进度 {gap:g} 个百分点")
    else:
        colour = "green"
    return ProjectStatus(
        colour,
        value,
        expected,
        gap,
        forecast_date,
        finished,
        facts.overdue_reports,
        tuple(r for r in reasons if r),
    )
