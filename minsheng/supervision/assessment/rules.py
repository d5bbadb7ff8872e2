"""考核: the year's score of each responsible unit, by the rules of an office's 考核细则, as plain
functions (no ORM, no clock).

A unit starts from a base score (100). Every fact of the year is an `Event` with its day, reason and
source: a monthly report not filed (未报) or filed after its deadline (迟报), the same of a weekly
ledger, a report returned (退回), a 督办单 whose deadline passed unanswered or was answered late (by the
grade of the sheet), a project not accepted by its due date (未按期完成, the date of a granted extension
counting), a project accepted before its due date (提前完成), and what the office records by
hand (领导书面表扬, 超额完成, other points with a reason).

- Repeat offences weigh more: from the `repeat_from`-th deduction of the same kind in the year, each
  counts `repeat_factor` times.
- Bonuses are capped at `bonus_cap` for the year.
- A red line disqualifies from the year's awards (取消评优资格) whatever the score: `red_line_missing`
  monthly reports not filed, a 严重 sheet late (`red_line_serious`), or a score below `red_line_score`
  (0 turns a line off).

`Scheme` holds the numbers (the office edits them; `DEFAULTS` otherwise); `score(events, scheme)` gives
a `UnitScore`; `ranked(scores)` orders them with shared places for equal scores."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal, InvalidOperation

from minsheng.core.errors import DomainError

MONTH_MISSING, MONTH_LATE = "month_missing", "month_late"
WEEK_MISSING, WEEK_LATE = "week_missing", "week_late"
RETURNED = "returned"
UNFINISHED = "unfinished"
ORDER_LATE = {"prompt": "order_late_prompt", "warning": "order_late_warning", "serious": "order_late_serious"}
FINISHED_EARLY, PRAISE, OVER_TARGET = "finished_early", "praise", "over_target"
BONUS, DEDUCTION = "bonus", "deduction"  # points the office records with a reason

KIND_LABELS = {
    MONTH_MISSING: "月报未报",
    MONTH_LATE: "月报迟报",
    WEEK_MISSING: "周台账未报",
    WEEK_LATE: "周台账迟报",
    RETURNED: "报告被退回",
    UNFINISHED: "未按期完成",
    ORDER_LATE["prompt"]: "提示督办单逾期未回复",
    ORDER_LATE["warning"]: "警示督办单逾期未回复",
    ORDER_LATE["serious"]: "严重督办单逾期未回复",
    FINISHED_EARLY: "提前完成",
    PRAISE: "领导书面表扬",
    OVER_TARGET: "超额完成",
    BONUS: "其他加分",
    DEDUCTION: "其他扣分",
}
BONUS_KINDS = frozenset({FINISHED_EARLY, PRAISE, OVER_TARGET, BONUS})
# Kinds whose points the office gives with each entry rather than from the scheme.
FREE_KINDS = frozenset({BONUS, DEDUCTION})


class SchemeError(DomainError):
    status = 422
    default_message = "考核细则的分值不对。"


@dataclass(frozen=True)
class Scheme:
    base: Decimal = Decimal(100)
    month_missing: Decimal = Decimal(2)
    month_late: Decimal = Decimal(1)
    week_missing: Decimal = Decimal("0.5")
    week_late: Decimal = Decimal("0.2")
    returned: Decimal = Decimal(1)
    order_late_prompt: Decimal = Decimal(1)
    order_late_warning: Decimal = Decimal(2)
    order_late_serious: Decimal = Decimal(4)
    unfinished: Decimal = Decimal(5)
    finished_early: Decimal = Decimal(2)
    praise: Decimal = Decimal(2)
    over_target: Decimal = Decimal(1)
    bonus_cap: Decimal = Decimal(10)
    repeat_from: int = 3
    repeat_factor: Decimal = Decimal("1.5")
    red_line_missing: int = 3
    red_line_serious: bool = True
    red_line_score: Decimal = Decimal(60)

    def points_of(self, kind: str) -> Decimal:
        """The points of one event of `kind` (positive; a deduction is subtracted)."""
        return getattr(self, kind)

    def as_values(self) -> dict:
        """The numbers as JSON-able values, as the office's scheme stores them."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}


