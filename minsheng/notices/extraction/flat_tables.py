"""A table flattened one cell per line (a web page's table copied as text, or a PDF read cell by cell):
a header of short cells starting with 序号, then rows that each start with their number on a line of
its own. The project's name is the first cell of text after the number (plain functions)."""

import re

from minsheng.notices.extraction.enumerated_lines import HEADER_CELLS
from minsheng.notices.readers.grid import Cell, Table

_NUMBER = re.compile(r"\d{1,3}")
_CJK = re.compile(r"[\u4e00-\u9fff]")
MIN_ROWS = 3
MAX_HEADER = 12  # header cells read after 序号
SHORT_CELL = 80  # a text longer than this after a full row is prose after the table
MAX_CELL = 400


def cell_text(line: str) -> str:
    """A line as a cell: without the "|" some pages print at a cell's end ("序号 |", "||||")."""
    return line.strip().strip("|").strip()


def flattened_rows(lines: list[str]) -> tuple[int, list[list[str]]] | None:
    """(index of the 序号 line, the rows' cells) of the first flattened table with numbered rows."""
    texts = [cell_text(line) for line in lines]
    for start, text in enumerate(texts):
        if text != "序号":
            continue
        header = [t for t in texts[start + 1 : start + 1 + MAX_HEADER] if t]
        if not any(HEADER_CELLS.search(t) or "名称" in t or "项目" in t for t in header):
            continue
        first = next((i for i, t in enumerate(texts[start:], start) if t == "1"), len(texts))
        width = sum(1 for t in texts[start + 1 : first] if t)  # the header's cells after 序号
        rows: list[list[str]] = []
        for text in texts[start + 1 :]:
            if not text:
                continue
            if _NUMBER.fullmatch(text) and int(text) == len(rows) + 1:
                rows.append([])
            elif rows:
                # a long text is a cell (建设内容) while the row still lacks cells, else prose after the table
                if len(text) > MAX_CELL or len(text) > SHORT_CELL and len(rows[-1]) >= width:
                    break
                rows[-1].append(text)
        if len(rows) >= MIN_ROWS:
            return start, rows
    return None


def row_name(cells: list[str]) -> str:
    """The first cell with Chinese text: the project (the cells after it are units, dates or counts)."""
    return next((c for c in cells if _CJK.search(c)), "")


def as_table(lines: list[str]) -> Table | None:
    """The flattened table rebuilt as a grid, when its rows have as many cells as its header (give or
    take an empty one; the text after the table trails its last row and is cut), so the tables path
    reads its columns: 项目名称, 责任单位, 完成时限…"""
    found = flattened_rows(lines)
    if not found:
        return None
    start, rows = found
    texts = [cell_text(line) for line in lines[start:]]
    first = next(i for i, t in enumerate(texts) if t == "1")
    header = [t for t in texts[:first] if t]
    width = len(header) - 1  # 序号 is the row's number
    if width < 2 or sum(len(cells) >= width - 1 for cells in rows) < 0.8 * len(rows):
        return None
    grid = [[Cell.of(h) for h in header]]
    for n, cells in enumerate(rows, 1):
        padded = [*cells[:width], *[""] * (width - len(cells))]
        grid.append([Cell.of(str(n)), *(Cell.of(c) for c in padded)])
    return Table(rows=grid)
