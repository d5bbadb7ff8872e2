"""One way to write a cell that a person will open in Excel or WPS, for every export of the project.

A text a spreadsheet would read as a formula (=, +, -, @, or a tab or carriage return first) is
formula injection: `=HYPERLINK(...)` or `=cmd|...` in a project name would run on the office's desk.
Such a text is written as quoted text in .xlsx and prefixed with ' in .csv."""

import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(text) -> bool:
    """Whether a spreadsheet would read this text as a formula."""
    return isinstance(text, str) and text.startswith(FORMULA_STARTS)


def plain_text(value):
    """The text of a rich-text value (openpyxl's CellRichText), else the value itself."""
    if isinstance(value, str) or value is None or not hasattr(value, "__iter__"):
        return value
    return "".join(str(getattr(part, "text", part)) for part in value)


def cell_text(value) -> str:
    """A cell read back as text: empty for an empty cell, a whole number without Excel's ".0" (a code
    or a count typed as a number), anything else as written, trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def put_cell(sheet, row: int, column: int, value, style: dict | None = None):
    """Write an openpyxl cell as text, never as a live formula, then apply the style attributes."""
    cell = sheet.cell(row, column, value)
    if formula_like(plain_text(value)):
        cell.data_type = "s"  # openpyxl took the text for a formula
        cell.quotePrefix = True
    for name, style_value in (style or {}).items():
        setattr(cell, name, style_value)
    return cell


def csv_cell(value) -> str:
    """A cell of a .csv as text; one a spreadsheet would read as a formula is quoted with '."""
    text = "" if value is None else str(value)
    return f"'{text}" if formula_like(text) else text


def print_on_a4(sheet, title_rows: str = "2:2", landscape: bool = False) -> None:
    """How the office prints an export: A4, one page wide, the header rows repeated on every page."""
    sheet.print_title_rows = title_rows
    if landscape:
        sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def workbook_bytes(book) -> bytes:
    """The .xlsx file of an openpyxl workbook."""
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def grid_styles(font: str, size: float = 10.5) -> tuple[dict, dict]:
    """(body, header) cell styles of an official table: thin black borders, wrapped text, the header
    bold and centred — for put_cell."""
    from openpyxl.styles import Alignment, Border, Font, Side

    side = Side(style="thin", color="000000")
    body = {
        "font": Font(name=font, size=size),
        "border": Border(left=side, right=side, top=side, bottom=side),
        "alignment": Alignment(vertical="center", wrap_text=True),
    }
    head = {
        **body,
        "font": Font(name=font, size=size, bold=True),
        "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
    }
    return body, head
