"""A project's colour month by month as it stood at each month end (by the reports approved then), and
whether a month that was behind was made up later (补齐). A red May stays red in the history: once the
project is back on pace, May reads 红 · 8月补齐 rather than being painted over. Plain functions: the
statuses come from the month-end table (`month_ends`), the day's from the status engine."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from minsheng.supervision.status.rules import COLOURS, ProjectStatus

BEHIND = frozenset({"yellow", "orange", "red"})  # behind pace, or a report overdue


@dataclass(frozen=True)
class MonthColour:
    """One point of the history: the day (a month end, or the day looked at), the colour then, the
    gap in points, and for a point behind the first later point back on pace, if any."""

    day: datetime.date
    colour: str
    gap: float
    caught_up_on: datetime.date | None = None
    reason: str = ""  # the first of the rules' reasons for the colour (a report overdue, …)

    @property
    def note(self) -> str:
        """What the colour says beside it: 落后 8.5 点 when behind pace, else its reason."""
        if self.behind and self.gap > 0:
            return f"落后 {self.gap:.1f} 点"
        return self.reason if self.behind else ""

    @property
    def behind(self) -> bool:
        return self.colour in BEHIND

    @property
    def caught_up(self) -> bool:
        return self.caught_up_on is not None

    @property
    def label(self) -> str:
        """红, or 红 · 8月补齐 for a month behind made up later."""
        word = COLOURS[self.colour].label
        return f"{word} · {self.caught_up_on.month}月补齐" if self.caught_up_on else word


def colour_history(points: Iterable[tuple[datetime.date, ProjectStatus]]) -> list[MonthColour]:
    """The points in day order, each behind point marked with the first later point not behind."""
    ordered = sorted(points, key=lambda point: point[0])
    history = []
    for n, (day, status) in enumerate(ordered):
        caught = None
        if status.colour in BEHIND:
            caught = next((later for later, s in ordered[n + 1 :] if s.colour not in BEHIND), None)
        reason = status.reasons[0] if status.reasons else ""
        history.append(MonthColour(day, status.colour, status.gap, caught, reason))
    return history


def caught_up_between(before: ProjectStatus | None, after: ProjectStatus | None) -> bool:
    """Whether a project behind at one point is back on pace at the next (the bulletin's 本月补齐)."""
    return before is not None and after is not None and before.colour in BEHIND and after.colour not in BEHIND
