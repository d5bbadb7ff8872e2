"""The 考核 ledger as the offices hand it in at year end: a Word document (python-docx, the bulletin's
official faces) with the method, the ranking of units and of regions, the units disqualified and each
unit's lines; and an Excel workbook (openpyxl) with a ranking sheet and a sheet of every line."""

import io

from minsheng.core.dates import chinese_date
from minsheng.core.spreadsheet import grid_styles, print_on_a4, put_cell, workbook_bytes
from minsheng.notices.writers.word import CJK_FONT
from minsheng.supervision.assessment import rules
from minsheng.supervision.assessment.ledger import Ledger
from minsheng.supervision.bulletins.document import (
    BODY_PT,
    _grid,
    _page_numbers,
    _paragraph,
    _run,
    _section_text,
    a4_document,
)

RANK_HEADER = ["名次", "责任单位", "所属区划", "扣分", "加分", "得分", "取消评优原因"]
RANK_WIDTHS_CM = (1.2, 4.2, 2.2, 1.5, 1.5, 1.6, 3.4)
REGION_HEADER = ["名次", "区划", "单位数", "平均得分", "取消评优单位数"]
REGION_WIDTHS_CM = (1.4, 4.6, 2.2, 3.0, 4.4)
LINE_COLUMNS = [("责任单位", 22), ("日期", 12), ("类别", 18), ("分值", 8), ("事由", 60)]


def method_text(ledger: Ledger) -> str:
    s, p = ledger.scheme, rules.points_text
    text = (
        f"各责任单位基础分{p(s.base)}分。月报未报每次扣{p(s.month_missing)}分、迟报每次扣{p(s.month_late)}分；"
        f"周台账未报每次扣{p(s.week_missing)}分、迟报每次扣{p(s.week_late)}分；报告被退回每次扣{p(s.returned)}分；"
        f"督办单逾期未回复每次扣分：提示{p(s.order_late_prompt)}分、警示{p(s.order_late_warning)}分、"
        f"严重{p(s.order_late_serious)}分；项目未按期完成每项扣{p(s.unfinished)}分。提前完成每项加{p(s.finished_early)}分，领导书面表扬每次加{p(s.praise)}分，"
        f"超额完成每项加{p(s.over_target)}分，全年加分不超过{p(s.bonus_cap)}分。"
    )
    if s.repeat_from:
        text += f"同类扣分第{s.repeat_from}次起每次按{p(s.repeat_factor)}倍计。"
    lines = []
    if s.red_line_missing:
        lines.append(f"全年月报未报达{s.red_line_missing}次")
    if s.red_line_serious:
        lines.append("有严重督办单逾期未回复")
    if s.red_line_score:
        lines.append(f"得分低于{p(s.red_line_score)}分")
    if lines:
        text += "、".join(lines) + "的，取消年度评优资格。"
    return text + f"\n以上按截至{chinese_date(ledger.day)}的报送、督办和验收记录计算。"


def rank_rows(ledger: Ledger) -> list[list[str]]:
    p = rules.points_text
    return [
        [
            str(row.score.place),
            row.unit.name,
            row.unit.region.name,
            p(row.score.deducted),
            p(row.score.added),
            p(row.score.score),
            "；".join(row.score.red_lines),
        ]
        for row in ledger.rows
    ]


def region_rows(ledger: Ledger) -> list[list[str]]:
    return [
        [
            str(r.score.place),
            r.region.name,
            str(r.score.units),
            rules.points_text(r.score.average),
            str(r.score.disqualified),
        ]
        for r in ledger.regions
    ]


def lines_text(ledger: Ledger) -> str:
    out = []
    for row in ledger.rows:
        if not row.score.lines:
            continue
        out.append(f"{row.unit.name}（得分{rules.points_text(row.score.score)}）：")
        for line in row.score.lines:
            repeat = (
                f"，第{line.repeat}次按{rules.points_text(ledger.scheme.repeat_factor)}倍"
                if line.repeat
                else ""
            )
            reason = line.event.reason.strip()
            stop = "" if reason.endswith(("。", "！", "？", "”", "）")) else "。"
            out.append(
                f"{chinese_date(line.event.day)} {line.event.label} {_signed(line.points)}分{repeat}。{reason}{stop}"
            )
    return "\n".join(out) or "本年度无扣分、加分记录。"


