"""A table flattened one cell per line (a web page's table copied as text, or a PDF read cell by cell):
a header of short cells starting with 序号, then rows that each start with their number on a line of
its own. The project's name is the first cell of text after the number (plain functions)."""

import re

from minsheng.notices.extraction.enumerated_lines import HEADER_CELLS

_NUMBER = re.compile(r"\d{1,3}")
_CJK = re.compile(r"[\u4e00-\u9fff]")
MIN_ROWS = 3
MAX_HEADER = 12  # header cells read after 序号


def flattened_rows(lines: list[str]) -> tuple[int, list[list[str]]] | None:
    """(index of the 序号 line, the rows' cells) of the first flattened table with numbered rows."""
    texts = [line.strip() for line in lines]
    for start, text in enumerate(texts):
        if text != "序号":
            continue
        header = [t for t in texts[start + 1 : start + 1 + MAX_HEADER] if t]
        if not any(HEADER_CELLS.search(t) or "名称" in t or "项目" in t for t in header):
            continue
        rows: list[list[str]] = []
        for text in texts[start + 1 :]:
            if not text:
                continue
            if _NUMBER.fullmatch(text) and int(text) == len(rows) + 1:
                rows.append([])
            elif rows:
                if len(text) > 80:  # prose after the table
                    break
                rows[-1].append(text)
        if len(rows) >= MIN_ROWS:
            return start, rows
    return None


def row_name(cells: list[str]) -> str:
    """The first cell with Chinese text: the project (the cells after it are units, dates or counts)."""
    return next((c for c in cells if _CJK.search(c)), "")
