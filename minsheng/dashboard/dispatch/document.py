"""The ten-day dispatch as a Word document (python-docx): "民生实事旬调度情况" — the region, the window, the
summary sentence and the four tables (新报送, 状态变化, 新问题, 逾期事项), an empty one replaced by its
"本旬无…" sentence. Fonts and table borders as in the bulletin (supervision/bulletins/document.py): the
Chinese face set through w:eastAsia, the official faces when the machine has them."""

import io
from dataclasses import dataclass

from minsheng.dashboard.dispatch import rules as dispatch
from minsheng.dashboard.dispatch.queries import Dispatch
from minsheng.notices.writers.word import _repeat_as_header, _set_table_borders
from minsheng.supervision.bulletins.document import (
    _paragraph,
    _run,
    _shade,
    a4_document,
)
from minsheng.supervision.status.rules import COLOURS

TITLE = "民生实事旬调度情况"
BODY_PT, TABLE_PT = 14, 10.5


@dataclass(frozen=True)
class Table:
    heading: str
    header: tuple[str, ...]
    rows: list[list[str]]
    empty: str
    widths_cm: tuple[float, ...]
    tints: tuple[str, ...] = ()  # per row, the colour to shade the last cell with ("" for none)


def _project(p) -> str:
    return f"{p.plan.region.name} {p.seq}. {p.name}"


def _date(day) -> str:
    return f"{day:%Y-%m-%d}" if day else "—"


def _time(moment) -> str:
    from django.utils import timezone

    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else "—"


def tables(data: Dispatch) -> list[Table]:
    """The four tables as printed (plain strings), in the page's order."""
    overdue = [
        ["逾期未报月报", f"逾期月报{n}份", _project(p), p.lead_names or "—", "—"]
        for p, n in data.late_projects
    ]
    overdue += [
        [
            "逾期未整改问题",
            x.description,
            _project(x.item),
            x.responsible_unit.name if x.responsible_unit else "—",
            f"{_date(x.deadline)}（逾期{x.late_days}天）",
        ]
        for x in data.late_problems
    ]
    overdue += [
        [
            "逾期未回复督办单",
            n.number or "督办单",
            _project(n.item),
            n.unit.name,
            f"{_date(n.respond_by)}（逾期{n.late_days}天）",
        ]
        for n in data.late_orders
    ]
    return [
        Table(
            f"一、新报送（月报{len(data.submitted)}份）",
            ("项目", "牵头单位", "周期", "提交时间", "状态"),
            [
                [
                    _project(r.item),
                    r.item.lead_names or "—",
                    r.period,
                    _time(r.submitted_at),
                    r.get_state_display(),
                ]
                for r in data.submitted
            ],
            "本旬无新报送的月报。",
            (5.6, 3.2, 1.8, 3.0, 2.0),
        ),
        Table(
            f"二、状态变化（变差{len(data.worsened)}个，好转{len(data.improved)}个）",
            ("项目", "牵头单位", "原颜色", "现颜色", "趋势"),
            [
                [
                    _project(p),
                    p.lead_names or "—",
                    COLOURS[c.before].name,
                    COLOURS[c.after].name,
                    "变差" if c.worsened else "好转",
                ]
                for c, p in data.changes
            ],
            "本旬无状态变化的项目。",
            (6.4, 3.6, 1.8, 1.8, 2.0),
            tuple(COLOURS[c.after].tint for c, _ in data.changes),
        ),
        Table(
            f"三、新问题（{len(data.problems)}条）",
            ("问题", "来源", "项目", "责任单位", "整改时限", "状态"),
            [
                [
                    x.description,
                    x.get_source_display(),
                    _project(x.item),
                    x.responsible_unit.name if x.responsible_unit else "—",
                    _date(x.deadline),
                    x.get_state_display(),
                ]
                for x in data.problems
            ],
            "本旬无新问题。",
            (4.4, 1.8, 3.6, 2.6, 2.0, 1.6),
        ),
        Table(
            f"四、逾期事项（{data.overdue_count}项）",
            ("类别", "事项", "项目", "责任单位", "时限"),
            overdue,
            "本旬无逾期事项。",
            (2.4, 3.8, 4.0, 2.6, 3.0),
        ),
    ]


def counts_sentence(data: Dispatch) -> str:
    return (
        "；".join(f"{label}首次报送{sent}份、审核通过{done}份" for label, sent, done in data.count_rows)
        + "。"
    )


def _table(document, fonts: dict, table: Table) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.shared import Cm, Pt

    grid = document.add_table(rows=len(table.rows) + 1, cols=len(table.header))
    grid.autofit = False
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(grid.columns, table.widths_cm, strict=True):
        column.width = Cm(width)
    _set_table_borders(grid)
    _repeat_as_header(grid.rows[0])
    for r, (values, row) in enumerate(zip([table.header, *table.rows], grid.rows, strict=True)):
        for c, (value, cell) in enumerate(zip(values, row.cells, strict=True)):
            cell.width = Cm(table.widths_cm[c])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(1)
            _run(paragraph, str(value), fonts["heading"] if r == 0 else fonts["body"], TABLE_PT, bold=r == 0)
        if r and table.tints and table.tints[r - 1]:
            _shade(row.cells[-2], table.tints[r - 1])


def dispatch_document(region_name: str, window: dispatch.Window, data: Dispatch, mine: bool = False) -> bytes:
    """The dispatch as .docx bytes."""
    from docx.shared import Pt

    document, fonts = a4_document((3.0, 2.8, 2.6, 2.4))

    heading = _paragraph(document, "center", exact=False)
    heading.paragraph_format.space_after = Pt(6)
    _run(heading, TITLE, fonts["title"], 22)
    _run(
        _paragraph(document, "center", exact=False), f"{region_name}　{window.label}", fonts["body"], BODY_PT
    )
    if mine:
        _run(_paragraph(document, "center", exact=False), "（只含本人分管的项目）", fonts["body"], 12)
    _paragraph(document, exact=False)
    _run(
        _paragraph(document, indent=True, exact=False), f"{data.summary}。", fonts["body"], BODY_PT, bold=True
    )
    _run(_paragraph(document, indent=True, exact=False), counts_sentence(data), fonts["body"], BODY_PT)
    for table in tables(data):
        title = _paragraph(document, exact=False)
        title.paragraph_format.space_before = Pt(12)
        title.paragraph_format.space_after = Pt(4)
        _run(title, table.heading, fonts["heading"], BODY_PT)
        if table.rows:
            _table(document, fonts, table)
        else:
            _run(_paragraph(document, indent=True, exact=False), table.empty, fonts["body"], BODY_PT)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
