"""Tables across PDF pages: a table that continues on the next page is appended to the one above,
a row broken by the page break is joined into the row it belongs to, and the lower parts of merged
cells are marked as continued."""

from __future__ import annotations

import re
from dataclasses import dataclass

from minsheng.notices.readers.grid import Cell, Document, Paragraph, Run, Table

EDGE_TOLERANCE = 5


@dataclass
class Block:
    top: float
    block: Paragraph | Table
    x0: float = 0.0
    x1: float = 0.0
    reaches_page_end: bool = False  # a table ending low on its page may continue on the next one


def join_runs(first: list[Run], second: list[Run], separator: str) -> list[Run]:
    runs = [Run(r.text, r.bold) for r in first]
    for run in [Run(separator + second[0].text, second[0].bold)] + second[1:] if second else []:
        if runs and runs[-1].bold == run.bold:
            runs[-1] = Run(runs[-1].text + run.text, run.bold)
        else:
            runs.append(run)
    return runs


class PageAssembler:
    """Appends page blocks to the document, joining tables that continue across a page break."""

    def __init__(self, document: Document):
        self.document = document
        self.last_table: Block | None = None

    def add_page(self, blocks: list[Block]) -> None:
        for position, block in enumerate(blocks):
            if isinstance(block.block, Table):
                if position == 0 and self._continues(block):
                    _append_continuation(self.last_table.block, block.block)
                    self.last_table.reaches_page_end = block.reaches_page_end
                    continue
                self.last_table = block
            self.document.blocks.append(block.block)

    def _continues(self, block: Block) -> bool:
        previous = self.last_table
        return (
            previous is not None
            and self.document.blocks
            and self.document.blocks[-1] is previous.block
            and previous.reaches_page_end
            and previous.block.width() == block.block.width()
            and abs(previous.x0 - block.x0) <= EDGE_TOLERANCE
            and abs(previous.x1 - block.x1) <= EDGE_TOLERANCE
        )


def _row_text(row: list[Cell]) -> str:
    return "|".join(re.sub(r"\s+", "", c.text) for c in row)


def _covering(rows: list[list[Cell]], row_index: int, column: int) -> Cell | None:
    """The cell holding the value at logical `column` of row `row_index` (looking up through merges)."""
    for r in range(row_index, -1, -1):
        start = 0
        for cell in rows[r]:
            if start <= column < start + cell.colspan:
                if not cell.continued:
                    return cell
                break
            start += cell.colspan
        else:
            return None
    return None


def _cell_starts(row: list[Cell]) -> list[tuple[int, Cell]]:
    out, start = [], 0
    for cell in row:
        out.append((start, cell))
        start += cell.colspan
    return out


def _key_column(rows: list[list[Cell]]) -> int:
    """The leftmost column holding short values (序号-like) in most body rows; 0 if none does."""
    body = rows[1:] or rows
    width = max((sum(c.colspan for c in row) for row in body), default=0)
    for column in range(width):
        short = 0
        for row in body:
            cell = next((c for s, c in _cell_starts(row) if s == column and c.colspan == 1), None)
            if cell is not None and not cell.continued and 0 < len(cell.text.strip()) <= 8:
                short += 1
        if short >= 0.6 * len(body):
            return column
    return 0


def _append_continuation(table: Table, part: Table) -> None:
    rows = list(part.rows)
    if table.rows and rows:
        first = 1 if len(rows) > 1 and _row_text(rows[0]) == _row_text(table.rows[0]) else 0
        if first < len(rows):
            below = rows[first + 1] if first + 1 < len(rows) else None
            if _is_broken_row(rows[first], below, _key_column(table.rows)):
                _join_into_last_row(table, rows.pop(first))
            else:
                _mark_merge_remainders(table, rows[first], below)
    table.rows += rows


def _continued_at(row: list[Cell] | None, column: int) -> bool:
    return row is not None and any(c.continued for s, c in _cell_starts(row) if s == column)


def _last_body_row(table: Table) -> int:
    """The index of the last row that is not a repeat of the header row."""
    header = _row_text(table.rows[0])
    return next((i for i in range(len(table.rows) - 1, 0, -1) if _row_text(table.rows[i]) != header), 0)


def _is_broken_row(row: list[Cell], below: list[Cell] | None, key: int) -> bool:
    """The rest of a row broken by the page break: its key cell (序号) is empty and does not start a
    vertical merge, while other cells have text."""
    start, cell = next(((s, c) for s, c in _cell_starts(row) if s <= key < s + c.colspan), (0, None))
    if cell is None or cell.continued or cell.text.strip() or _continued_at(below, start):
        return False
    return any(c.text.strip() for c in row)


def _mark_merge_remainders(table: Table, row: list[Cell], below: list[Cell] | None) -> None:
    """An empty cell on the first row of a continued part, with a vertical merge running on below it,
    is the rest of a merged cell from the previous page: its value is above."""
    last = _last_body_row(table)
    for start, cell in _cell_starts(row):
        if cell.text.strip() or cell.continued or not _continued_at(below, start):
            continue
        if _covering(table.rows, last, start) is not None:
            cell.continued = True


def _join_into_last_row(table: Table, row: list[Cell]) -> None:
    """Joins a broken row's remainder, cell by cell with a line break, into the last body row."""
    last = _last_body_row(table)
    for start, cell in _cell_starts(row):
        if cell.continued or not cell.text.strip():
            continue
        target = _covering(table.rows, last, start)
        if target is not None:
            target.runs = join_runs(target.runs, cell.runs, "\n") if target.runs else list(cell.runs)
