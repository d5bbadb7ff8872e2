"""The official attachment table (汇总表) as an Excel workbook: merged category cells, bold lead units
as rich text, wrapped cells, print titles."""

from minsheng.core.spreadsheet import print_on_a4, put_cell, workbook_bytes
from minsheng.notices.writers.word import CJK_FONT, Layout, Runs, _Column, _grid, table_title


def _excel_value(runs: Runs):
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    text = "".join(t for t, _ in runs)
    if not any(bold for _, bold in runs) or all(bold for t, bold in runs if t.strip()):
        return text
    parts = [TextBlock(InlineFont(rFont=CJK_FONT, b=True), t) if bold else t for t, bold in runs if t]
    return CellRichText(parts)


def _row_height(row: list[Runs], columns: list[_Column]) -> float:
    lines = 1
    for runs, column in zip(row, columns, strict=True):
        per_line = max(1, int(column.width_cm * 2.6))  # CJK characters per line at 10.5 pt
        text = "".join(t for t, _ in runs)
        lines = max(lines, sum(-(-len(part) // per_line) or 1 for part in text.split("\n")))
    return min(409, 15 * lines + 6)


def draft_to_xlsx(draft: dict, layout: Layout) -> bytes:
    """The 汇总表 as a workbook with one sheet "汇总表": title row, header row, then the table."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    grid = _grid(draft, layout)
    width = len(grid.columns)
    book = Workbook()
    sheet = book.active
    sheet.title = "汇总表"
    put_cell(sheet, 1, 1, table_title(draft, layout), {"font": Font(name=CJK_FONT, size=16, bold=True)})
    sheet.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.row_dimensions[1].height = 32
    side = Side(style="thin", color="000000")
    border = Border(left=side, right=side, top=side, bottom=side)
    for r, row in enumerate(grid.rows):
        heading = r == 0 or r in grid.heading_rows
        for c, runs in enumerate(row):
            cell = put_cell(sheet, r + 2, c + 1, _excel_value(runs) if runs else None)
            bold = heading or (bool(runs) and all(b for t, b in runs if t.strip()))
            cell.font = Font(name=CJK_FONT, size=10.5, bold=bold)
            centred = r == 0 or (grid.columns[c].centred and r not in grid.heading_rows)
            cell.alignment = Alignment(
                horizontal="center" if centred else "left", vertical="center", wrap_text=True
            )
            cell.border = border
        if r not in grid.heading_rows:
            sheet.row_dimensions[r + 2].height = _row_height(row, grid.columns)
    for r in grid.heading_rows:
        sheet.merge_cells(start_row=r + 2, start_column=1, end_row=r + 2, end_column=width)
    for c, first, last in grid.vertical_merges:
        if last > first:
            sheet.merge_cells(start_row=first + 2, start_column=c + 1, end_row=last + 2, end_column=c + 1)
    for c, column in enumerate(grid.columns):
        sheet.column_dimensions[get_column_letter(c + 1)].width = round(column.width_cm * 4.6, 1)
    sheet.freeze_panes = "A3"
    print_on_a4(sheet)
    return workbook_bytes(book)
