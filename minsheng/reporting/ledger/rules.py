"""The ledger (台账) as plain functions: completion rate, which report a ledger row shows, the rows of
a plan's ledger, and the weeks a unit's grid moves between. No HTTP and no database: the views and the
workbook writer feed these from prefetched objects or plain values."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from minsheng.reporting.calendar import rules as calendar

APPROVED, SUBMITTED = "approved", "submitted"
AT_MOST = "≤"


def completion_rate(value, target, baseline=Decimal(0), comparator: str = "=") -> Decimal | None:
    """Progress = (value − baseline) / (target − baseline), not capped (a ledger shows over-fulfilment).

    When target equals baseline there is no span: the target is met (1) or not (0). A "≤" target whose
    baseline is not above it (控制在…以内, nothing to come down from) is likewise met or not."""
    if value is None or target is None:
        return None
    value, target, baseline = Decimal(value), Decimal(target), Decimal(baseline or 0)
    if comparator == AT_MOST and baseline <= target:
        return Decimal(1) if value <= target else Decimal(0)
    if target == baseline:
        met = value <= target if comparator == AT_MOST else value >= target
        return Decimal(1) if met else Decimal(0)
    return (value - baseline) / (target - baseline)


def percent(rate: Decimal | None) -> str:
    """55.0% style, "—" for no rate."""
    if rate is None:
        return "—"
    return f"{(rate * 100).quantize(Decimal('0.1'))}%"


def pick_latest(reports):
    """The report a ledger row shows: the latest approved one, else the latest submitted one (which
    the ledger flags 待审核); drafts and returned reports never count. Latest = the later period end;
    on the same end the monthly report (the formal one) wins over the weekly ledger, then the later save.
    `reports` are objects with `state`, `period_end`, `kind` and `updated_at`."""
    for state in (APPROVED, SUBMITTED):
        candidates = [r for r in reports if r is not None and r.state == state]
        if candidates:
            return max(candidates, key=lambda r: (r.period_end, r.kind == "month", r.updated_at))
    return None


def last_update(report) -> datetime.datetime | None:
    """When the ledger's value last moved: its approval, else its submission (the moments of the
    workflow, on the platform's clock), else its last save."""
    if report is None:
        return None
    return report.approved_at or report.submitted_at or report.updated_at


@dataclass
class IndicatorLine:
    indicator_id: int | None  # None for a project without indicators
    text: str = ""
    target: str = ""  # "≥2000户"
    value: Decimal | None = None
    comment: str = ""
    rate: Decimal | None = None

    @property
    def rate_display(self) -> str:
        return percent(self.rate)

    @property
    def value_display(self) -> str:
        return "—" if self.value is None else f"{Decimal(self.value).normalize():f}"


@dataclass
class LedgerRow:
    project_id: int
    seq: str
    name: str
    category: str
    lead_units: list[str]
    co_units: list[str]
    lines: list[IndicatorLine] = field(default_factory=list)
    report_id: int | None = None
    period: str = ""
    kind: str = ""
    pending: bool = False  # the value is submitted, not yet approved (待审核)
    problems: list[str] = field(default_factory=list)
    next_steps: str = ""
    lag_reason: str = ""
    updated: datetime.datetime | None = None


def _target(indicator) -> str:
    prefix = "" if indicator.comparator == "=" else indicator.comparator
    return f"{prefix}{indicator.target_display}"


def ledger_row(project, indicators, units, report, values: dict) -> LedgerRow:
    """One project's row: `indicators` in order, `units` as (name, role) pairs, `report` the chosen
    report or None, `values` {indicator id: (value, comment)} of that report."""
    row = LedgerRow(
        project_id=project.pk,
        seq=project.seq,
        name=project.name,
        category=project.category.name if project.category else "",
        lead_units=[name for name, role in units if role == "lead"],
        co_units=[name for name, role in units if role != "lead"],
    )
    for i in indicators:
        value, comment = values.get(i.pk, (None, ""))
        row.lines.append(
            IndicatorLine(
                i.pk,
                i.text,
                _target(i),
                value,
                comment,
                completion_rate(value, i.target_value, i.baseline, i.comparator),
            )
        )
    if not row.lines:
        row.lines.append(IndicatorLine(None))
    if report is not None:
        row.report_id, row.period, row.kind = report.pk, report.period, report.kind
        row.pending = report.state == SUBMITTED
        row.problems = list(report.problems or [])
        row.next_steps, row.lag_reason = report.next_steps, report.lag_reason
        row.updated = last_update(report)
    return row