DEFAULTS = Scheme()

# (field, label, help) in the order the office's form shows them.
FIELD_LABELS = {
    "base": ("基础分", "每个责任单位年初的分数"),
    "month_missing": ("月报未报（扣分/次）", "截止（含宽限）后仍未报送"),
    "month_late": ("月报迟报（扣分/次）", "截止后补报"),
    "week_missing": ("周台账未报（扣分/次）", ""),
    "week_late": ("周台账迟报（扣分/次）", ""),
    "returned": ("报告被退回（扣分/次）", "内容空泛、数据不实被审核退回"),
    "order_late_prompt": ("提示督办单逾期（扣分/次）", "时限内未回复，每错过一次时限计一次"),
    "order_late_warning": ("警示督办单逾期（扣分/次）", ""),
    "order_late_serious": ("严重督办单逾期（扣分/次）", ""),
    "unfinished": ("未按期完成（扣分/项）", "完成期限（含已批准的延期）已过仍未通过验收"),
    "finished_early": ("提前完成（加分/项）", "在完成时限前通过验收"),
    "praise": ("领导书面表扬（加分/次）", ""),
    "over_target": ("超额完成（加分/项）", ""),
    "bonus_cap": ("加分上限", "全年加分合计不超过此数"),
    "repeat_from": ("重复扣分起始次数", "同类扣分从第几次起加重（0 为不加重）"),
    "repeat_factor": ("重复扣分倍数", "如 1.5：第 N 次起每次按 1.5 倍扣分"),
    "red_line_missing": ("红线：月报未报次数", "全年未报月报达此次数取消评优资格（0 为不设）"),
    "red_line_serious": ("红线：严重督办单逾期", "有严重督办单逾期即取消评优资格"),
    "red_line_score": ("红线：最低得分", "得分低于此分取消评优资格（0 为不设）"),
}


