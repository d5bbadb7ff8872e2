"""Excel (.xlsx) → neutral grid: each visible, non-empty worksheet becomes one Table.

- the used area is trimmed to the cells that hold a value (empty rows and columns at the edges go,
  and so do fully empty rows inside the area);
- a merged range becomes one Cell with colspan on its first row and Cell(continued=True) with the
  same colspan on the rows below; a merged range wider than the used area is cut at its edge;
- bold comes from the cell's font and, for rich text, from each run's font, so a partly bold cell
  keeps its bold stretches; a line break typed in a cell (Alt+Enter) is "\\n";
- values are shown as a person sees them: whole numbers without ".0", percentages formatted with "%"
  as a percentage, dates as YYYY-MM-DD (with HH:MM when there is a time of day); formulas give their
  cached value (a file saved by Excel or WPS has one).
Hidden worksheets are skipped and named in Document.warnings.

openpyxl only ever sees the zip rebuilt by zipguard, whose worksheets hold at most MAX_SHEET_CELLS cells
and merged cells together (images are left empty there, so openpyxl's image warnings are silenced); a
sheet's used area is walked row by row over the rows that hold something, and refused when its
rows × columns would exceed MAX_GRID_CELLS (two values at opposite corners of a sheet).
"""

from __future__ import annotations

import datetime as dt
import io
import warnings

from minsheng.notices.readers.grid import Cell, Document, ReadError, Run, Table
from minsheng.notices.readers.zipguard import safe_office_zip

MAX_GRID_CELLS = 500_000


def read_xlsx(data: bytes, source_name: str = "") -> Document:
    """Each visible sheet's table; ReadError (Chinese message) for anything openpyxl cannot read."""
    safe = safe_office_zip(data, "xlsx")
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # unsupported extensions, emptied images
            workbook = openpyxl.load_workbook(
                io.BytesIO(safe), read_only=False, data_only=True, rich_text=True
            )
    except Exception:  # openpyxl raises many kinds of errors for damaged files
        raise ReadError(
            "Excel 文件已损坏或格式不正确，无法读取，请用 Excel 或 WPS 重新保存后再导入"
        ) from None
    document = Document(source_name=source_name)
    try:
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                document.warnings.append(f"已跳过隐藏的工作表“{sheet.title}”")
                continue
            table = sheet_table(sheet)
            if table.rows:
                document.blocks.append(table)
    finally:
        workbook.close()
    return document


def sheet_table(sheet) -> Table:
    """One worksheet as a Table (no rows when the sheet holds no value)."""
    filled = [(row, col) for (row, col), cell in sheet._cells.items() if _has_value(cell.value)]
    if not filled:
        return Table()
    first_row, last_row = min(r for r, _ in filled), max(r for r, _ in filled)
    first_col, last_col = min(c for _, c in filled), max(c for _, c in filled)
    rows_with_value = {r for r, _ in filled}
    if len(rows_with_value) * (last_col - first_col + 1) > MAX_GRID_CELLS:
        raise ReadError(
            f"工作表“{sheet.title}”的数据区域过大（{len(rows_with_value)} 行 × {last_col - first_col + 1} 列），"
            "请删除表格以外的内容后再导入"
        )
    merges = {}
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row, max(merged.min_col, first_col)
        right = min(merged.max_col, last_col)
        if right < left:
            continue
        merges[(top, left)] = right - left + 1
        for row in range(top, min(merged.max_row, last_row) + 1):
            for col in range(left, right + 1):
                if (row, col) != (top, left):
                    covered[(row, col)] = (top, left)
    wanted = sorted(rows_with_value | {row for row, _ in covered if first_row <= row <= last_row})
    rows = []
    for row in wanted:
        cells: list[Cell] = []
        col = first_col
        while col <= last_col:
            origin = covered.get((row, col))
            if origin is not None and origin[0] != row:
                span = merges[origin] if origin[1] == col else 1
                cells.append(Cell(colspan=span, continued=True))
                col += span
            elif origin is not None:
                col += 1  # inside a horizontal merge already emitted
            else:
                span = merges.get((row, col), 1)
                cells.append(Cell(_cell_runs(sheet._cells.get((row, col))), colspan=span))
                col += span
        if row in rows_with_value or any(c.continued for c in cells):
            rows.append(cells)
    return Table(rows)


def _has_value(value) -> bool:
    return value is not None and str(value).strip() != ""


def _cell_runs(cell) -> list[Run]:
    if cell is None or cell.value is None:
        return []
    value = cell.value
    cell_bold = bool(cell.font and cell.font.b)
    if _is_rich_text(value):
        runs = []
        for part in value:
            if isinstance(part, str):
                text, bold = part, cell_bold
            else:
                font = part.font
                text = part.text
                bold = cell_bold if font is None or font.b is None else bool(font.b)
            text = _clean(text)
            if not text:
                continue
            if runs and runs[-1].bold == bold:
                runs[-1] = Run(runs[-1].text + text, bold)
            else:
                runs.append(Run(text, bold))
        return runs
    text = _clean(format_value(value, cell.number_format or ""))
    return [Run(text, cell_bold)] if text else []


def _is_rich_text(value) -> bool:
    try:
        from openpyxl.cell.rich_text import CellRichText
    except ImportError:  # pragma: no cover - openpyxl older than 3.1
        return False
    return isinstance(value, CellRichText)


def _clean(text: str) -> str:
    return text.replace("_x000D_", "").replace("\r\n", "\n").replace("\r", "\n")


def format_value(value, number_format: str = "") -> str:
    """A cell value as text, the way a person reads it in Excel."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, int | float):
        if "%" in number_format:
            return _number(value * 100) + "%"
        return _number(value)
    return str(value)


def _number(value: float) -> str:
    if isinstance(value, int):
        return str(value)
    if value.is_integer():
        return str(int(value))
    text = f"{value:.15g}"
    if "e" in text:  # keep plain digits for very large or small values
        text = f"{value:.10f}".rstrip("0").rstrip(".")
    return text
