"""Find the list table of a notice and turn its rows into project items.

The header row names the columns (序号, 项目名称, 实施内容及工作目标, 承办单位, 牵头单位, 协办单位, 分管领导,
完成期限, 项目类别 …). Below it come category rows ("一、老年人保障方面"), project rows, repeated headers at
page breaks, rows broken across pages, and — in "grouped" tables — several item rows under one numbered
category whose number and name cells are merged over the items.
"""

import re
from dataclasses import dataclass, field

import cn2an

from minsheng.notices.extraction.unitnames import LEAD_NOTE, UNIT_END, split_cell
from minsheng.notices.readers.grid import Cell, Table

ROLE_PATTERNS = [
    ("seq", re.compile(r"^(序号|编号|序)$")),
    ("leaders", re.compile(r"领导")),
    ("deadline", re.compile(r"期限|时限|完成时间|时间节点")),
    ("co", re.compile(r"协办|配合|参与|协助")),
    ("lead", re.compile(r"牵头|主办|主责")),
    ("units", re.compile(r"承办|责任单位|实施单位|责任部门|单位")),
    ("category", re.compile(r"类别|领域|类型|方面|分类|大类")),
    ("summary", re.compile(r"概述|简介|概况")),
    ("content", re.compile(r"内容|目标|规模|任务|措施")),
    ("name", re.compile(r"名称|项目|事项|实事|工程")),
]
CATEGORY_MARK = re.compile(
    r"^[一二三四五六七八九十]+[、.．]|^第[一二三四五六七八九十]+[部分类项]|方面$|工程$"
)
SEQ = re.compile(r"^[(（]?(\d{1,3}(?:[.．-]\d{1,3})*)[)）、.．]?$")
ITEM_MARK = re.compile(r"^(\d{1,3})[、.．](?!\d)")
CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+|\s+(?=[\u3000-\u9fff\uff00-\uffef])")


def flat(text: str) -> str:
    """Join layout line breaks and drop the spaces a layout leaves next to Chinese characters."""
    return CJK_SPACE.sub("", text.replace("\n", "")).strip()


def header_roles(row: list[Cell]) -> dict[str, int] | None:
    """Column index per role if the row is a header row."""
    roles: dict[str, int] = {}
    unnamed: list[int] = []  # header cells of no known role: the first may be the list's own word
    col = 0
    for cell in row:
        text = re.sub(r"\s+", "", cell.text)
        for role, pattern in ROLE_PATTERNS:
            if text and len(text) <= 12 and pattern.search(text):
                if role == "units" and "lead" in roles:
                    role = "co"  # 牵头单位 | 责任单位: the second is the co-units
                roles.setdefault(role, col)
                break
        else:
            if text and len(text) <= 12:
                unnamed.append(col)
        col += cell.colspan
    if "seq" in roles and "name" not in roles and "content" not in roles and unnamed:
        roles["name"] = unnamed[0]  # 序号 | 重点工作 | 责任单位: the column the rows are named in
    if len(roles) >= 3 and ("seq" in roles or "name" in roles) or roles.keys() == {"seq", "name"}:
        return roles  # 序号 | 项目名称 alone is a list too
    return None


def find_list_table(tables: list[Table]) -> tuple[Table, int, dict[str, int]] | None:
    """The table (and header row index and roles) holding the most rows under a header."""
    best = None
    for table in tables:
        for i, row in enumerate(table.rows[:5]):
            roles = header_roles(row)
            if roles:
                if best is None or len(table.rows) - i > len(best[0].rows) - best[1]:
                    best = (table, i, roles)
                break
    return best


def _cells_by_column(row: list[Cell]) -> dict[int, Cell]:
    out, col = {}, 0
    for cell in row:
        out[col] = cell
        col += cell.colspan
    return out


def ordinal(text: str) -> int | None:
    text = text.strip().rstrip("、.．")
    if text.isdigit():
        return int(text)
    try:
        return int(cn2an.cn2an(text, "strict"))
    except (ValueError, KeyError, TypeError):
        return None


@dataclass
class Item:
    seq: str = ""
    category: str | None = None
    name: str = ""
    summary: str = ""
    content: str = ""
    lead_units: list[str] = field(default_factory=list)
    co_units: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    deadline_text: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Row:
    cells: dict[str, Cell]

    def text(self, role: str) -> str:
        cell = self.cells.get(role)
        return flat(cell.text) if cell and not cell.continued else ""

    def has_units(self) -> bool:
        return any(self.text(r) for r in ("lead", "co", "units"))


def _rows(table: Table, start: int, roles: dict[str, int]) -> list[_Row]:
    by_role_col = {col: role for role, col in roles.items()}
    rows = []
    for row in table.rows[start:]:
        if header_roles(row):
            continue  # a header repeated at a page break
        cells = {by_role_col[c]: cell for c, cell in _cells_by_column(row).items() if c in by_role_col}
        if any(flat(c.text) for c in cells.values()):
            rows.append(_Row(cells))
        elif any(flat(c.text) for c in row):  # a row spanning the header's columns: a category
            rows.append(_Row({"category_row": Cell.of(" ".join(flat(c.text) for c in row if flat(c.text)))}))
    return rows


def without_people(names: list[str]) -> list[str]:
    """A 牵头单位及主要负责人 cell ("市民政局 伍某国") names a person beside the unit: a name of two or three
    characters with no unit ending goes, where another name in the cell is a unit."""
    people = [n for n in names if re.fullmatch(r"[\u4e00-\u9fff]{2,3}", n) and not UNIT_END.search(n)]
    return [n for n in names if n not in people] if people and len(people) < len(names) else names


