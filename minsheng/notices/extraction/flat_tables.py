"""A table flattened one cell per line (a web page's table copied as text, or a PDF read cell by cell):
a header of short cells starting with 序号, then rows that each start with their number on a line of
its own. The project's name is the first cell of text after the number (plain functions)."""

import re

from minsheng.notices.extraction.enumerated_lines import HEADER_CELLS
from minsheng.notices.extraction.run import Run, clean_item, context_of
from minsheng.notices.extraction.unitnames import UNIT_END as _UNIT_END
from minsheng.notices.extraction.unitnames import split_text
from minsheng.notices.readers.grid import Cell, Table

_NUMBER = re.compile(r"\d{1,3}")
_CJK = re.compile(r"[\u4e00-\u9fff]")
MIN_ROWS = 3
MAX_HEADER = 20  # header lines read after 序号 (a header cell may be printed over two lines)
SHORT_CELL = 80  # a text longer than this after a full row is prose after the table
MAX_CELL = 400


def cell_text(line: str) -> str:
    """A line as a cell: without the "|" some pages print at a cell's end ("序号 |", "||||")."""
    return line.strip().strip("|").strip()


def _header(texts: list[str], start: int) -> tuple[list[str], int] | None:
    """The header cells after 序号 and the index of the first row's number, when they name a list."""
    header: list[str] = []
    for i in range(start + 1, len(texts)):
        if _NUMBER.fullmatch(texts[i]):
            if any(HEADER_CELLS.search(t) or "名称" in t or "项目" in t for t in header):
                return header, i
            return None
        if texts[i]:
            header.append(texts[i])
            if len(header) > MAX_HEADER:
                return None
    return None


def header_lines(lines: list[str], start: int) -> list[str]:
    """The header cells of the flattened table whose 序号 line is `start`."""
    texts = [re.sub(r"\s+", "", cell_text(line)) for line in lines]
    found = _header(texts, start)
    return found[0] if found else []


def flattened_rows(lines: list[str]) -> tuple[int, list[list[str]]] | None:
    """(index of the 序号 line, the rows' cells) of the first flattened table with numbered rows; the
    rows may start at any number (a progress table shows rows 24 to 26 of its list)."""
    texts = [re.sub(r"\s+", "", cell_text(line)) if len(line) <= 20 else cell_text(line) for line in lines]
    for start, text in enumerate(texts):
        found = _header(texts, start) if text in ("序号", "编号") else None
        if not found:
            continue
        header, first = found
        number = int(texts[first])
        rows: list[list[str]] = []
        for text in texts[first:]:
            if not text:
                continue
            if _NUMBER.fullmatch(text) and int(text) == number + len(rows):
                rows.append([])
            elif rows:
                # a long text is a cell (建设内容) while the row still lacks cells, else prose after the table
                if len(text) > MAX_CELL or len(text) > SHORT_CELL and len(rows[-1]) >= len(header):
                    break
                rows[-1].append(text)
        if len(rows) >= MIN_ROWS:
            return start, [[str(number + n), *cells] for n, cells in enumerate(rows)]
    return None


def looks_like_units(cell: str) -> bool:
    parts = split_text(cell)
    return (
        bool(parts)
        and len(cell) <= 40
        and all(_UNIT_END.search(p) and not re.search(r"\d", p) for p in parts)
    )


def _units_joined(cells: list[str], width: int, units_at: int | None) -> list[str]:
    """A row with more cells than its header whose units cell was printed one unit per line ("县水务局 /
    县住建局 / 县护城河指挥部"): those lines joined into one cell."""
    extra = len(cells) - width
    if extra <= 0 or units_at is None:
        return cells
    group = cells[units_at : units_at + 1 + extra]
    if len(group) == 1 + extra and all(looks_like_units(c) for c in group):
        return [*cells[:units_at], "、".join(group), *cells[units_at + 1 + extra :]]
    return cells


def row_lead(cells: list[str]) -> list[str]:
    """The lead units of a row whose cells no longer line up with its header (empty cells dropped): the
    first cell after the name made only of unit names ("城管局"; a leader's name or a figure is not)."""
    name = row_name(cells)
    at = next((i for i, c in enumerate(cells) if i and name.startswith(c)), None) if name else None
    after = cells[at + 1 :] if at is not None else []
    for cell in after:
        if looks_like_units(cell):
            return split_text(cell)[:1]
    return []