def matches(row: LedgerRow, text: str) -> bool:
    """Free-text filter over the row's seq, name, targets and units."""
    text = text.strip().lower()
    if not text:
        return True
    haystack = " ".join(
        [row.seq, row.name, *row.lead_units, *row.co_units, *(line.text for line in row.lines)]
    )
    return text in haystack.lower()


def split_problems(text: str | None) -> list[str]:
    """存在问题 as typed (one per line) → the report's list."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def week_of(day: datetime.date) -> calendar.Period:
    return calendar.period_of(calendar.WEEK, day)


def week_period(key: str | None, day: datetime.date) -> calendar.Period:
    """The week a grid shows: the key asked for, else the week of `day`; PeriodError for a bad key."""
    if not key:
        return week_of(day)
    period = calendar.parse_period(key)
    if period.kind != calendar.WEEK:
        raise calendar.PeriodError("台账按周填报，请选择一周（如 2024-W28）。")
    return period


def lock_message(period: calendar.Period, rules: calendar.CalendarRules, moment: datetime.datetime) -> str:
    """Why the period takes no more reports, or "" while it is open."""
    if not calendar.is_locked(moment, period, rules):
        return ""
    locks = calendar.locks_at(period, rules)
    return f"{period.label}已于 {locks:%Y-%m-%d %H:%M} 锁定，不能再填报；如需补报请联系督查室。"


def neighbour_weeks(period: calendar.Period) -> tuple[str, str]:
    """The keys of the week before and the week after."""
    before = week_of(period.start - datetime.timedelta(days=1))
    after = week_of(period.end + datetime.timedelta(days=1))
    return before.key, after.key


def period_choices(begins: datetime.date, ends: datetime.date, day: datetime.date) -> dict[str, list]:
    """The periods an import may fill: the plan's weeks and months that have started by `day`, newest
    first, as {"week": [Period…], "month": [Period…]}."""
    last = min(ends, day)
    if last < begins:
        return {calendar.WEEK: [], calendar.MONTH: []}
    return {
        kind: list(reversed(calendar.periods(kind, begins, last))) for kind in (calendar.WEEK, calendar.MONTH)
    }


def group_rows(rows: list[LedgerRow]) -> list[tuple[str, list[LedgerRow]]]:
    """Consecutive rows of the same category together, in order: [(category, rows)]."""
    groups: list[tuple[str, list[LedgerRow]]] = []
    for row in rows:
        if not groups or groups[-1][0] != row.category:
            groups.append((row.category, []))
        groups[-1][1].append(row)
    return groups


def row_data(post, indicator_ids: list[int], report) -> dict:
    """A posted grid row (v-<id>, c-<id>, narrative, problems one per line, …) as the workflow's data."""
    return {
        "values": [
            {"indicator": pk, "value": post.get(f"v-{pk}", "").strip(), "comment": post.get(f"c-{pk}", "")}
            for pk in indicator_ids
        ],
        "narrative": post.get("narrative", ""),
        "problems": split_problems(post.get("problems")),
        "next_steps": post.get("next_steps", ""),
        "lag_reason": post.get("lag_reason", ""),
        "confirm": bool(post.get("confirm")),
        **kept_fields(report),
    }


def kept_fields(report) -> dict:
    """What a ledger save carries over unchanged from the report it revises: the funds, which neither
    the grid nor the workbook shows (save_report would otherwise clear them)."""
    if report is None:
        return {}
    return {
        name: "" if getattr(report, name) is None else str(getattr(report, name))
        for name in ("funds_arranged", "funds_paid")
    }
