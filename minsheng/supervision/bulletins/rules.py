"""The monthly bulletin (通报) as plain functions: from the facts of a plan at a month's end to the six
sections of the bulletin — 一、总体情况 二、进展较快的项目 三、进展滞后的项目 四、存在的问题 五、报送情况
六、下步工作 — each a generated text the office may edit, plus the figures (counts by colour, overall
progress, the full progress table, the reporting ranking) that stay as generated. No ORM, no clock.

The result is what `Bulletin.sections` stores (JSON):
    {"version": 1, "month": "2024-06", "as_of": "2024-06-30", "issuer": "…督查室",
     "sections": [{"key": "overview", "heading": "一、总体情况", "text": "…"}, …],
     "figures": {"counts": {"blue": 0, …}, "total": 30, "progress": 0.48, "expected": 0.49,
                 "table": [{"seq", "name", "lead", "progress", "expected", "colour"}, …],
                 "reporting": [{"unit", "expected", "received", "on_time"}, …]}}
"""

import datetime

from minsheng.core.dates import chinese_date
from minsheng.core.errors import DomainError
from minsheng.reporting.calendar import rules as calendar
from minsheng.supervision.bulletins.facts import BulletinFacts, ProjectLine, UnitReporting
from minsheng.supervision.status.rules import COLOURS

SECTIONS = [
    ("overview", "一、总体情况"),
    ("ahead", "二、进展较快的项目"),
    ("behind", "三、进展滞后的项目"),
    ("problems", "四、存在的问题"),
    ("reporting", "五、报送情况"),
    ("next_steps", "六、下步工作"),
]
HEADINGS = dict(SECTIONS)
COLOUR_NAMES = {c: f"{colour.name}（{colour.meaning}）" for c, colour in COLOURS.items()}  # 红色（严重滞后）
BEHIND_COLOURS = ("red", "orange", "yellow")
AHEAD_POINTS = 5.0  # ahead of pace by at least this many points counts as 进展较快
MAX_SECTION_CHARS = 6000
VERSION = 1


class BulletinError(DomainError, ValueError):
    """A refusal in Chinese: `.messages` lists what is wrong; `.code` is "invalid" for bad input (422),
    "conflict" when the bulletin's state forbids the step (a published month, 409)."""

    default_message = "通报未能生成或保存。"

    def __init__(self, *messages: str, code: str = "invalid"):
        super().__init__(*messages, code=code, status=409 if code == "conflict" else 422)


# ---------------------------------------------------------------- months


def month_choice(key: str, plan_year: int, today: datetime.date) -> tuple[calendar.Period, datetime.date]:
    """The month a bulletin may be generated for, and the day its figures are taken on (the month's
    last day, or today while the month is running)."""
    key = (key or "").strip()
    try:
        period = calendar.parse_period(key)
    except calendar.PeriodError:
        period = None
    if period is None or period.kind != calendar.MONTH:
        raise BulletinError(f"月份“{key}”格式不对，应如 {plan_year}-06。")
    if period.start.year != plan_year:
        raise BulletinError(f"本计划为{plan_year}年度，只能生成{plan_year}年1月至12月的通报。")
    if period.start > today:
        raise BulletinError(f"{period.label}尚未开始，不能生成该月通报。")
    return period, min(period.end, today)


def default_month(plan_year: int, today: datetime.date) -> str | None:
    """The previous month of today, kept inside the plan's year; None before the year begins."""
    if plan_year > today.year:
        return None
    if plan_year < today.year:
        return f"{plan_year}-12"
    previous = today.replace(day=1) - datetime.timedelta(days=1)
    return f"{plan_year}-{previous.month if previous.year == plan_year else 1:02d}"  # January: itself


def month_label(key: str) -> str:
    year, month = key.split("-")
    return f"{int(year)}年{int(month)}月"


# ---------------------------------------------------------------- wording


def percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def scope_word(region: str) -> str:
    """全市 for 济宁市, 全县 for 微山县, 全区 for 济宁高新区; the name otherwise."""
    return f"全{region[-1]}" if region and region[-1] in "市县区" else region


def default_title(region: str, key: str) -> str:
    year, month = (int(x) for x in key.split("-"))
    return f"关于{year}年{month}月份{scope_word(region)}重点民生实事项目进展情况的通报"


def default_number(key: str) -> str:
    year, month = (int(x) for x in key.split("-"))
    return f"{year}年第{month}期"


def _points(value: float) -> str:
    return f"{abs(value):.1f}"


def colour_counts(projects) -> dict[str, int]:
    counts = dict.fromkeys(COLOURS, 0)
    for p in projects:
        counts[p.colour] += 1
    return counts


def overall(projects) -> tuple[float, float]:
    """Mean progress and mean expected progress of the projects (0 for none)."""
    if not projects:
        return 0.0, 0.0
    n = len(projects)
    return sum(p.progress for p in projects) / n, sum(p.expected for p in projects) / n


def ahead(projects, points: float = AHEAD_POINTS) -> list[ProjectLine]:
    """Projects finished or at least `points` ahead of pace (and not flagged), most ahead first."""
    rows = [p for p in projects if p.colour in ("blue", "green") and (p.finished or -p.gap >= points)]
    return sorted(rows, key=lambda p: (not p.finished, p.gap, p.seq))


def behind(projects) -> dict[str, list[ProjectLine]]:
    """Projects rated 红, 橙 or 黄, by colour, furthest behind first."""
    return {
        colour: sorted((p for p in projects if p.colour == colour), key=lambda p: (-p.gap, p.seq))
        for colour in BEHIND_COLOURS
    }


def _label(p: ProjectLine) -> str:
    return f"{p.name}（牵头单位：{p.lead or '未明确'}）"


def overview_text(facts: BulletinFacts) -> str:
    projects = facts.projects
    counts = colour_counts(projects)
    done, expected = overall(projects)
    diff = (done - expected) * 100
    pace = (
        "与序时进度基本持平"
        if abs(diff) < 0.05
        else f"{'快于' if diff > 0 else '落后'}序时进度{_points(diff)}个百分点"
    )
    finished = sum(p.finished for p in projects)
    colours = "，".join(f"{COLOUR_NAMES[c]}{n}项" for c, n in counts.items())
    lines = [
        f"截至{chinese_date(facts.as_of)}，{scope_word(facts.region)}{facts.year}年{len(projects)}项重点民生实事项目"
        f"总体完成进度{percent(done)}，序时进度{percent(expected)}，{pace}。"
        + (f"其中，已完成年度目标任务的项目{finished}项。" if finished else ""),
        f"按照五色督办标准，{colours}。",
    ]
    return "\n".join(lines)


def ahead_text(facts: BulletinFacts) -> str:
    rows = ahead(facts.projects)
    if not rows:
        return f"本期没有完成进度超过序时进度{AHEAD_POINTS:g}个百分点以上的项目。"
    lines = [
        f"以下{len(rows)}个项目已完成年度目标或完成进度超过序时进度{AHEAD_POINTS:g}个百分点以上，予以表扬："
    ]
    for n, p in enumerate(rows, start=1):
        how = "已完成年度目标任务" if p.finished else f"快于序时进度{_points(p.gap)}个百分点"
        lines.append(f"{n}. {_label(p)}：完成进度{percent(p.progress)}，{how}。")
    return "\n".join(lines)


def caught_up(projects) -> list[ProjectLine]:
    """The projects behind at the month end before and back on pace now (补齐)."""
    return [p for p in projects if p.previous_colour in BEHIND_COLOURS and p.colour not in BEHIND_COLOURS]


