"""Writers: a draft (the importer's contract shape) → the official attachment table (汇总表) as Word or
Excel (xlsx_writer), and Word → PDF through LibreOffice (pdf_writer).

A `Layout` says which columns the table has and how categories and units are shown, so the same draft
can be laid out the way different offices lay out their lists:
- categories as heading rows merged across the table ("row"), or as a 序号 column and a 类别 column whose
  cells are merged down over the category's item rows ("column");
- units in one 承办单位 column (lead units bold and first, one unit a line, with the note
  "（黑体字为牵头单位，下同）" after the first lead unit) or in separate 牵头单位 / 协办单位 columns.
Both formats are rendered from one intermediate grid, so the Word and Excel tables hold the same cells.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass, field

import cn2an

from minsheng.core.dates import chinese_date, chinese_month

BOLD_NOTE = "（黑体字为牵头单位，下同）"
CJK_FONT = "宋体"
LATIN_FONT = "Times New Roman"
CATEGORY_NUMBER = re.compile(r"^\s*([一二三四五六七八九十百零〇]+|\d+)\s*[、.．]\s*(.+)$")
DOC_NUMBER = re.compile(r"〔\d{4}〕\s*\d+\s*号$")
DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
NOTICE_TITLE = re.compile(r"^.{0,40}关于.{2,80}的(通知|决定|意见|方案|函)$")

Runs = list[tuple[str, bool]]  # (text, bold); "\n" in text is a line break


@dataclass
class Layout:
    """Which columns the 汇总表 has and how. `None` for an optional column: shown when the draft has any."""

    title: str = ""
    preamble: list[str] = field(default_factory=list)
    category_style: str = "row"  # "row" | "column"
    name_column: bool = True
    summary_column: bool | None = False
    deadline_column: bool | None = None
    leaders_column: bool | None = None
    separate_unit_columns: bool = False
    bold_note: bool = True
    seq_in_content: bool = False  # content cells start with "1、" (items numbered inside the content column)
    unit_separator: str = "\n"  # between units in the separate unit columns
    seq_header: str = "序号"
    category_header: str = "项目类别"
    name_header: str = "项目名称"
    summary_header: str = "内容概述"
    content_header: str = "实施内容及工作目标"
    deadline_header: str = "完成期限"
    leaders_header: str = "分管领导"
    units_header: str = "承办单位"
    lead_header: str = "牵头单位"
    co_header: str = "协办单位"


# The plan exported as the official attachment: 序号 | 项目名称 | (内容概述) | 实施内容及工作目标 | (完成期限) |
# (分管领导) | 承办单位, with category heading rows and bold lead units.
DEFAULT_LAYOUT = Layout(summary_column=None)


@dataclass
class _Column:
    key: str
    header: str
    width_cm: float
    centred: bool


@dataclass
class _Grid:
    columns: list[_Column]
    rows: list[list[Runs]]  # rows[0] is the header row
    heading_rows: set[int] = field(default_factory=set)  # category rows, merged across the table
    vertical_merges: list[tuple[int, int, int]] = field(default_factory=list)  # (column, first, last row)


def _wanted(flag: bool | None, projects: list[dict], *keys: str) -> bool:
    return any(p.get(key) for p in projects for key in keys) if flag is None else flag


def _columns(draft: dict, layout: Layout) -> list[_Column]:
    projects = draft.get("projects") or []
    by_column = layout.category_style == "column" and any(p.get("category") for p in projects)
    spec = [
        ("seq", layout.seq_header, 1.2, True, True),
        ("category", layout.category_header, 2.4, True, by_column),
        ("name", layout.name_header, 3.2, False, layout.name_column),
        ("summary", layout.summary_header, 3.6, False, _wanted(layout.summary_column, projects, "summary")),
        ("content", layout.content_header, 0.0, False, True),
        (
            "deadline",
            layout.deadline_header,
            1.6,
            True,
            _wanted(layout.deadline_column, projects, "deadline", "deadline_text"),
        ),
        ("leaders", layout.leaders_header, 1.8, True, _wanted(layout.leaders_column, projects, "leaders")),
        ("units", layout.units_header, 3.4, True, not layout.separate_unit_columns),
        ("lead", layout.lead_header, 2.8, True, layout.separate_unit_columns),
        ("co", layout.co_header, 3.2, True, layout.separate_unit_columns),
    ]
    columns = [_Column(key, header, width, centred) for key, header, width, centred, shown in spec if shown]
    usable = 17.0  # A4 less 2 cm margins
    content = next(c for c in columns if c.key == "content")
    content.width_cm = max(4.0, usable - sum(c.width_cm for c in columns))
    return columns


def _groups(projects: list[dict]) -> list[tuple[str | None, list[dict]]]:
    """Consecutive projects with the same category, in draft order."""
    groups: list[tuple[str | None, list[dict]]] = []
    for project in projects:
        category = project.get("category") or None
        if groups and groups[-1][0] == category:
            groups[-1][1].append(project)
        else:
            groups.append((category, [project]))
    return groups


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 23 → 二十三 (cn2an)."""
    return cn2an.an2cn(n)