def _signed(points) -> str:
    text = rules.points_text(points)
    return text if text.startswith("-") else f"+{text}"


def ledger_docx(ledger: Ledger) -> bytes:
    from docx.shared import Pt

    document, fonts = a4_document((3.7, 3.5, 2.8, 2.6))
    _page_numbers(document.sections[0], fonts["body"])
    heading = _paragraph(document, "center", exact=False)
    heading.paragraph_format.space_after = Pt(6)
    _run(heading, f"{ledger.title}得分情况", fonts["title"], 20)
    _run(_paragraph(document, "center"), f"（截至{chinese_date(ledger.day)}）", fonts["body"], BODY_PT)
    disqualified = "；".join(f"{r.unit.name}（{'；'.join(r.score.red_lines)}）" for r in ledger.disqualified)
    sections = [
        ("一、考核办法", method_text(ledger)),
        ("二、责任单位得分排名", ""),
        ("三、各区划平均得分", ""),
        ("四、取消评优资格的单位", (disqualified + "。") if disqualified else "无。"),
        ("五、扣分、加分明细", lines_text(ledger)),
    ]
    for name, text in sections:
        _run(_paragraph(document, indent=True), name, fonts["heading"], BODY_PT)
        if name.startswith("二"):
            _grid(document, fonts, RANK_HEADER, rank_rows(ledger), RANK_WIDTHS_CM, left_columns=(1, 6))
        elif name.startswith("三"):
            _grid(document, fonts, REGION_HEADER, region_rows(ledger), REGION_WIDTHS_CM, left_columns=(1,))
        else:
            _section_text(document, fonts, text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def ledger_xlsx(ledger: Ledger) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    body, head = grid_styles(CJK_FONT)
    title = {"font": Font(name=CJK_FONT, size=16, bold=True), "alignment": Alignment(horizontal="center")}

    def sheet_of(sheet, columns, rows, numeric=()):
        put_cell(sheet, 1, 1, f"{ledger.title}（截至{ledger.day:%Y-%m-%d}）", title)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
        for c, (header, width) in enumerate(columns, 1):
            put_cell(sheet, 2, c, header, head)
            sheet.column_dimensions[get_column_letter(c)].width = width
        for r, values in enumerate(rows, 3):
            for c, value in enumerate(values, 1):
                put_cell(sheet, r, c, value, body)
        sheet.freeze_panes = "A3"
        sheet.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{max(len(rows) + 2, 2)}"
        print_on_a4(sheet, landscape=True)

    book = Workbook()
    ranking = book.active
    ranking.title = "得分排名"
    sheet_of(
        ranking,
        [
            ("名次", 6),
            ("责任单位", 26),
            ("所属区划", 14),
            ("未报", 7),
            ("迟报", 7),
            ("退回", 7),
            ("督办逾期", 9),
            ("扣分", 8),
            ("加分", 8),
            ("得分", 8),
            ("取消评优原因", 30),
        ],
        [
            [
                row.score.place,
                row.unit.name,
                row.unit.region.name,
                *_counts(row),
                float(row.score.deducted),
                float(row.score.added),
                float(row.score.score),
                "；".join(row.score.red_lines),
            ]
            for row in ledger.rows
        ],
    )
    sheet_of(
        book.create_sheet("各区划"),
        [("名次", 6), ("区划", 20), ("单位数", 8), ("平均得分", 10), ("取消评优单位数", 14)],
        [
            [r.score.place, r.region.name, r.score.units, float(r.score.average), r.score.disqualified]
            for r in ledger.regions
        ],
    )
    sheet_of(
        book.create_sheet("扣加分明细"),
        LINE_COLUMNS,
        [
            [row.unit.name, line.event.day, line.event.label, float(line.points), line.event.reason]
            for row in ledger.rows
            for line in row.score.lines
        ],
    )
    for cell in book["扣加分明细"]["B"][2:]:
        cell.number_format = "yyyy-mm-dd"
    return workbook_bytes(book)


def _counts(row) -> list[int]:
    c = row.counts
    return [c["missing"], c["late"], c["returned"], c["orders"]]
