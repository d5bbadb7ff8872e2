"""The script of the synthetic demo reports, as plain functions of a project's stable key and the period (no database): per project a profile decides the pace (ahead, on pace, behind); per report a draw decides whether it is missing, late, awaiting approval; one report per plan is returned and a few projects name problems; cumulative values follow the pace from the baseline toward the target, so they never fall. demo_reports.py writes what the script says."""

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from minsheng.plans.progress import linear_expected
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.models import ReportState

DEMO_DAY = datetime.date(2024, 7, 15)


DEMO_YEAR = DEMO_DAY.year


CUTOFF = datetime.datetime.combine(DEMO_DAY, datetime.time(0), calendar.SHANGHAI)  # nothing at or after


LAST_DAY = DEMO_DAY - datetime.timedelta(days=1)  # the last day values are known for


MONTHS = calendar.periods(calendar.MONTH, datetime.date(DEMO_YEAR, 1, 1), DEMO_DAY)  # 01 … 07


# Every ledger week since the plans began, so weekly completeness in the demo means what it says.
WEEKS = calendar.periods(calendar.WEEK, datetime.date(DEMO_YEAR, 1, 1), DEMO_DAY)  # 2024-W01 … W29


MISSING, LATE = 0.06, 0.12  # shares of due reports never filed and filed after the grace days
DRAFT_SHARE = {calendar.MONTH: 0.2, calendar.WEEK: 0.25}  # drafts for the period not yet due


APPROVAL_HOURS = {calendar.MONTH: 150, calendar.WEEK: 80}  # the slowest approval after submission


LAG_REASONS = [
    "受连续降雨影响，部分点位施工暂停，进度滞后。",
    "项目前期手续办理时间较长，集中开工晚于计划。",
    "上级补助资金尚未全部下达，部分县区配套资金到位慢。",
    "部分点位选址调整，需重新论证后实施。",
]


PROBLEMS = [
    "部分县区配套资金未及时到位，影响项目推进。",
    "施工队伍不足，部分点位进度偏慢。",
    "群众参与意愿不一，入户协调难度较大。",
    "用地、规划手续尚未全部办结。",
    "项目验收标准不够明确，基层执行尺度不一。",
]


NEXT_STEPS = [
    "加强调度，每周通报各县区进度，确保按期完成。",
    "督促县区落实配套资金，加快项目实施。",
    "组织开展现场督导，及时协调解决存在问题。",
    "做好阶段性验收准备，完善项目台账资料。",
]


STAGES = [
    "制定实施方案",
    "完成前期摸底",
    "启动项目实施",
    "全面铺开实施",
    "加快推进实施",
    "攻坚推进",
    "持续推进",
]


STORED = Decimal("0.0001")  # ReportValue.value keeps four places; versions show it as stored


RETURN_COMMENT = "请补充现场照片和分县区完成明细，并核实累计完成数后重新报送。"


