"""Tables printed one row per line with their cells between "|" (a web page's table copied as text): with
a header row holding 序号, with the numbers inside the name cells, or with no header at all (plain
functions). Each is rebuilt as a grid, so the tables path reads its columns."""

import re
from collections import Counter

from minsheng.notices.extraction.flat_tables import MIN_ROWS, looks_like_units
from minsheng.notices.readers.grid import Cell, Table

_NUMBER = re.compile(r"\d{1,3}")
MAX_PIPE_ROWS = 500


_PIPE = re.compile(r"\s*\|\s*")


def _pipe_cells(line: str) -> list[str]:
    return list(_PIPE.split(line.strip().strip("|")))


def pipe_table(lines: list[str]) -> Table | None:
    """A table printed one row per line with its cells between "|" ("序号 | 实事项目 | 责任单位 |"): the
    header row with a 序号 cell and the rows after it, each with its number in that column — or first,
    where a merged cell before it (大类) is printed only on the group's first row."""
    for start, line in enumerate(lines):
        if line.count("|") < 2:
            continue
        header = _pipe_cells(line)
        at = next((k for k, h in enumerate(header) if h.replace(" ", "") in ("序号", "编号")), None)
        rest = lines[start + 1 : start + 1 + MAX_PIPE_ROWS]
        if at is None and len(header) >= 3 and (table := _numbered_names(header, rest)):
            return table
        if at is None or len(header) < 3 and not any("名称" in h for h in header):  # 序号 | 项目名称 will do
            continue
        rows: list[list[str]] = []
        for row in lines[start + 1 : start + 1 + MAX_PIPE_ROWS]:
            if not row.strip():
                continue
            cells = _pipe_cells(row) if row.count("|") >= 2 else []
            if (
                at
                and cells
                and _NUMBER.fullmatch(cells[0])
                and not _NUMBER.fullmatch(cells[at] if at < len(cells) else "")
            ):
                cells = [*[""] * at, *cells]  # the merged cells before 序号 are not printed on this row
            if cells and at < len(cells) and _NUMBER.fullmatch(cells[at]):
                rows.append([*cells[: len(header)], *[""] * (len(header) - len(cells))])
            elif (
                cells and rows
            ):  # the rest of a row's cells, printed on a line of their own ("新增学位810个 | |||")
                for k, text in enumerate(cells[: len(header) - 1 - at], at + 1):
                    rows[-1][k] = f"{rows[-1][k]}\n{text}".strip() if text else rows[-1][k]
            else:
                break
        grid = [[Cell.of(h) for h in header], *([Cell.of(c) for c in row] for row in rows)]
        if len(grid) - 1 >= MIN_ROWS:
            return Table(rows=grid)
    return None


_NAME_MARK = re.compile(r"(\d{1,3})\s*[.．、]\s*(?=\S)")


def _numbered_names(header: list[str], lines: list[str]) -> Table | None:
    """A "|" table with no 序号 column whose names carry their numbers ("类别 | 民生事项名称 | 责任单位 |…",
    "四、教育文化 | 14.改扩建泉山学校 | …", then "15.推进学校塑胶运动场地建设 | …": the category cell is
    printed on a group's first row only). Rebuilt with a 序号 column in front, so the tables path reads it."""
    name_at = next((k for k, h in enumerate(header) if re.search(r"名称|事项|项目", h)), None)
    if name_at is None or not any(re.search(r"单位|部门", h) for h in header):
        return None
    rows: list[list[str]] = []
    for line in lines:
        cells = _pipe_cells(line) if line.count("|") >= 2 else []
        if not cells:
            break
        if _NAME_MARK.match(cells[0]) and not (name_at < len(cells) and _NAME_MARK.match(cells[name_at])):
            cells = [*[""] * name_at, *cells]  # the group's cells before the name are not printed again
        mark = _NAME_MARK.match(cells[name_at]) if name_at < len(cells) else None
        if not mark and rows:
            continue  # a project's further task rows ("新建城市口袋公园2处; | 11月 | 建设局 |"): its own lines
        if not mark:
            break
        cells[name_at] = cells[name_at][mark.end() :]
        rows.append([mark.group(1), *cells[: len(header)], *[""] * (len(header) - len(cells))])
    if len(rows) < MIN_ROWS:
        return None
    return Table(rows=[[Cell.of(h) for h in ["序号", *header]], *([Cell.of(c) for c in row] for row in rows)])


def headerless_pipe_table(lines: list[str]) -> Table | None:
    """Rows "1 | 完成27所学校…改造。 | 县教育局 | 进展… |" with no header (the copy starts at row 1): three or
    more rows numbered in order, lone "|" lines between them passed over. The name is the first cell of
    text; the units column is the one whose cells are unit names."""
    rows: list[list[str]] = []
    for line in lines:
        cells = _pipe_cells(line) if line.count("|") >= 2 else []
        if cells and _NUMBER.fullmatch(cells[0]) and int(cells[0]) == (int(rows[-1][0]) + 1 if rows else 1):
            rows.append(cells)
        elif rows and (not line.strip() or line.strip() == "|"):
            continue
        elif len(rows) >= MIN_ROWS:
            break
        else:
            rows = []
        if len(rows) >= MAX_PIPE_ROWS:
            break
    if len(rows) < MIN_ROWS:
        return None
    width = Counter(len(r) for r in rows).most_common(1)[0][0]
    if width < 3:
        return None
    units = [
        k for k in range(2, width) if sum(looks_like_units(r[k]) for r in rows if k < len(r)) * 2 > len(rows)
    ]
    header = ["序号", "项目名称", *["备注"] * (width - 2)]
    if units:
        header[units[0]] = "责任单位"
    grid = [[Cell.of(h) for h in header]]
    grid += [[Cell.of(c) for c in [*r[:width], *[""] * (width - len(r))]] for r in rows]
    return Table(rows=grid)
