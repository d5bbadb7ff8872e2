"""The office and leader dashboard's figures as plain functions: no ORM, no HTTP.

The view hands over one `Item` per project in scope (with its status as of the day), the month-end
history and the reporting tallies; these functions count by colour, average progress against the
expected progress (序时进度) and group by category and by region. sections.py builds from these figures
each chart's ECharts option (drawn by dashboard.js) and the table that says the same in words."""

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from minsheng.supervision.status.rules import COLOURS, ProjectStatus

ORDER = list(COLOURS)  # blue, green, yellow, orange, red


PROGRESS_HEX, EXPECTED_HEX = "#37474f", "#8d6e63"  # the two lines: done and 序时


NUMBERING = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十百]+[)）、.．]|\d+[、.．])\s*")


WORST = 10  # units named in the timeliness chart


@dataclass(frozen=True)
class Item:
    """A project in scope as the dashboard needs it."""

    pk: int
    plan_id: int
    region_path: str  # the path of the plan's region
    region_name: str
    category: str
    seq: str
    name: str
    lead: str
    url: str
    status: ProjectStatus


class Place(Protocol):
    """A region as the charts read it (core.models.Region): its name and its path."""

    @property
    def name(self) -> str: ...
    @property
    def path(self) -> str: ...


@dataclass(frozen=True)
class Summary:
    n: int
    counts: dict  # colour → number of projects
    progress: float  # mean completion, 0..1
    expected: float  # mean expected (序时) progress, 0..1
    caught_up: int = 0  # behind at the month end before, back on pace here (补齐)

    @property
    def gap(self) -> float:
        return round((self.expected - self.progress) * 100, 1)


def pct(value: float) -> float:
    return round(value * 100, 1)


def pct_text(value: float) -> str:
    return f"{pct(value):g}%"


def summarise(statuses) -> Summary:
    statuses = list(statuses)
    counts = dict.fromkeys(ORDER, 0)
    for s in statuses:
        counts[s.colour] += 1
    n = len(statuses)
    mean = (lambda xs: sum(xs) / n) if n else (lambda xs: 0.0)
    return Summary(n, counts, mean([s.progress for s in statuses]), mean([s.expected for s in statuses]))


def from_tallies(tallies) -> Summary:
    """The summary of projects counted by colour elsewhere: each tally {colour: (count, progress sum,
    expected sum, caught up)}, as the month-end table gives them (`month_ends.plans_trend`)."""
    counts = dict.fromkeys(ORDER, 0)
    n, progress, expected, caught_up = 0, 0.0, 0.0, 0
    for by_colour in tallies:
        for colour, tally in by_colour.items():
            counts[colour] += tally.count
            n += tally.count
            progress += tally.progress
            expected += tally.expected
            caught_up += tally.caught_up
    return Summary(n, counts, progress / n if n else 0.0, expected / n if n else 0.0, caught_up)


def counts_text(summary: Summary) -> str:
    parts = [f"{COLOURS[c].label} {summary.counts[c]} 个" for c in ORDER if summary.counts[c]]
    return "，".join(parts) or "无项目"


def category_name(raw: str) -> str:
    """A category without its numbering ("一、", "（二）", "3."), so plans' categories can meet."""
    return NUMBERING.sub("", raw or "").strip() or "未分类"


def by_category(items: list[Item]) -> list[tuple[str, Summary]]:
    groups = defaultdict(list)
    for item in items:
        groups[category_name(item.category)].append(item.status)
    return [(name, summarise(statuses)) for name, statuses in groups.items()]


def by_region(items: list[Item], region: Place, children: Iterable[Place]) -> list[tuple[Place, Summary]]:
    """The region as a whole (its subtree), then each child region whose subtree holds projects."""
    rows = [(region, summarise(i.status for i in items))]
    for child in children:
        inside = [i.status for i in items if i.region_path.startswith(child.path)]
        if inside:
            rows.append((child, summarise(inside)))
    return rows


def _rates(row: dict) -> dict:
    row["completeness"] = row["received"] / row["expected"] if row["expected"] else 1.0
    row["timeliness"] = row["on_time"] / row["expected"] if row["expected"] else 1.0
    row["completeness_text"] = pct_text(row["completeness"])
    row["timeliness_text"] = pct_text(row["timeliness"])
    return row


def timeliness(tallies) -> tuple[dict, list]:
    """The tallies of every plan merged per unit name: totals, and the units worst first."""
    keys = ("expected", "received", "on_time")
    merged: dict[str, dict] = {}  # per unit name
    total = dict.fromkeys(keys, 0)
    for t in tallies:
        row = merged.setdefault(t.unit, {"unit": t.unit, **dict.fromkeys(keys, 0)})
        for key in keys:
            row[key] += getattr(t, key)
            total[key] += getattr(t, key)
    rows = [_rates(row) for row in merged.values()]
    return _rates(total), sorted(rows, key=lambda r: (r["completeness"], r["timeliness"], r["unit"]))


def day_label(day: datetime.date, last: bool) -> str:
    return f"{day.month}月{day.day}日" if last else f"{day.month}月"