def fraction(*parts) -> float:
    """A stable draw in [0, 1) from the given parts (the same on every machine and every run)."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


@dataclass(frozen=True)
class Profile:
    pace: Decimal  # actual share ÷ expected share
    label: str  # ahead, on_pace, behind
    budget: Decimal  # 万元
    troubled: bool  # names problems in its latest monthly report


def profile(key: str) -> Profile:
    draw, spread = fraction(key, "pace"), fraction(key, "spread")
    if draw < 0.2:
        label, pace = "ahead", 1.15 + 0.15 * spread
    elif draw < 0.8:
        label, pace = "on_pace", 0.97 + 0.08 * spread
    else:
        label, pace = "behind", 0.55 + 0.25 * spread
    trouble = fraction(key, "trouble")
    return Profile(
        pace=Decimal(str(round(pace, 3))),
        label=label,
        budget=Decimal(100 + int(fraction(key, "budget") * 490) * 10),
        troubled=trouble < 0.5 if label == "behind" else trouble < 0.08,
    )


@dataclass(frozen=True)
class IndicatorSpec:
    pk: int
    text: str
    baseline: Decimal
    target: Decimal
    unit: str
    due: datetime.date


@dataclass
class ReportSpec:
    period: calendar.Period
    state: str
    values: dict[int, Decimal] = field(default_factory=dict)
    narrative: str = ""
    next_steps: str = ""
    lag_reason: str = ""
    problems: list[str] = field(default_factory=list)
    funds_arranged: Decimal | None = None
    funds_paid: Decimal | None = None
    awaiting: str = ""
    return_comment: str = ""
    submitted_at: datetime.datetime | None = None
    approved_at: datetime.datetime | None = None
    versions: list[tuple[str, datetime.datetime, str]] = field(default_factory=list)  # state, at, by


def _share(begins: datetime.date, due: datetime.date, day: datetime.date) -> Decimal:
    if due <= begins or day >= due:
        return Decimal(1)
    return max(Decimal(0), Decimal((day - begins).days) / Decimal((due - begins).days))


def _step(indicator: IndicatorSpec) -> Decimal:
    whole = (
        indicator.target == indicator.target.to_integral()
        and indicator.baseline == indicator.baseline.to_integral()
    )
    return Decimal(1) if whole and indicator.unit != "%" else Decimal("0.01")


def cumulative(indicator: IndicatorSpec, begins: datetime.date, day: datetime.date, pace: Decimal) -> Decimal:
    """The cumulative value on a day: the pace times the expected share, never past the target."""
    share = min(Decimal(1), pace * _share(begins, indicator.due, day))
    value = indicator.baseline + (indicator.target - indicator.baseline) * share
    return value.quantize(_step(indicator), rounding=ROUND_DOWN)


def _funds(budget: Decimal, share: Decimal, pace: Decimal) -> tuple[Decimal, Decimal]:
    arranged = budget * min(Decimal(1), Decimal("0.4") + Decimal("0.6") * share)
    paid = budget * min(Decimal("0.4") + Decimal("0.6") * share, Decimal("0.9") * pace * share)
    cent = Decimal("0.01")
    return arranged.quantize(cent, rounding=ROUND_DOWN), paid.quantize(cent, rounding=ROUND_DOWN)


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _narrative(name: str, period, day, indicators, values, stage: str) -> str:
    when = f"截至{day.month}月{day.day}日"
    if not indicators:
        return f"{when}，{name}按计划{stage}，各项工作有序开展。"
    first = indicators[0]
    done = values[first.pk]
    span = first.target - first.baseline
    rate = int((done - first.baseline) / span * 100) if span > 0 else 100
    lead = "本周" if period.kind == calendar.WEEK else "本月"
    target = first.text if len(first.text) <= 30 else f"{first.text[:30]}…"
    return f"{lead}{stage}。{when}，“{target}”累计完成{_fmt(done)}{first.unit}，完成目标的{rate}%。"


def _is_behind(indicators, values, begins: datetime.date, day: datetime.date) -> bool:
    """Behind pace by more than 5 points on some indicator, as the validation rule counts it."""
    for i in indicators:
        span = i.target - i.baseline
        expected = linear_expected(i.baseline, i.target, begins, i.due, day)
        if span > 0 and (expected - values[i.pk]) / span > Decimal("0.05"):
            return True
    return False


def _hours(hours: float) -> datetime.timedelta:
    return datetime.timedelta(minutes=round(hours * 60))  # whole minutes, like a person's clock


def _timeline(key: str, period, rules, unit_approver: bool, returned: bool) -> ReportSpec | None:
    """The report's fate: None if never filed; otherwise its state and the moments of each version."""
    due, grace = calendar.due_at(period, rules), calendar.on_time_until(period, rules)
    if due > CUTOFF:  # not due yet: a few units have a draft going
        if fraction(key, period.key, "draft") >= DRAFT_SHARE[period.kind]:
            return None
        saved = CUTOFF - _hours(3 + 40 * fraction(key, period.key, "saved"))
        return ReportSpec(period, ReportState.DRAFT, versions=[(ReportState.DRAFT, saved, "reporter")])
    fate, when = fraction(key, period.key, "fate"), fraction(key, period.key, "when")
    if fate < MISSING and not returned:
        return None
    if fate >= 1 - LATE and not returned:
        window = (min(calendar.locks_at(period, rules), CUTOFF) - grace).total_seconds()
        submitted = grace + _hours(max(1.0, window / 3600 * when))
    else:
        submitted = due - _hours(2 + 70 * when)
    if submitted >= CUTOFF:
        return None  # still on its way on the demo day
    spec = ReportSpec(period, ReportState.SUBMITTED, submitted_at=submitted)
    drafted = submitted - _hours(1 + 20 * fraction(key, period.key, "drafted"))
    spec.versions = [(ReportState.DRAFT, drafted, "reporter"), (ReportState.SUBMITTED, submitted, "reporter")]
    hours = APPROVAL_HOURS[period.kind] * (0.1 + 0.9 * fraction(key, period.key, "approval"))
    decided = submitted + _hours(hours)
    if returned:
        spec.state, spec.return_comment = ReportState.RETURNED, RETURN_COMMENT
        spec.versions.append(
            (ReportState.RETURNED, min(decided, CUTOFF - datetime.timedelta(hours=1)), "office")
        )
        return spec
    if unit_approver:
        signed = submitted + _hours(hours * 0.8)  # the unit takes most of the time, the office signs after
        if signed >= CUTOFF:
            spec.awaiting = "unit"
            return spec
        spec.versions.append((ReportState.SUBMITTED, signed, "approver"))
    if decided >= CUTOFF:
        spec.awaiting = "office"
        return spec
    spec.state, spec.approved_at = ReportState.APPROVED, decided
    spec.versions.append((ReportState.APPROVED, decided, "office"))
    return spec


