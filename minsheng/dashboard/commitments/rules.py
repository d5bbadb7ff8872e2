"""Rules of the cross views (a commitment across years; a city project and its county parts), plain
functions with no database: the lineage closure, the public words for a project's standing, grouping
the parts by region and the summary line in words."""

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from minsheng.dashboard.public.rules import PUBLIC_MEANING, YEAR_OVER_FINISHED, YEAR_OVER_UNFINISHED

T = TypeVar("T")

MAX_CHAIN = 60  # a commitment continued over decades is still a short list; stop a runaway graph
# Where a project stands, in the public board's words (never the reasons, which are internal), best first.
SUMMARY_ORDER = [
    "已验收",
    "已完成",
    YEAR_OVER_FINISHED,
    *(PUBLIC_MEANING[c] for c in ("green", "yellow", "orange", "red")),
    YEAR_OVER_UNFINISHED,
    "暂无进度",
]


def lineage_closure(start: int, edges: Iterable[tuple[int, int]], limit: int = MAX_CHAIN) -> list[int]:
    """Every project linked to `start` through lineage, directly or through others (breadth first,
    `start` first). Edges are taken both ways, so a one-sided link still counts."""
    neighbours: dict[int, set[int]] = {}
    for a, b in edges:
        if a != b:
            neighbours.setdefault(a, set()).add(b)
            neighbours.setdefault(b, set()).add(a)
    seen = {start}
    order = [start]
    queue = deque([start])
    while queue and len(order) < limit:
        for other in sorted(neighbours.get(queue.popleft(), ())):
            if other not in seen and len(order) < limit:
                seen.add(other)
                order.append(other)
                queue.append(other)
    return order


def standing(colour: str | None, finished: bool = False, year_over: bool = False) -> str:
    """Where a project stands, in the public board's words: 已验收; 已完成 (finished, not yet accepted);
    its pace (正常推进, 略有滞后, 明显滞后, 严重滞后); once its plan's year is over and it is not
    accepted, 已完成，待验收 or 年度未完成; 暂无进度 when there is no status (a draft plan)."""
    if colour is None or colour not in PUBLIC_MEANING:
        return "暂无进度"
    if colour == "blue":
        return "已验收"
    if year_over:
        return YEAR_OVER_FINISHED if finished else YEAR_OVER_UNFINISHED
    return "已完成" if finished else PUBLIC_MEANING[colour]


def percent(progress: float | None) -> str:
    if progress is None:
        return "—"
    return f"{round(max(0.0, min(progress, 1.0)) * 100)}%"


def group_by(items: Sequence[T], key: Callable[[T], str]) -> list[tuple[str, list[T]]]:
    """Items grouped by `key`, groups in the order they first appear."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return list(groups.items())


def parts_summary(parts: Sequence[tuple[str, str]]) -> str:
    """(region, standing word) per lower-level project → "3 个县区承担，2 个正常推进，1 个滞后".
    When a region carries several projects the line says so: "2 个县区承担 3 个项目，…"."""
    if not parts:
        return ""
    regions = len({region for region, _ in parts})
    head = f"{regions} 个县区承担" + (f" {len(parts)} 个项目" if len(parts) != regions else "")
    counts = dict.fromkeys(SUMMARY_ORDER, 0)
    for _, word in parts:
        counts[word] = counts.get(word, 0) + 1
    return "，".join([head, *(f"{n} 个{word}" for word, n in counts.items() if n)])


@dataclass(frozen=True)
class YearSpan:
    first: int
    last: int

    def __str__(self) -> str:
        return f"{self.first}年" if self.first == self.last else f"{self.first}—{self.last}年"


def year_span(years: Iterable[int]) -> YearSpan | None:
    years = list(years)
    return YearSpan(min(years), max(years)) if years else None