def _units(row: _Row, bold_means_lead: bool) -> tuple[list[str], list[str], bool]:
    """(lead, co, whether the lead was inferred from position rather than marked)."""
    if "lead" in row.cells:
        lead = [n for n, _ in split_cell(row.cells["lead"])] if row.text("lead") else []
        co = [n for n, _ in split_cell(row.cells["co"])] if row.text("co") else []
        if not row.text("lead") and row.text("units"):
            lead = [n for n, _ in split_cell(row.cells["units"])]
        return without_people(lead), co, False
    cell = row.cells.get("units")
    if cell is None or not row.text("units"):
        co = [n for n, _ in split_cell(row.cells["co"])] if row.text("co") else []
        return [], co, False
    names = split_cell(cell)
    extra_co = [n for n, _ in split_cell(row.cells["co"])] if row.text("co") else []
    if "co" in row.cells:  # 责任单位 | 协办单位: the first column is the lead
        return [n for n, _ in names], extra_co, False
    if bold_means_lead and any(b for _, b in names):
        return [n for n, b in names if b], [n for n, b in names if not b] + extra_co, False
    return [n for n, _ in names[:1]], [n for n, _ in names[1:]] + extra_co, True


def _is_category_row(row: _Row) -> str | None:
    if "category_row" in row.cells:
        return row.text("category_row")
    filled = [role for role, cell in row.cells.items() if flat(cell.text)]
    if len(filled) == 1:
        text = row.text(filled[0])
        if ordinal(text) is None and (CATEGORY_MARK.search(text) or row.cells[filled[0]].bold_texts()):
            return text
    return None


def _grouped(rows: list[_Row]) -> bool:
    """Item rows under merged number/name cells: rows with no number and no name but their own
    units or an item number."""
    items = [
        r
        for r in rows
        if not r.text("seq")
        and not r.text("name")
        and not r.text("category")
        and r.text("content")
        and (r.has_units() or ITEM_MARK.match(r.text("content")))
    ]
    return len(items) >= 2


def _title_name(content: str) -> tuple[str, str] | None:
    """A content cell opening with a short title ("全民健身计划。…")."""
    m = re.match(r"^([^。；;，,\d①-⑳]{2,16})[。：:]", content)
    return (m.group(1), content) if m else None


def first_sentence(text: str, limit: int = 60) -> str:
    """The first sentence of an item, as its name when the table gives none."""
    sentence = re.split(r"[。；;]", text, maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[:limit] + "…"


def items_from_table(table: Table, start: int, roles: dict[str, int], bold_means_lead: bool) -> list[Item]:
    rows = _rows(table, start + 1, roles)
    grouped = "category" in roles or _grouped(rows)
    items: list[Item] = []
    category: str | None = None
    group_no, in_group = None, 0
    for row in rows:
        heading = _is_category_row(row)
        if heading:
            category = heading
            continue
        seq_text, name_text, content = row.text("seq"), row.text("name"), row.text("content")
        seq_match = SEQ.match(seq_text)
        starts_item = bool(seq_match or (seq_text and ordinal(seq_text) is not None))
        if grouped:
            label = row.text("category") or (name_text if "category" not in roles else "")
            if starts_item and label:
                group_no, in_group = ordinal(seq_text), 0
                chinese = not seq_text.strip().isdigit()
                category = f"{seq_text.strip().rstrip('、.．')}、{label}" if chinese else label
            is_item = starts_item or row.has_units() or ITEM_MARK.match(content) or row.text("deadline")
            if not is_item and items:
                _continue(items[-1], row)
                continue
            in_group += 1
            marker = ITEM_MARK.match(content)
            seq = marker.group(1) if marker else f"{group_no}.{in_group}" if group_no else str(len(items) + 1)
            if "category" in roles and seq_text.strip().isdigit():  # a category column beside a 序号 column
                seq = seq_text.strip()
            content = content[marker.end() :] if marker else content
            titled = _title_name(content)
            name = titled[0] if titled else first_sentence(content)
            if "category" in roles and "name" in roles and name_text:  # 事项分类 | 事项名称 | 项目内容
                name = name_text
        else:
            if not starts_item:
                if items:
                    _continue(items[-1], row)
                continue
            seq = seq_match.group(1).replace("．", ".") if seq_match else str(ordinal(seq_text))
            name = name_text or content
        lead, co, inferred = _units(row, bold_means_lead)
        if not lead and not co and items and grouped:
            lead, co = list(items[-1].lead_units), list(items[-1].co_units)  # merged unit cells
        item = Item(
            seq=seq,
            category=category,
            name=name,
            summary=row.text("summary"),
            content=content,
            lead_units=lead,
            co_units=co,
            leaders=[n for n, _ in split_cell(row.cells["leaders"])] if row.text("leaders") else [],
            deadline_text=row.text("deadline") or None,
        )
        if not lead:
            item.warnings.append(f"项目 {seq} 未识别到牵头单位")
        items.append(item)
    return items


def _continue(item: Item, row: _Row) -> None:
    """A row broken across a page: its text continues the item above."""
    item.content += row.text("content")
    item.summary += row.text("summary")
    if row.text("name") and row.text("name") != item.name:
        item.name += row.text("name")
    lead, co, _ = _units(row, True)
    item.co_units += [u for u in lead + co if u not in item.lead_units and u not in item.co_units]


def says_bold_is_lead(text: str) -> bool:
    return bool(LEAD_NOTE.search(text))