def row_name(cells: list[str]) -> str:
    """The first cell with Chinese text after the row's number: the project (the cells after it are
    units, dates or counts). A name the narrow column wrapped ("城市用气 / 提升工程", "生命守护 / 工程")
    comes as two cells, the second a short fragment before the long content cell: they are joined."""
    at = next((i for i, c in enumerate(cells) if i and _CJK.search(c)), None)
    if at is None:
        return ""
    name, rest = cells[at], cells[at + 1 :]
    if (
        len(rest) >= 2
        and re.fullmatch(r"[\u4e00-\u9fff]{1,4}", rest[0])
        and not looks_like_units(rest[0])
        and len(name) <= 10
        and len(rest[1]) >= 3 * len(name + rest[0])
    ):
        return name + rest[0]
    return name


def as_table(lines: list[str]) -> Table | None:
    """The flattened table rebuilt as a grid, when its rows have as many cells as its header (give or
    take an empty one; the text after the table trails its last row and is cut), so the tables path
    reads its columns: 项目名称, 责任单位, 完成时限…"""
    found = flattened_rows(lines)
    if not found:
        return None
    start, rows = found
    texts = [re.sub(r"\s+", "", cell_text(line)) for line in lines[start:]]
    header = ["序号", *_header(texts, 0)[0]]  # type: ignore[index]  # found above
    width = len(header) - 1  # 序号 is the row's number
    if width < 2 or sum(len(cells) - 1 >= width - 1 for cells in rows) < 0.8 * len(rows):
        return None
    grid = [[Cell.of(h) for h in header]]
    units = [i - 1 for i, h in enumerate(header) if re.search(r"单位|部门", h)]
    groups = [i - 1 for i, h in enumerate(header) if re.search(r"分类|类别|大类|领域", h)]
    name_at = next((i - 1 for i, h in enumerate(header) if "名称" in h), 0)
    for number, *cells in rows:
        # a category printed on its first row only: the unit cell comes early by the missing cells
        first_unit = next((k for k, c in enumerate(cells) if k > name_at and looks_like_units(c)), None)
        missing = units[0] - first_unit if units and first_unit is not None else width - len(cells)
        for at in groups[: max(0, missing)]:
            cells.insert(at, "")
        if units and units[-1] == width - 1 and len(cells) > width:  # the last column's units, one per line
            cells = [*cells[: width - 1], "、".join(cells[width - 1 :])]
        cells = _units_joined(cells, width, units[0] if units else None)
        padded = [*cells[:width], *[""] * (width - len(cells))]
        grid.append([Cell.of(number), *(Cell.of(c) for c in padded)])
    return Table(rows=grid)


_CJK_TEXT = re.compile(r"[\u4e00-\u9fff].*[\u4e00-\u9fff]")
_PROMISES = re.compile(r"内容|目标|规模|任务|计划")
_REPORTS = re.compile(r"进展|进度|情况|考核|评价|成效")


def table_runs(lines: list[str]) -> list[Run]:
    """A table flattened one cell per line (flat_tables.py): its rows' names."""
    found = flattened_rows(lines)
    if not found:
        return []
    start, rows = found
    names = tuple(clean_item(row_name(cells)) for cells in rows)
    leads = tuple(tuple(row_lead(cells)) for cells in rows)
    # the row's other text cells are its detail, where its targets are read — when the header promises
    # (建设内容, 年度目标), not when it reports (完成情况, 进展: achieved figures are not commitments)
    header = "".join(header_lines(lines, start))
    details: tuple[tuple[str, ...], ...] = ()
    if _PROMISES.search(header) and not _REPORTS.search(header):
        details = tuple(
            tuple(c for c in cells[1:] if len(c) > len(n) and _CJK_TEXT.search(c))
            for n, cells in zip(names, rows, strict=True)
        )
    return (
        [Run(names, "table", "flat", start, context_of(lines, start), leads, details)] if all(names) else []
    )
