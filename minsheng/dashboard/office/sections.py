"""The dashboard's sections as plain data: each a chart (ECharts options the page hands to the bundled ECharts, with a description in words) and the table beside it — colours, progress, categories, regions, the month-end trend and the units' timeliness, and the project tables. The figures they show are computed in rules.py."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from minsheng.dashboard.office.rules import (
    EXPECTED_HEX,
    ORDER,
    PROGRESS_HEX,
    WORST,
    Item,
    Place,
    Summary,
    by_category,
    by_region,
    counts_text,
    day_label,
    pct,
    pct_text,
    timeliness,
)
from minsheng.supervision.status.rules import COLOURS

MIDDLE = {"nameLocation": "middle", "nameGap": 26}  # an x axis name under the axis, never clipped


@dataclass
class Cell:
    text: str
    href: str = ""
    colour: str = ""  # a status colour: the template shows the badge with its text label
    num: bool = False

    @property
    def colour_label(self) -> str:
        return COLOURS[self.colour].label if self.colour in COLOURS else ""


@dataclass
class Table:
    caption: str
    head: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    wide: bool = False  # a list of projects: scrolls sideways on a phone rather than squeeze its names


def _base(description: str) -> dict:
    return {
        "aria": {"enabled": True, "label": {"description": description}},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "grid": {"left": 8, "right": 16, "top": 40, "bottom": 8, "containLabel": True},
    }


def _colour_series(summaries) -> list[dict]:
    return [
        {
            "name": f"{COLOURS[c].label}（{COLOURS[c].meaning}）",
            "type": "bar",
            "stack": "n",
            "itemStyle": {"color": COLOURS[c].hex},
            "label": {"show": True, "formatter": "{c}"},
            "data": [s.counts[c] or None for s in summaries],
        }
        for c in ORDER
    ]


def colour_chart(summary: Summary, description: str) -> dict:
    option = _base(description)
    labels = [f"{COLOURS[c].label}\n{COLOURS[c].meaning}" for c in ORDER]
    option["xAxis"] = {"type": "category", "data": labels, "axisLabel": {"interval": 0}}
    option["yAxis"] = {"type": "value", "minInterval": 1, "name": "项目数"}
    option["series"] = [
        {
            "type": "bar",
            "name": "项目数",
            "label": {"show": True, "position": "top"},
            "data": [{"value": summary.counts[c], "itemStyle": {"color": COLOURS[c].hex}} for c in ORDER],
        }
    ]
    return option


def progress_chart(summary: Summary, description: str) -> dict:
    option = _base(description)
    option["xAxis"] = {"type": "value", "max": 100, "axisLabel": {"formatter": "{value}%"}}
    option["yAxis"] = {"type": "category", "data": ["序时进度", "实际完成"], "inverse": True}
    option["series"] = [
        {
            "type": "bar",
            "name": "平均",
            "label": {"show": True, "position": "right", "formatter": "{c}%"},
            "data": [
                {"value": pct(summary.expected), "itemStyle": {"color": EXPECTED_HEX}},
                {"value": pct(summary.progress), "itemStyle": {"color": PROGRESS_HEX}},
            ],
        }
    ]
    return option


def stacked_chart(labels: list[str], summaries: list[Summary], description: str) -> dict:
    option = _base(description)
    option["legend"] = {"top": 0, "type": "scroll"}
    option["xAxis"] = {"type": "value", "minInterval": 1, "name": "项目数", **MIDDLE}
    option["grid"]["bottom"] = 30  # room for the axis name
    option["yAxis"] = {
        "type": "category",
        "data": labels,
        "inverse": True,
        "axisLabel": {"width": 140, "overflow": "truncate"},
    }
    option["series"] = _colour_series(summaries)
    return option


def trend_chart(labels: list[str], summaries: list[Summary], description: str) -> dict:
    option = _base(description)
    option["legend"] = {"top": 0, "type": "scroll"}
    option["grid"]["top"] = 56
    option["xAxis"] = {"type": "category", "data": labels}
    option["yAxis"] = [
        {"type": "value", "name": "进度 %", "max": 100},
        {"type": "value", "name": "项目数", "minInterval": 1, "splitLine": {"show": False}},
    ]
    bars = _colour_series(summaries)
    for bar in bars:
        bar["yAxisIndex"] = 1
        bar["label"] = {"show": False}
        bar["itemStyle"]["opacity"] = 0.55
    lines = [
        {
            "name": "平均完成",
            "type": "line",
            "data": [pct(s.progress) for s in summaries],
            "itemStyle": {"color": PROGRESS_HEX},
            "symbol": "circle",
            "symbolSize": 7,
        },
        {
            "name": "平均序时",
            "type": "line",
            "data": [pct(s.expected) for s in summaries],
            "itemStyle": {"color": EXPECTED_HEX},
            "lineStyle": {"type": "dashed"},
            "symbol": "triangle",
            "symbolSize": 8,
        },
    ]
    option["series"] = bars + lines
    return option


def timeliness_chart(rows: list[dict], description: str) -> dict:
    option = _base(description)
    option["legend"] = {"top": 0}
    option["xAxis"] = {"type": "value", "max": 100, "axisLabel": {"formatter": "{value}%"}}
    option["yAxis"] = {
        "type": "category",
        "data": [r["unit"] for r in rows],
        "inverse": True,
        "axisLabel": {"width": 140, "overflow": "truncate"},
    }
    option["series"] = [
        {
            "name": "完整率",
            "type": "bar",
            "itemStyle": {"color": PROGRESS_HEX},
            "data": [pct(r["completeness"]) for r in rows],
        },
        {
            "name": "及时率",
            "type": "bar",
            "itemStyle": {"color": EXPECTED_HEX},
            "data": [pct(r["timeliness"]) for r in rows],
        },
    ]
    return option


def height(rows: int) -> int:
    """Pixels for a chart of horizontal bars, so long lists of categories stay readable."""
    return max(240, 34 * rows + 90)


@dataclass
class Chart:
    key: str  # the DOM id of the chart's JSON
    title: str
    summary: str  # the chart in one sentence: its aria-label
    option: dict
    table: Table
    height: int = 280
    more: Table | None = None  # a longer table, behind a <details>


def _colour_cells(summary: Summary) -> list[Cell]:
    return [Cell(str(summary.counts[c]), num=True) for c in ORDER]


COLOUR_HEAD = [f"{COLOURS[c].label}（{COLOURS[c].meaning}）" for c in ORDER]


def colour_section(summary: Summary) -> Chart:
    text = f"共 {summary.n} 个项目：{counts_text(summary)}。"
    table = Table("各颜色项目数", ["颜色", "项目数", "占比"])
    for c in ORDER:
        share = pct_text(summary.counts[c] / summary.n) if summary.n else "—"
        table.rows.append(
            [
                Cell(COLOURS[c].meaning, colour=c),
                Cell(str(summary.counts[c]), num=True),
                Cell(share, num=True),
            ]
        )
    return Chart("chart-colours", "项目状态分布", text, colour_chart(summary, text), table)


def progress_section(summary: Summary) -> Chart:
    gap = summary.gap
    behind = (
        f"落后序时 {gap:g} 个百分点"
        if gap > 0
        else (f"超前序时 {-gap:g} 个百分点" if gap < 0 else "与序时持平")
    )
    text = f"{summary.n} 个项目平均完成 {pct_text(summary.progress)}，平均序时进度 {pct_text(summary.expected)}，{behind}。"
    table = Table("平均完成与序时进度", ["指标", "数值"])
    table.rows = [
        [Cell("项目数"), Cell(str(summary.n), num=True)],
        [Cell("平均完成"), Cell(pct_text(summary.progress), num=True)],
        [Cell("平均序时进度"), Cell(pct_text(summary.expected), num=True)],
        [Cell("差距"), Cell(behind)],
    ]
    return Chart("chart-progress", "总体进度", text, progress_chart(summary, text), table, height=180)


def _group_table(caption: str, first: str, rows) -> Table:
    table = Table(caption, [first, "项目数", *COLOUR_HEAD, "平均完成", "平均序时"], wide=True)
    for label, summary, href in rows:
        table.rows.append(
            [
                Cell(label, href=href),
                Cell(str(summary.n), num=True),
                *_colour_cells(summary),
                Cell(pct_text(summary.progress), num=True),
                Cell(pct_text(summary.expected), num=True),
            ]
        )
    return table


def category_section(items: list[Item]) -> Chart:
    groups = by_category(items)
    names = [name for name, _ in groups]
    worst = max(groups, key=lambda g: (g[1].counts["red"], g[1].gap), default=None)
    text = f"{len(groups)} 个类别。"
    if worst and worst[1].counts["red"]:
        text += f"红色项目最多的类别：{worst[0]}（{worst[1].counts['red']} 个）。"
    elif worst and worst[1].gap > 0:
        text += f"落后序时最多的类别：{worst[0]}（{worst[1].gap:g} 个百分点）。"
    table = _group_table("各类别项目状态与平均进度", "类别", [(n, s, "") for n, s in groups])
    option = stacked_chart(names, [s for _, s in groups], text)
    return Chart("chart-categories", "按类别", text, option, table, height=height(len(groups)))


def region_section(
    items: list[Item], region: Place, children: Iterable[Place], link: Callable[[Place], str]
) -> Chart:
    """`link(region)` gives the drill-down address of a child region."""
    rows = by_region(items, region, children)
    labels = [f"{r.name}（合计）" if r is region else r.name for r, _ in rows]
    whole = rows[0][1]
    text = f"{region.name}合计 {whole.n} 个项目（{counts_text(whole)}）"
    text += f"；下辖 {len(rows) - 1} 个区划有计划。" if len(rows) > 1 else "；下级区划没有计划。"
    table = _group_table(
        "各区划项目状态与平均进度（含下级）",
        "区划",
        [(label, s, "" if r is region else link(r)) for label, (r, s) in zip(labels, rows, strict=True)],
    )
    option = stacked_chart(labels, [s for _, s in rows], text)
    return Chart("chart-regions", "按区划", text, option, table, height=height(len(rows)))


def trend_section(points: list[tuple[datetime.date, Summary]]) -> Chart:
    labels = [day_label(day, i == len(points) - 1) for i, (day, _) in enumerate(points)]
    if points:
        first, last = points[0][1], points[-1][1]
        text = (
            f"{labels[0]}至{labels[-1]}，平均完成由 {pct_text(first.progress)} 到 {pct_text(last.progress)}，"
            f"平均序时由 {pct_text(first.expected)} 到 {pct_text(last.expected)}；"
            f"{labels[-1]}红色 {last.counts['red']} 个、绿色 {last.counts['green']} 个"
            + (f"，较上月末补齐 {last.caught_up} 个。" if last.caught_up else "。")
        )
    else:
        text = "没有可显示的月份。"
    table = Table(
        "各月末项目状态与平均进度", ["截至", *COLOUR_HEAD, "当月补齐", "平均完成", "平均序时"], wide=True
    )
    for (day, s), label in zip(points, labels, strict=True):
        table.rows.append(
            [
                Cell(f"{day.year}年{label}"),
                *_colour_cells(s),
                Cell(str(s.caught_up), num=True),
                Cell(pct_text(s.progress), num=True),
                Cell(pct_text(s.expected), num=True),
            ]
        )
    option = trend_chart(labels, [s for _, s in points], text)
    return Chart("chart-trend", "月度趋势", text, option, table, height=340)


def _unit_table(caption: str, rows: list[dict]) -> Table:
    table = Table(caption, ["牵头单位", "应报", "已报", "按时", "完整率", "及时率"])
    for r in rows:
        table.rows.append(
            [
                Cell(r["unit"]),
                Cell(str(r["expected"]), num=True),
                Cell(str(r["received"]), num=True),
                Cell(str(r["on_time"]), num=True),
                Cell(r["completeness_text"], num=True),
                Cell(r["timeliness_text"], num=True),
            ]
        )
    return table


def timeliness_section(tallies) -> tuple[Chart, dict]:
    total, worst = timeliness(tallies)
    text = (
        f"月报应报 {total['expected']} 期，已报 {total['received']} 期，按时 {total['on_time']} 期；"
        f"完整率 {total['completeness_text']}，及时率 {total['timeliness_text']}。"
    )
    top = worst[:WORST]
    chart = Chart(
        "chart-timeliness",
        "报送及时率",
        text,
        timeliness_chart(top, text),
        _unit_table(f"完整率、及时率最低的 {len(top)} 个单位", top),
        height=height(len(top)),
        more=_unit_table(f"全部 {len(worst)} 个牵头单位", worst) if len(worst) > WORST else None,
    )
    return chart, total


def project_table(caption: str, items: list[Item], with_region: bool = False) -> Table:
    head = ["序号", "颜色", "项目", "牵头单位", "完成", "序时", "差距"]  # the colour early: seen on a phone
    table = Table(caption, ["区划", *head] if with_region else head, wide=True)
    for i in items:
        s = i.status
        gap = f"落后 {s.gap:g} 点" if s.gap > 0 else (f"超前 {-s.gap:g} 点" if s.gap < 0 else "持平")
        row = [
            Cell(i.seq),
            Cell(COLOURS[s.colour].meaning, colour=s.colour),
            Cell(i.name, href=i.url),
            Cell(i.lead or "—"),
            Cell(pct_text(s.progress), num=True),
            Cell(pct_text(s.expected), num=True),
            Cell(gap, num=True),
        ]
        table.rows.append([Cell(i.region_name), *row] if with_region else row)
    return table