def _split_category(label: str, number: int) -> tuple[str, str]:
    """("一", "老年人保障方面") from "一、老年人保障方面"; an unnumbered label gets its position."""
    match = CATEGORY_NUMBER.match(label)
    return (match.group(1), match.group(2).strip()) if match else (str(number), label.strip())


def _category_heading(label: str, number: int) -> str:
    return label if CATEGORY_NUMBER.match(label) else f"{chinese_number(number)}、{label}"


def deadline_label(project: dict) -> str:
    """The deadline as an office writes it: the original wording, else 2024年6月底 / 2024年6月15日."""
    if project.get("deadline_text"):
        return project["deadline_text"]
    value = project.get("deadline")
    if not value:
        return ""
    try:
        day = datetime.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    last_day = (day + datetime.timedelta(days=1)).day == 1
    return f"{chinese_month(day)}底" if last_day else chinese_date(day)


def _unit_runs(project: dict, with_note: bool) -> Runs:
    """Lead units bold and first, then co-units, one a line; the bold note after the first lead unit."""
    lines: Runs = []
    for index, unit in enumerate(project.get("lead_units") or []):
        lines.append((unit, True))
        if index == 0 and with_note:
            lines.append((BOLD_NOTE, False))
    lines += [(unit, False) for unit in project.get("co_units") or []]
    return [run for index, line in enumerate(lines) for run in ([("\n", False)] if index else []) + [line]]


def _item_row(columns: list[_Column], project: dict, layout: Layout, with_note: bool) -> list[Runs]:
    seq = str(project.get("seq") or "")
    content = project.get("content") or project.get("name") or ""
    if layout.seq_in_content and seq:
        content = f"{seq}、{content}"
    separator = layout.unit_separator
    values = {
        "seq": seq,
        "category": "",
        "name": project.get("name") or "",
        "summary": project.get("summary") or "",
        "content": content,
        "deadline": deadline_label(project),
        "leaders": "、".join(project.get("leaders") or []),
        "lead": separator.join(project.get("lead_units") or []),
        "co": separator.join(project.get("co_units") or []),
    }
    return [_unit_runs(project, with_note) if c.key == "units" else _plain(values[c.key]) for c in columns]


def _plain(text: str) -> Runs:
    return [(text, False)] if text else []


def _grid(draft: dict, layout: Layout) -> _Grid:
    projects = draft.get("projects") or []
    columns = _columns(draft, layout)
    grid = _Grid(columns, [[[(c.header, True)] for c in columns]])
    keys = [c.key for c in columns]
    by_column = "category" in keys
    order = list(draft.get("categories") or [])
    note_pending = layout.bold_note and "units" in keys
    for position, (category, items) in enumerate(_groups(projects), start=1):
        number = order.index(category) + 1 if category in order else position
        if category and not by_column:
            grid.heading_rows.add(len(grid.rows))
            grid.rows.append([[(_category_heading(category, number), True)]] + [[] for _ in columns[1:]])
        first = len(grid.rows)
        for project in items:
            with_note = note_pending and bool(project.get("lead_units"))
            note_pending = note_pending and not with_note
            grid.rows.append(_item_row(columns, project, layout, with_note))
        if category and by_column:
            label, name = _split_category(category, number)
            grid.rows[first][keys.index("seq")] = _plain(label)
            grid.rows[first][keys.index("category")] = _plain(name)
            for row in grid.rows[first + 1 :]:
                row[keys.index("seq")] = []
            last = len(grid.rows) - 1
            grid.vertical_merges += [(keys.index("seq"), first, last), (keys.index("category"), first, last)]
    return grid


