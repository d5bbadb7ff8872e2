"""The public board's rules, with no HTTP and no database: what the public sees of each project (never the
internal reasons of a colour, problems or comments), the public wording of the five colours, the
filters, and the open-data files (CSV with a BOM for Excel, formula-like cells quoted; JSON)."""

import csv
import datetime
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal

from minsheng.core.spreadsheet import csv_cell
from minsheng.supervision.status.rules import COLOURS

# What each colour says to the public, plainer than the office's `Colour.meaning` (status.rules keeps
# both); the colour is never shown without its words: (word, public meaning).
PUBLIC_MEANING = {c: colour.public for c, colour in COLOURS.items()}
COLOUR_WORDS = {c: (colour.label, PUBLIC_MEANING[c]) for c, colour in COLOURS.items()}
YEAR_OVER_FINISHED = "已完成，待验收"
YEAR_OVER_UNFINISHED = "年度未完成"
COLOUR_ORDER = list(COLOUR_WORDS)
# What a card can say once its plan's year is over (`make_row`, `year_over_colour`), best first: 蓝
# accepted; finished and awaiting acceptance in the colour its pace had, 绿 or 橙 when a report was
# overdue (a finished project is never behind pace, so never 黄 or 红); anything else 红 年度未完成.
YEAR_OVER_MEANING = {
    "blue": PUBLIC_MEANING["blue"],
    "green": YEAR_OVER_FINISHED,
    "red": YEAR_OVER_UNFINISHED,
}

CSV_HEADERS = [
    "序号",
    "类别",
    "项目名称",
    "目标",
    "牵头单位",
    "责任单位",
    "完成期限",
    "进度(%)",
    "状态",
    "最近更新",
    "已验收",
]


def board_meanings(year_over: bool = False) -> dict[str, str]:
    """{colour: meaning} of every state a card of the board can show, best first, for the legend, the
    status filter and the counts: the five pace words while the year runs; once it is over, what
    became of the projects (a pace word such as 略有滞后 says nothing of a year that is closed)."""
    return dict(YEAR_OVER_MEANING if year_over else PUBLIC_MEANING)


def legend(year_over: bool = False) -> list[tuple[str, str, str]]:
    """(colour, word, meaning) of each state a card can show, in the cards' own words: the legend
    (颜色说明) and the options of the status filter."""
    return [(c, COLOUR_WORDS[c][0], meaning) for c, meaning in board_meanings(year_over).items()]


def colour_label(colour: str, year_over: bool = False) -> str:
    """ "绿 正常推进" (a year that is over: "绿 已完成，待验收"): the colour's word and what it means."""
    return f"{COLOUR_WORDS[colour][0]} {board_meanings(year_over)[colour]}"


def number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value.normalize())