def _plain(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def scheme_from(values: dict | None) -> Scheme:
    """A scheme from stored or submitted values; a missing value takes the default. Raises SchemeError
    (in Chinese) for a value that is not a number, is negative, or is out of its range."""
    if not values:
        return DEFAULTS
    changes: dict = {}
    errors: list[str] = []
    for f in fields(Scheme):
        if f.name not in values or values[f.name] in (None, ""):
            continue
        raw, label = values[f.name], FIELD_LABELS[f.name][0]
        if f.type is bool or f.type == "bool":
            changes[f.name] = raw in (True, "true", "on", "1", 1)
            continue
        try:
            number = Decimal(str(raw).strip())
        except InvalidOperation:
            errors.append(f"“{label}”应为数字。")
            continue
        if not number.is_finite():
            errors.append(f"“{label}”应为数字。")
        elif number < 0:
            errors.append(f"“{label}”不能为负数。")
        elif number > 1000:
            errors.append(f"“{label}”不能超过 1000。")
        elif f.type is int or f.type == "int":
            if number != number.to_integral():
                errors.append(f"“{label}”应为整数。")
            else:
                changes[f.name] = int(number)
        else:
            changes[f.name] = number.quantize(Decimal("0.01"))
    if errors:
        raise SchemeError(*errors)
    scheme = replace(DEFAULTS, **changes)
    if scheme.base <= 0:
        raise SchemeError("“基础分”应大于 0。")
    if scheme.repeat_factor < 1:
        raise SchemeError("“重复扣分倍数”不能小于 1。")
    return scheme


@dataclass(frozen=True)
class Event:
    unit_id: int
    kind: str
    day: datetime.date
    reason: str
    source: str = ""  # a link to the report, sheet or project, where there is one
    points: Decimal | None = None  # only for BONUS / DEDUCTION: given by the office
    project_id: int | None = None

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def is_bonus(self) -> bool:
        return self.kind in BONUS_KINDS


@dataclass
class Line:
    """An event as scored: its points (signed) and whether it counted as a repeat."""

    event: Event
    points: Decimal
    repeat: int = 0  # the n-th deduction of its kind, when weighted as a repeat


@dataclass
class UnitScore:
    unit_id: int
    base: Decimal
    lines: list[Line] = field(default_factory=list)
    deducted: Decimal = Decimal(0)
    added: Decimal = Decimal(0)  # after the cap
    capped: bool = False
    red_lines: list[str] = field(default_factory=list)
    place: int = 0

    @property
    def score(self) -> Decimal:
        return self.base - self.deducted + self.added

    def count(self, *kinds: str) -> int:
        return sum(line.event.kind in kinds for line in self.lines)


def score(unit_id: int, events: list[Event], scheme: Scheme = DEFAULTS) -> UnitScore:
    """One unit's score from its events of the year (any order: they are taken by day)."""
    result = UnitScore(unit_id, scheme.base)
    seen: defaultdict[str, int] = defaultdict(int)
    added = Decimal(0)
    for event in sorted(events, key=lambda e: (e.day, e.kind, e.reason)):
        free = event.kind in FREE_KINDS
        points = abs(event.points or Decimal(0)) if free else scheme.points_of(event.kind)
        if event.is_bonus:
            added += points
            result.lines.append(Line(event, points))
            continue
        seen[event.kind] += 1
        repeat = 0
        if scheme.repeat_from and seen[event.kind] >= scheme.repeat_from and event.kind != DEDUCTION:
            points, repeat = points * scheme.repeat_factor, seen[event.kind]
        result.deducted += points
        result.lines.append(Line(event, -points, repeat))
    result.added = min(added, scheme.bonus_cap)
    result.capped = added > scheme.bonus_cap
    result.red_lines = red_lines(result, scheme)
    return result


def red_lines(result: UnitScore, scheme: Scheme) -> list[str]:
    """Why the unit may not be awarded this year (empty when it may)."""
    reasons = []
    missing = result.count(MONTH_MISSING)
    if scheme.red_line_missing and missing >= scheme.red_line_missing:
        reasons.append(f"月报未报{missing}次（红线{scheme.red_line_missing}次）")
    if scheme.red_line_serious and result.count(ORDER_LATE["serious"]):
        reasons.append("严重督办单逾期未回复")
    if scheme.red_line_score and result.score < scheme.red_line_score:
        reasons.append(f"得分低于{_plain(scheme.red_line_score)}分")
    return reasons


def score_all(unit_ids, events: list[Event], scheme: Scheme = DEFAULTS) -> list[UnitScore]:
    """Every unit's score, ranked (a unit without events keeps the base score)."""
    by_unit: defaultdict[int, list[Event]] = defaultdict(list)
    for event in events:
        by_unit[event.unit_id].append(event)
    return ranked([score(u, by_unit[u], scheme) for u in dict.fromkeys([*unit_ids, *by_unit])])


def ranked(scores: list[UnitScore], name=lambda s: s.unit_id) -> list[UnitScore]:
    """Highest score first; equal scores share a place (1, 2, 2, 4); ties listed by `name`."""
    ordered = sorted(scores, key=lambda s: (-s.score, name(s)))
    for n, s in enumerate(ordered):
        s.place = ordered[n - 1].place if n and s.score == ordered[n - 1].score else n + 1
    return ordered


@dataclass
class RegionScore:
    region_id: int
    units: int
    average: Decimal
    disqualified: int
    place: int = 0


def by_region(scores: list[UnitScore], region_of: dict[int, int]) -> list[RegionScore]:
    """The average score of each region's units, highest first, with shared places."""
    groups: defaultdict[int, list[UnitScore]] = defaultdict(list)
    for s in scores:
        groups[region_of[s.unit_id]].append(s)
    rows = [
        RegionScore(
            region,
            len(members),
            (sum((m.score for m in members), Decimal(0)) / len(members)).quantize(Decimal("0.01")),
            sum(bool(m.red_lines) for m in members),
        )
        for region, members in groups.items()
    ]
    rows.sort(key=lambda r: (-r.average, r.region_id))
    for n, r in enumerate(rows):
        r.place = rows[n - 1].place if n and r.average == rows[n - 1].average else n + 1
    return rows


def points_text(value: Decimal) -> str:
    """12.5 → 12.5, 3.00 → 3, −1.50 → -1.5."""
    return _plain(Decimal(value).quantize(Decimal("0.01")))