def caught_up_text(facts: BulletinFacts) -> str:
    rows = caught_up(facts.projects)
    if not rows:
        return ""
    named = "、".join(f"{p.name}（上月末{COLOURS[p.previous_colour].name}）" for p in rows)
    return f"与上月末相比，以下{len(rows)}个项目已补齐序时进度：{named}。"


def behind_text(facts: BulletinFacts) -> str:
    made_up = caught_up_text(facts)
    groups = behind(facts.projects)
    total = sum(len(rows) for rows in groups.values())
    if not total:
        return "\n".join(filter(None, ["本期没有进展滞后的项目，各项目均按序时进度推进。", made_up]))
    lines = [f"以下{total}个项目进展滞后或存在报送逾期，请牵头单位高度重视，加快推进："]
    for colour, rows in groups.items():
        if not rows:
            continue
        lines.append(f"{COLOUR_NAMES[colour]}{len(rows)}项：")
        for n, p in enumerate(rows, start=1):
            why = "；".join(p.reasons) or "进度偏慢"
            line = f"{n}. {_label(p)}：完成进度{percent(p.progress)}，序时进度{percent(p.expected)}，{why}。"
            if p.lag_reason:
                line += f"单位说明：{p.lag_reason.strip()}"
            lines.append(line)
    interviewed = [p for p in facts.projects if p.interviewed]
    if interviewed:
        lines.append(
            "以下项目连续两个月落后序时进度，已下发警示督办单，约谈牵头单位负责人："
            + "、".join(f"{p.name}（{p.lead}）" for p in interviewed)
            + "。"
        )
    named = [p for p in facts.projects if p.named]
    if named:
        lines.append(
            "经督查室确认，以下项目三季度末仍落后序时进度，予以通报批评："
            + "、".join(p.name for p in named)
            + "。"
        )
    if made_up:
        lines.append(made_up)
    return "\n".join(lines)


def problems_text(facts: BulletinFacts) -> str:
    if not facts.problems:
        return "本期各项目未报告尚待整改的问题。"
    lines = [f"各牵头单位报告、督查发现尚未整改到位的问题{len(facts.problems)}个："]
    for n, item in enumerate(facts.problems, start=1):
        deadline = f"，整改时限{chinese_date(item.deadline)}" if item.deadline else ""
        unit = f"（责任单位：{item.unit}{deadline}，{item.state}）" if item.unit else f"（{item.state}）"
        lines.append(f"{n}. {item.project}：{item.description.strip()}{unit}")
    return "\n".join(lines)


def ranked_reporting(rows) -> list[UnitReporting]:
    """Best timeliness first, then completeness, then the unit's name; units with nothing due last."""
    return sorted(rows, key=lambda t: (t.expected == 0, -t.timeliness, -t.completeness, t.unit))


def reporting_text(facts: BulletinFacts) -> str:
    rows = [r for r in ranked_reporting(facts.reporting) if r.expected]
    if not rows:
        return f"截至{chinese_date(facts.as_of)}，尚无到期的月报。"
    expected = sum(r.expected for r in rows)
    received = sum(r.received for r in rows)
    on_time = sum(r.on_time for r in rows)
    lines = [
        f"截至{chinese_date(facts.as_of)}，{len(rows)}家牵头单位应报月报{expected}份，实报{received}份，"
        f"按时报送{on_time}份，报送完整率{percent(received / expected)}，及时率{percent(on_time / expected)}。"
    ]
    perfect = [r for r in rows if r.on_time == r.expected]
    lagging = [r for r in rows if r.on_time < r.expected]
    if perfect:
        lines.append(f"全部按时报送的单位{len(perfect)}家：{'、'.join(r.unit for r in perfect)}。")
    if lagging:
        parts = []
        for r in lagging:
            missing, late = r.expected - r.received, r.received - r.on_time
            what = "，".join(
                x for x in (f"漏报{missing}份" if missing else "", f"迟报{late}份" if late else "") if x
            )
            parts.append(f"{r.unit}（及时率{percent(r.timeliness)}，{what}）")
        lines.append("按及时率由低到高，存在迟报、漏报的单位：" + "、".join(reversed(parts)) + "。")
    return "\n".join(lines)


