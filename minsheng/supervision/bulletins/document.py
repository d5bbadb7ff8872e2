"""The bulletin as an official Word document (python-docx), in the manner of a government 简报/通报:
a red masthead, the issue number (期号), the issuer and date over a red rule, the title in a
小标宋-like face, the six numbered sections in a 仿宋-like face with 黑体 headings (a seventh, 满意度测评,
with its table of verdicts and survey means when the plan has results), the chart of projects by
colour, and as the attachment the full progress table of every project, fitted to A4 portrait.

Fonts: the official faces when the machine has them (方正小标宋简体, 仿宋_GB2312, 黑体), else the CJK
faces it has (Noto Serif/Sans CJK SC from fonts-noto-cjk), else 宋体 — the document names what the
PDF converter on this machine can actually draw. The chart (matplotlib, Agg, no pyplot state) uses
Noto Sans CJK SC when found, else plain Latin labels; without matplotlib there is no chart."""

import datetime
import functools
import io

from minsheng.core.dates import chinese_date
from minsheng.notices.writers.word import CJK_FONT, LATIN_FONT, _repeat_as_header, _set_table_borders
from minsheng.supervision.bulletins.rules import month_label, percent
from minsheng.supervision.status.rules import COLOURS

TITLE_FONTS = (
    "方正小标宋简体",
    "方正小标宋_GBK",
    "FZXiaoBiaoSong-B05S",
    "华文中宋",
    "STZhongsong",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Noto Serif CJK",
)
BODY_FONTS = ("仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC")
HEADING_FONTS = ("黑体", "SimHei", "STHeiti", "Noto Sans CJK SC", "Source Han Sans SC")
CHART_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "SimHei", "Microsoft YaHei", "WenQuanYi Zen Hei")
RED = "C00000"
TABLE_HEADER = ["序号", "项目名称", "牵头单位", "完成进度", "序时进度", "状态颜色"]
TEXT_WIDTH_CM = 15.6  # A4 less 2.8 cm and 2.6 cm margins (GB/T 9704)
TABLE_WIDTHS_CM = (1.2, 5.4, 3.2, 1.95, 1.95, 1.9)
BODY_PT, LINE_PT = 16, 28  # 三号 on a 28-point line


@functools.lru_cache(maxsize=1)
def installed_fonts() -> frozenset[str]:
    try:
        from matplotlib import font_manager
    except ImportError:  # no matplotlib: name the official faces' stand-in and let Word substitute
        return frozenset()
    return frozenset(f.name for f in font_manager.fontManager.ttflist)


def pick_font(preferred: tuple[str, ...], fallback: str = CJK_FONT) -> str:
    have = installed_fonts()
    return next((name for name in preferred if name in have), fallback)


def table_rows(sections: dict) -> list[list[str]]:
    """The progress table as printed, one row per project in the plan's order."""
    return [
        [
            str(r["seq"]),
            r["name"],
            r["lead"],
            percent(r["progress"]),
            percent(r["expected"]),
            COLOURS[r["colour"]].name,
        ]
        for r in sections.get("figures", {}).get("table", [])
    ]


# ---------------------------------------------------------------- chart


def colour_chart(counts: dict[str, int], caption: str = "") -> bytes | None:
    """A bar chart of projects by colour as PNG, or None without matplotlib."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.font_manager import FontProperties
    except ImportError:
        return None
    family = pick_font(CHART_FONTS, "")
    font = FontProperties(family=family) if family else None
    labels = [c.name for c in COLOURS.values()] if font else [c.capitalize() for c in COLOURS]
    values = [counts.get(c, 0) for c in COLOURS]
    figure = Figure(figsize=(6.4, 3.0), dpi=150)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    bars = axes.bar(labels, values, color=[c.hex for c in COLOURS.values()], width=0.6)
    axes.bar_label(
        bars, labels=[f"{v}项" if font else str(v) for v in values], padding=2, fontproperties=font
    )
    axes.set_ylim(0, max(values + [1]) * 1.2)
    axes.set_yticks([])
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    if font:
        for label in axes.get_xticklabels():
            label.set_fontproperties(font)
        if caption:
            axes.set_title(caption, fontproperties=font, fontsize=11)
    out = io.BytesIO()
    figure.savefig(out, format="png", bbox_inches="tight")
    return out.getvalue()


# ---------------------------------------------------------------- Word


def _run(paragraph, text: str, font: str, size: float, bold: bool = False, colour: str = ""):
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run = paragraph.add_run(text)
    run.font.size, run.font.bold, run.font.name = Pt(size), bold, LATIN_FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)
    return run


def _paragraph(document, align: str = "left", indent: bool = False, exact: bool = True):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if exact:
        fmt.line_spacing = Pt(LINE_PT)
    if indent:
        fmt.first_line_indent = Pt(BODY_PT * 2)
    return paragraph


def _rule_below(paragraph, colour: str = RED) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("val", "single"), ("sz", "12"), ("space", "4"), ("color", colour)):
        bottom.set(qn(f"w:{name}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _shade(cell, colour: str) -> None:
    """Fill a table cell with a colour written #rrggbb."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    for name, value in (("val", "clear"), ("color", "auto"), ("fill", colour.lstrip("#").upper())):
        shading.set(qn(f"w:{name}"), value)
    cell._tc.get_or_add_tcPr().append(shading)