def plain(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


@dataclass(frozen=True)
class Target:
    text: str
    target: Decimal
    unit: str
    comparator: str = "="
    actual: Decimal | None = None  # the latest approved cumulative value

    @property
    def target_text(self) -> str:
        return plain(self.target)

    @property
    def actual_text(self) -> str:
        return plain(self.actual)


@dataclass(frozen=True)
class PublicRow:
    """One project as the public sees it."""

    pk: int
    seq: str
    category: str
    name: str
    content: str
    lead_units: tuple[str, ...]
    co_units: tuple[str, ...]
    deadline: datetime.date | None
    progress: int  # percent, 0..100
    colour: str
    last_update: datetime.date | None
    accepted: bool
    targets: tuple[Target, ...] = field(default_factory=tuple)
    finished: bool = False  # its targets and milestones are all met
    year_over: bool = False  # the board looks at the plan's last day or after it

    @property
    def colour_word(self) -> str:
        return COLOUR_WORDS[self.colour][0]

    @property
    def colour_meaning(self) -> str:
        """What the colour says; once the year is over, what became of a project not accepted (a pace
        word such as 略有滞后 says nothing of a year that is closed)."""
        if self.year_over and not self.accepted:
            return YEAR_OVER_FINISHED if self.finished else YEAR_OVER_UNFINISHED
        return COLOUR_WORDS[self.colour][1]

    @property
    def colour_label(self) -> str:
        return f"{self.colour_word} {self.colour_meaning}"


def year_over_colour(status) -> str:
    """A project's colour once its plan's year is over: accepted 蓝, finished and awaiting acceptance 绿
    (a late report no longer says anything of a closed year), any other 红 — the year ended without it,
    however close it came."""
    if status is None:
        return "red"
    if status.colour == "blue":
        return "blue"
    return "green" if status.finished else "red"


def make_row(project: dict, status, targets, last_update, year_over: bool = False) -> PublicRow:
    """A public row from the project's facts (a dict of plain values), its status (only colour,
    progress and whether it is finished are read: the reasons stay inside), its targets with their
    latest approved values, the day of its last approved report, and whether the year is over."""
    return PublicRow(
        pk=project["pk"],
        seq=project["seq"],
        category=project.get("category") or "",
        name=project["name"],
        content=project.get("content", ""),
        lead_units=tuple(project.get("lead_units", ())),
        co_units=tuple(project.get("co_units", ())),
        deadline=project.get("deadline"),
        progress=max(0, min(100, round(status.progress * 100))) if status else 0,
        colour=year_over_colour(status) if year_over else (status.colour if status else "green"),
        last_update=last_update,
        accepted=bool(status and status.colour == "blue"),
        targets=tuple(targets),
        finished=bool(status and status.finished),
        year_over=year_over,
    )


def colour_counts(rows, year_over: bool = False) -> list[dict]:
    """Each colour a card can show with its words and how many projects have it, in the fixed order
    blue → red (a year that is over: only its own states, in its own words)."""
    meanings = board_meanings(year_over)
    counts = dict.fromkeys(meanings, 0)
    for row in rows:
        counts[row.colour] = counts.get(row.colour, 0) + 1
    return [
        {"colour": c, "word": COLOUR_WORDS[c][0], "meaning": meaning, "count": counts[c]}
        for c, meaning in meanings.items()
    ]


def overall_progress(rows) -> int:
    return round(sum(r.progress for r in rows) / len(rows)) if rows else 0


def summary_sentence(rows) -> str:
    """The plan in words: "共 20 个项目，已完成验收 2 个，正常推进 12 个…，平均进度 56%。"."""
    if not rows:
        return "本计划暂无项目。"
    meanings: dict[str, int] = {}  # in the order of the colours; once the year is over, its own words
    for c in COLOUR_ORDER:
        for row in rows:
            if row.colour == c:
                meanings[row.colour_meaning] = meanings.get(row.colour_meaning, 0) + 1
    parts = [f"{meaning} {count} 个" for meaning, count in meanings.items()]
    return f"共 {len(rows)} 个项目，其中{'，'.join(parts)}；平均进度 {overall_progress(rows)}%。"


def matches(row: PublicRow, q: str) -> bool:
    q = q.casefold()
    texts = [row.name, row.content, row.seq, *row.lead_units, *row.co_units, *(t.text for t in row.targets)]
    return any(q in text.casefold() for text in texts)


def filter_colour(colour: str, year_over: bool = False) -> str:
    """The status filter's colour if the board offers it (a year that is over has no 黄), else "" (all)."""
    return colour if colour in board_meanings(year_over) else ""


def filter_rows(rows, colour: str = "", category: str = "", q: str = "") -> list[PublicRow]:
    return [
        r
        for r in rows
        if (not colour or r.colour == colour)
        and (not category or r.category == category)
        and (not q or matches(r, q))
    ]


def group_by_category(rows) -> list[tuple[str, list[PublicRow]]]:
    groups: list[tuple[str, list[PublicRow]]] = []
    for row in rows:
        if not groups or groups[-1][0] != row.category:
            groups.append((row.category, []))
        groups[-1][1].append(row)
    return groups


# ── open data ───────────────────────────────────────────────────────────────────────────────────────


def _date(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


def csv_bytes(rows) -> bytes:
    """UTF-8 with a BOM (Excel then reads the Chinese), a Chinese header row, one row per project."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADERS)
    for r in rows:
        writer.writerow(
            csv_cell(v)
            for v in (
                r.seq,
                r.category,
                r.name,
                "；".join(t.text for t in r.targets),
                "、".join(r.lead_units),
                "、".join(r.co_units),
                _date(r.deadline),
                r.progress,
                r.colour_label,
                _date(r.last_update) or "暂无",
                "是" if r.accepted else "否",
            )
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def json_data(plan: dict, as_of: datetime.date, rows) -> dict:
    return {
        "plan": plan,
        "as_of": as_of.isoformat(),
        "projects": [
            {
                "seq": r.seq,
                "category": r.category,
                "name": r.name,
                "targets": [
                    {"text": t.text, "target": number(t.target), "unit": t.unit, "actual": number(t.actual)}
                    for t in r.targets
                ],
                "lead_units": list(r.lead_units),
                "co_units": list(r.co_units),
                "deadline": _date(r.deadline) or None,
                "progress": r.progress,
                "colour": r.colour,
                "colour_label": r.colour_label,
                "last_update": _date(r.last_update) or None,
                "accepted": r.accepted,
            }
            for r in rows
        ],
    }


def json_bytes(plan: dict, as_of: datetime.date, rows) -> bytes:
    return json.dumps(json_data(plan, as_of, rows), ensure_ascii=False, indent=1).encode("utf-8")