def table_title(draft: dict, layout: Layout) -> str:
    if layout.title:
        return layout.title
    plan = draft.get("plan") or {}
    if (plan.get("title") or "").endswith("表"):
        return plan["title"]
    year = plan.get("year")
    return f"{year}年民生实事项目汇总表" if year else "民生实事项目汇总表"


# ---------------------------------------------------------------- Word


def _set_run_font(run, size_pt: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size_pt)
    run.font.bold = bold
    run.font.name = LATIN_FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), CJK_FONT)


def _write_runs(paragraph, runs: Runs, size_pt: float) -> None:
    for text, bold in runs:
        for index, part in enumerate(text.split("\n")):
            if index:
                paragraph.add_run().add_break()
            if part:
                _set_run_font(paragraph.add_run(part), size_pt, bold)


def _is_notice_title(text: str, plan_title: str) -> bool:
    return bool(plan_title and plan_title in text) or bool(NOTICE_TITLE.match(text))


def _preamble_role(lines: list[str], index: int, plan_title: str) -> str:
    """masthead | title | centre | right | attachment | addressees | body | plain."""
    text = lines[index]
    following = lines[index + 1] if index + 1 < len(lines) else ""
    previous = lines[index - 1] if index else ""
    if len(text) <= 20 and (text.endswith("文件") or DOC_NUMBER.search(following)):
        return "masthead"
    if DOC_NUMBER.search(text) and len(text) <= 30:
        return "centre"
    if _is_notice_title(text, plan_title) or (len(text) <= 30 and _is_notice_title(following, plan_title)):
        return "title"
    if DATE_LINE.match(text) or (DATE_LINE.match(following) and len(text) <= 30):
        return "right"
    if text == "附件":
        return "attachment"
    if _is_notice_title(previous, plan_title) and text.endswith("："):
        return "addressees"
    return "body" if len(text) > 30 else "plain"


def _preamble_paragraph(document, text: str, role: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    paragraph = document.add_paragraph()
    size = {"masthead": 24.0, "title": 18.0}.get(role, 14.0)
    if role in ("masthead", "title", "centre"):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif role == "right":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif role == "attachment":  # the attachment starts on a page of its own
        paragraph.paragraph_format.page_break_before = True
    elif role == "body":
        paragraph.paragraph_format.first_line_indent = Pt(28)
    _write_runs(paragraph, [(text, role in ("masthead", "title", "attachment"))], size)
    if role == "masthead":
        for run in paragraph.runs:
            run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def _set_table_borders(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        for name, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            element.set(qn(f"w:{name}"), value)
        borders.append(element)
    properties.append(borders)


def _repeat_as_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def draft_to_docx(draft: dict, layout: Layout) -> bytes:
    """The notice (preamble paragraphs) and its 汇总表 as a Word document (A4)."""
    import docx
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.left_margin, section.right_margin = Cm(2), Cm(2)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = LATIN_FONT, Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), CJK_FONT)

    plan_title = ((draft.get("plan") or {}).get("title") or "").strip()
    preamble = [line.strip() for line in layout.preamble if line.strip()]
    for index, text in enumerate(preamble):
        _preamble_paragraph(document, text, _preamble_role(preamble, index, plan_title))
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.keep_with_next = True
    _write_runs(title, [(table_title(draft, layout), True)], 16)

    grid = _grid(draft, layout)
    table = document.add_table(rows=len(grid.rows), cols=len(grid.columns))
    table.autofit = False
    for column, spec in zip(table.columns, grid.columns, strict=True):
        column.width = Cm(spec.width_cm)  # the w:gridCol widths LibreOffice lays out by
    _set_table_borders(table)
    _repeat_as_header(table.rows[0])
    for r, (row, table_row) in enumerate(zip(grid.rows, table.rows, strict=True)):
        for c, (runs, cell) in enumerate(zip(row, table_row.cells, strict=True)):
            cell.width = Cm(grid.columns[c].width_cm)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            centred = r == 0 or (grid.columns[c].centred and r not in grid.heading_rows)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
            _write_runs(paragraph, runs, 10.5)
    for r in grid.heading_rows:
        table.cell(r, 0).merge(table.cell(r, len(grid.columns) - 1))
    for c, first, last in grid.vertical_merges:
        if last > first:
            table.cell(first, c).merge(table.cell(last, c))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