def next_steps_text(facts: BulletinFacts) -> str:
    groups = behind(facts.projects)
    lagging = [p for rows in groups.values() for p in rows]
    red = "、".join(p.name for p in groups["red"])
    steps = [
        f"加快滞后项目推进。对进展滞后的{len(lagging)}个项目，{f'特别是{red}等红色预警项目，' if red else ''}"
        "牵头单位要逐项分析原因，制定赶超措施，明确完成时限，确保尽快追上序时进度。"
        if lagging
        else "保持推进力度。各牵头单位要对照年度目标和序时进度，持续压茬推进，确保项目按期完成。"
    ]
    if facts.problems:
        steps.append(
            f"抓好问题整改。对本期梳理的{len(facts.problems)}个问题，责任单位要按照整改措施和时限逐项整改到位，"
            "督查室将跟踪核验整改情况。"
        )
    due = facts.next_report_due
    when = f"于{due.month}月{due.day}日前报送{due.month}月" if due else "按时报送"
    steps.append(
        f"严格报送纪律。各牵头单位要{when}进展情况，如实填报完成数据、存在问题和下步打算，进度落后的须说明原因。"
    )
    if int(facts.month[5:]) >= 9:
        steps.append("做好年底攻坚。年底前未完成的项目须书面说明原因，提出整改计划和新的完成时限。")
    return "\n".join(f"（{'一二三四五'[n]}）{text}" for n, text in enumerate(steps))


WRITERS = {
    "overview": overview_text,
    "ahead": ahead_text,
    "behind": behind_text,
    "problems": problems_text,
    "reporting": reporting_text,
    "next_steps": next_steps_text,
}


# ---------------------------------------------------------------- the stored shape


def compose(facts: BulletinFacts) -> dict:
    """The bulletin's sections and figures, ready for `Bulletin.sections`."""
    done, expected = overall(facts.projects)
    return {
        "version": VERSION,
        "month": facts.month,
        "as_of": facts.as_of.isoformat(),
        "issuer": facts.issuer,
        "sections": [
            {"key": key, "heading": heading, "text": WRITERS[key](facts)} for key, heading in SECTIONS
        ],
        "figures": {
            "counts": colour_counts(facts.projects),
            "total": len(facts.projects),
            "progress": round(done, 4),
            "expected": round(expected, 4),
            "table": [
                {
                    "seq": p.seq,
                    "name": p.name,
                    "lead": p.lead,
                    "progress": round(p.progress, 4),
                    "expected": round(p.expected, 4),
                    "colour": p.colour,
                }
                for p in facts.projects
            ],
            "reporting": [
                {"unit": r.unit, "expected": r.expected, "received": r.received, "on_time": r.on_time}
                for r in ranked_reporting(facts.reporting)
            ],
        },
    }


def texts(sections: dict) -> dict[str, str]:
    """{section key: text} of a stored bulletin."""
    return {s["key"]: s.get("text", "") for s in sections.get("sections", [])}


def with_texts(sections: dict, edited: dict[str, str]) -> dict:
    """The stored bulletin with the office's texts in place of the generated ones; figures unchanged.
    Every section must keep some text."""
    errors = []
    out = []
    for item in sections.get("sections", []):
        text = edited.get(item["key"], item.get("text", ""))
        text = "\n".join(line.rstrip() for line in (text or "").replace("\r\n", "\n").split("\n")).strip()
        if not text:
            errors.append(f"“{item['heading']}”不能为空。")
        elif len(text) > MAX_SECTION_CHARS:
            errors.append(f"“{item['heading']}”不能超过{MAX_SECTION_CHARS}字。")
        out.append({**item, "text": text})
    if errors:
        raise BulletinError(*errors)
    return {**sections, "sections": out}