def _page_numbers(section, font: str) -> None:
    """— 1 — centred in the footer."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, "— ", font, 14)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    _run(paragraph, " —", font, 14)


def _masthead(document, fonts: dict, number: str, issuer: str, day: datetime.date) -> None:
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Cm, Pt

    head = _paragraph(document, "center", exact=False)
    _run(head, "重点民生实事督查通报", fonts["title"], 26, colour=RED)
    head.paragraph_format.space_after = Pt(6)
    if number:
        _run(_paragraph(document, "center"), number, fonts["body"], BODY_PT)
    line = _paragraph(document)
    line.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
    _run(line, f"{issuer}\t{chinese_date(day)}", fonts["body"], BODY_PT)
    _rule_below(line)
    _paragraph(document)


def _section_text(document, fonts: dict, text: str) -> None:
    for line in text.split("\n"):
        if line.strip():
            _run(_paragraph(document, indent=True), line.strip(), fonts["body"], BODY_PT)


def _chart(document, fonts: dict, sections: dict) -> None:
    from docx.shared import Cm

    as_of = sections.get("as_of", "")
    png = colour_chart(sections.get("figures", {}).get("counts", {}))
    if not png:
        return
    _paragraph(document, "center", exact=False).add_run().add_picture(io.BytesIO(png), width=Cm(13.5))
    day = datetime.date.fromisoformat(as_of) if as_of else None
    caption = "图1  项目五色督办分布" + (f"（截至{chinese_date(day)}）" if day else "")
    _run(_paragraph(document, "center"), caption, fonts["body"], 12)


def _grid(document, fonts: dict, header: list[str], rows: list[list[str]], widths_cm, left_columns=()):
    """A bordered official table: the header row repeated on each page, centred cells except the
    `left_columns`, 10.5 pt; returns the table."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    table = document.add_table(rows=len(rows) + 1, cols=len(header))
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    _set_table_borders(table)
    _repeat_as_header(table.rows[0])
    for r, (values, row) in enumerate(zip([header, *rows], table.rows, strict=True)):
        for c, (value, cell) in enumerate(zip(values, row.cells, strict=True)):
            cell.width = Cm(widths_cm[c])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(1)
            centred = r == 0 or c not in left_columns
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
            _run(paragraph, value, fonts["heading"] if r == 0 else fonts["body"], 10.5, bold=r == 0)
    return table


def _table(document, fonts: dict, sections: dict) -> None:
    colours = [r["colour"] for r in sections.get("figures", {}).get("table", [])]
    table = _grid(document, fonts, TABLE_HEADER, table_rows(sections), TABLE_WIDTHS_CM, left_columns=(1, 2))
    for row, colour in zip(table.rows[1:], colours, strict=True):
        _shade(row.cells[-1], COLOURS[colour].tint)


SATISFACTION_HEADER = ["序号", "项目名称", "人大代表测评", "群众满意度"]
SATISFACTION_WIDTHS_CM = (1.2, 7.4, 3.0, 4.0)


def satisfaction_rows(sections: dict) -> list[list[str]]:
    """The 满意度测评 table as printed (empty when the bulletin has none)."""
    part = sections.get("figures", {}).get("satisfaction") or {}
    return [[str(r["seq"]), r["name"], r["verdict"], r["survey"]] for r in part.get("table", [])]


def _satisfaction_table(document, fonts: dict, sections: dict) -> None:
    rows = satisfaction_rows(sections)
    if not rows:
        return
    _run(_paragraph(document, "center"), "表1  各项目满意度测评结果", fonts["body"], 12)
    _grid(document, fonts, SATISFACTION_HEADER, rows, SATISFACTION_WIDTHS_CM, left_columns=(1,))


def a4_document(margins_cm: tuple[float, float, float, float]):
    """An empty A4 document (margins top, bottom, left, right) whose body text is in the official
    font; returns (document, fonts by role). The bulletin and the dispatch sheet start from it."""
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    fonts = {
        "title": pick_font(TITLE_FONTS),
        "body": pick_font(BODY_FONTS),
        "heading": pick_font(HEADING_FONTS),
    }
    document = docx.Document()
    page = document.sections[0]
    page.page_width, page.page_height = Cm(21), Cm(29.7)
    top, bottom, left, right = margins_cm
    page.top_margin, page.bottom_margin = Cm(top), Cm(bottom)
    page.left_margin, page.right_margin = Cm(left), Cm(right)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = LATIN_FONT, Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), fonts["body"])
    return document, fonts


def landscape(document) -> None:
    """Turn the document's first section to A4 landscape (wide lists: the watchlist, the three lists)."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)


def bulletin_docx(title: str, number: str, sections: dict, day: datetime.date) -> bytes:
    """The bulletin as .docx bytes, from its stored (edited) sections and figures."""
    from docx.shared import Pt

    document, fonts = a4_document((3.7, 3.5, 2.8, 2.6))
    page = document.sections[0]
    _page_numbers(page, fonts["body"])

    _masthead(document, fonts, number, sections.get("issuer", ""), day)
    heading = _paragraph(document, "center", exact=False)
    heading.paragraph_format.space_after = Pt(12)
    _run(heading, title, fonts["title"], 22)
    for item in sections.get("sections", []):
        _run(_paragraph(document, indent=True), item["heading"], fonts["heading"], BODY_PT)
        _section_text(document, fonts, item.get("text", ""))
        if item["key"] == "overview":
            _chart(document, fonts, sections)
        elif item["key"] == "satisfaction":
            _satisfaction_table(document, fonts, sections)

    attachment = _paragraph(document)
    attachment.paragraph_format.page_break_before = True
    _run(attachment, "附件", fonts["heading"], BODY_PT)
    caption = _paragraph(document, "center", exact=False)
    caption.paragraph_format.space_after = Pt(8)
    month = sections.get("month", "")
    _run(caption, f"{month_label(month) if month else ''}重点民生实事项目进展情况表", fonts["title"], 18)
    _table(document, fonts, sections)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