def script_project(
    key: str,
    name: str,
    begins: datetime.date,
    indicators: list[IndicatorSpec],
    rules: calendar.CalendarRules = calendar.DEFAULT_RULES,
    unit_approver: bool = False,
    returned: bool = False,
) -> list[ReportSpec]:
    """The demo reports of one project: monthly and weekly from January, as of the
    demo day. `returned` makes its last due monthly report one the office sent back."""
    prof = profile(key)
    indicators = [i for i in indicators if i.target > i.baseline]  # values rise toward the target
    last_month = [p for p in MONTHS if calendar.due_at(p, rules) <= CUTOFF][-1]
    specs = []
    for period in [*MONTHS, *WEEKS]:
        spec = _timeline(key, period, rules, unit_approver, returned and period == last_month)
        if spec is None:
            continue
        day = min(period.end, LAST_DAY)
        spec.values = {i.pk: cumulative(i, begins, day, prof.pace) for i in indicators}
        stage = STAGES[min(day.month - 1, len(STAGES) - 1)]
        spec.narrative = _narrative(name, period, day, indicators, spec.values, stage)
        spec.next_steps = NEXT_STEPS[int(fraction(key, period.key, "next") * len(NEXT_STEPS))]
        if _is_behind(indicators, spec.values, begins, day):
            spec.lag_reason = LAG_REASONS[int(fraction(key, "lag") * len(LAG_REASONS))]
        share = _share(begins, datetime.date(begins.year, 12, 31), day)
        spec.funds_arranged, spec.funds_paid = _funds(prof.budget, share, prof.pace)
        specs.append(spec)
    if prof.troubled:
        filed = [s for s in specs if s.period.kind == calendar.MONTH and s.submitted_at]
        if filed:
            first = int(fraction(key, "problem") * len(PROBLEMS))
            count = 1 + (fraction(key, "problems") < 0.4)
            filed[-1].problems = [PROBLEMS[(first + n) % len(PROBLEMS)] for n in range(count)]
    return specs
