"""One way to write a cell that a person will open in Excel or WPS, for every export of the project.

A text a spreadsheet would read as a formula (=, +, -, @, or a tab or carriage return first) is
formula injection: `=HYPERLINK(...)` or `=cmd|...` in a project name would run on the office's desk.
Such a text is written as quoted text in .xlsx and prefixed with ' in .csv."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(text) -> bool:
    """Whether a spreadsheet would read this text as a formula."""
    return isinstance(text, str) and text.startswith(FORMULA_STARTS)


def plain_text(value):
    """The text of a rich-text value (openpyxl's CellRichText), else the value itself."""
    if isinstance(value, str) or value is None or not hasattr(value, "__iter__"):
        return value
    return "".join(str(getattr(part, "text", part)) for part in value)


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
