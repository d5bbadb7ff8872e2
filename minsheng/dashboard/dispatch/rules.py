"""The rules of the ten-day dispatch (每旬调度) as plain functions, no ORM and no clock: the window of
days looked at, the 旬 (上旬 1–10, 中旬 11–20, 下旬 21–month end), the colour changes between the day
before the window and its last day, and the summary sentence.

- Window: normally the ten days ending on `as_of` (as_of − 9 … as_of); the 旬 shortcuts choose one
  旬 exactly (a 下旬 has 8 to 11 days), cut at today when it is not over.
- Colour changes: a project whose colour differs; worsened first (by the colour reached, red first,
  then the size of the fall), then improved (best colour first); otherwise in the given order.
"""

import calendar
import datetime
from dataclasses import dataclass

from minsheng.core.dates import chinese_date, year_in_span
from minsheng.supervision.status.rules import COLOURS

DAYS = 10
XUN_NAMES = ("上旬", "中旬", "下旬")


@dataclass(frozen=True)
class Xun:
    year: int
    month: int
    index: int  # 0 上旬, 1 中旬, 2 下旬

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1 + 10 * self.index)

    @property
    def end(self) -> datetime.date:
        if self.index < 2:
            return datetime.date(self.year, self.month, 10 * (self.index + 1))
        return datetime.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def key(self) -> str:
        """As in the URL: 2024-07-1 (上旬), 2024-07-2, 2024-07-3."""
        return f"{self.year:04d}-{self.month:02d}-{self.index + 1}"

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月{XUN_NAMES[self.index]}"

    def previous(self) -> "Xun":
        if self.index:
            return Xun(self.year, self.month, self.index - 1)
        year, month = (self.year, self.month - 1) if self.month > 1 else (self.year - 1, 12)
        return Xun(year, month, 2)

    def next(self) -> "Xun":
        if self.index < 2:
            return Xun(self.year, self.month, self.index + 1)
        year, month = (self.year, self.month + 1) if self.month < 12 else (self.year + 1, 1)
        return Xun(year, month, 0)


def xun_of(day: datetime.date) -> Xun:
    return Xun(day.year, day.month, min((day.day - 1) // 10, 2))


def parse_xun(raw: str) -> Xun | None:
    """ "2024-07-3" → 2024年7月下旬; None when it is not one."""
    parts = (raw or "").strip().split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    year, month, index = (int(p) for p in parts)
    if not (1 <= month <= 12 and 1 <= index <= 3 and year_in_span(year)):
        return None
    return Xun(year, month, index - 1)


@dataclass(frozen=True)
class Window:
    start: datetime.date
    end: datetime.date  # the as_of day, included
    xun: Xun | None = None  # when the window is exactly one 旬 (chosen by a shortcut)

    @property
    def before(self) -> datetime.date:
        """The day before the window: the colours of the window are compared with this day's."""
        return self.start - datetime.timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        span = f"{chinese_date(self.start)}至{chinese_date(self.end)}"
        if self.xun:
            return f"{self.xun.label}（{span}）"
        return span

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def window(as_of: datetime.date) -> Window:
    """The ten days ending on as_of, both ends included."""
    return Window(as_of - datetime.timedelta(days=DAYS - 1), as_of)


def xun_window(xun: Xun, today: datetime.date) -> Window:
    """One 旬, cut at today when it is not over yet (a 旬 still to come starts and ends today)."""
    start = min(xun.start, today)
    return Window(start, min(xun.end, today), xun)


def previous_as_of(as_of: datetime.date) -> datetime.date:
    return as_of - datetime.timedelta(days=DAYS)


def next_as_of(as_of: datetime.date, today: datetime.date) -> datetime.date | None:
    """Ten days later, never after today; None when the window already ends today (or later)."""
    if as_of >= today:
        return None
    return min(as_of + datetime.timedelta(days=DAYS), today)


@dataclass(frozen=True)
class Shortcut:
    xun: Xun
    current: bool  # the window shown is this 旬


def xun_shortcuts(shown: Window, today: datetime.date, count: int = 6) -> list[Shortcut]:
    """The last `count` 旬 up to today's (the 旬 of the window shown among them when it is recent),
    oldest first."""
    xuns = [xun_of(today)]
    while len(xuns) < count:
        xuns.append(xuns[-1].previous())
    return [Shortcut(x, shown.xun == x) for x in reversed(xuns)]


def neighbours(shown: Window, today: datetime.date) -> tuple[dict | None, dict | None]:
    """The query parameters of the previous and the next window: the neighbouring 旬 for a 旬 window,
    else as_of ∓ 10 days; no next window past today."""
    if shown.xun:
        before, after = shown.xun.previous(), shown.xun.next()
        return {"xun": before.key}, ({"xun": after.key} if after.start <= today else None)
    later = next_as_of(shown.end, today)
    return {"as_of": previous_as_of(shown.end).isoformat()}, ({"as_of": later.isoformat()} if later else None)


@dataclass(frozen=True)
class Change:
    project_id: int
    before: str
    after: str

    @property
    def worsened(self) -> bool:
        return COLOURS[self.after].rank > COLOURS[self.before].rank

    @property
    def before_label(self) -> str:
        return COLOURS[self.before].label

    @property
    def after_label(self) -> str:
        return COLOURS[self.after].label

    @property
    def text(self) -> str:
        return f"{self.before_label} → {self.after_label}"


def colour_changes(before: dict, after: dict) -> list[Change]:
    """Projects (keys) whose colour (values: colour keys) differs between `before` and `after`; a
    project missing from either side has no change. Worsened first — the worst colour reached, then
    the biggest fall — then improved — the best colour reached, then the biggest rise; ties keep the
    order of `after`."""
    changes = [
        Change(key, before[key], colour)
        for key, colour in after.items()
        if key in before and before[key] != colour
    ]

    def rank(c: Change):
        reached = COLOURS[c.after].rank  # red 4 … blue 0
        jump = reached - COLOURS[c.before].rank
        return (0, -reached, -jump) if jump > 0 else (1, reached, jump)

    return sorted(changes, key=rank)


def summary(monthly: int, worsened: int, problems: int, overdue: int) -> str:
    """The dispatch in one sentence (the text equivalent of the page)."""
    return f"本旬新报送月报{monthly}份，状态变差{worsened}个，新增问题{problems}条，逾期事项{overdue}项"
