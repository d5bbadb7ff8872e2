"""The region tree an installation starts from, read from a list an operator already has: the national
administrative division codes (GB/T 2260, six digits; the statistics bureau's town codes, nine or
twelve digits) with their names, as .csv or .xlsx. Plain functions, no ORM: rows in, checked regions
(parents first) or every row's problem in Chinese out.

Columns: 区划代码 and 名称 are needed; 类型, 上级 and 政府 are optional. Left empty, the parent is read
from the code (370826 → 370800 → 370000; a town 370826100 → 370826; a parent read so that is neither in the list nor
on the platform makes the row a top, as a city's own list starts at the city), the kind from the code's level and
the name's ending (…区 区, …县 县, …市 县级市, …街道 街道, …镇 镇, …乡 乡), and the government from the
name (…人民政府, a zone's …管理委员会, a street's …办事处). A functional zone without a code gives its
上级 (a code or a name) and 类型 功能区."""

import re
from dataclasses import dataclass

KINDS = {
    "省": "province",
    "地级市": "city",
    "市": "city",
    "市辖区": "district",
    "区": "district",
    "县": "county",
    "旗": "county",
    "县级市": "county_city",
    "功能区": "zone",
    "镇": "town",
    "乡": "township",
    "街道": "street",
}
TOWN_LEVEL = ("town", "township", "street")
CODE = re.compile(r"^(\d{6}|\d{9}|\d{12})$")
MAX_ROWS = 5000  # a province's counties and towns fit many times over
NAME_LIMIT, GOVERNMENT_LIMIT = 60, 100


@dataclass(frozen=True)
class RegionRow:
    line: int
    name: str
    code: str
    kind: str
    parent: str  # the parent's key: its code, or "名称:<name>" for a parent without a code ("" at the top)
    government: str
    parent_given: bool = False  # 上级 filled in (else read from the code)

    @property
    def key(self) -> str:
        return self.code or f"名称:{self.name}"


def short_code(code: str) -> str:
    """A statistics code without its trailing zeros of lower levels: 370826000000 → 370826, 370826100000
    → 370826100; a six-digit code stays as it is."""
    if len(code) == 12 and code.endswith("000"):
        code = code[:9]
    if len(code) == 9 and code.endswith("000"):
        code = code[:6]
    return code


def parent_code(code: str) -> str:
    """The parent's code read from the code itself ("" for a province)."""
    if len(code) > 6:
        return code[:6]
    if code[2:] == "0000":
        return ""
    if code[4:] == "00":
        return code[:2] + "0000"
    return code[:4] + "00"


def kind_of(code: str, name: str) -> str:
    if len(code) > 6 or name.endswith(("街道", "街道办事处", "镇", "乡")):
        if name.endswith(("街道", "街道办事处")):
            return "street"
        return "township" if name.endswith("乡") else "town"
    if code and code[2:] == "0000":
        return "province"
    if code and code[4:] == "00":
        return "city"
    if name.endswith(("县", "旗")):
        return "county"
    if name.endswith("市"):
        return "county_city"
    if name.endswith(("开发区", "高新区", "新区", "园区", "管理区", "度假区")) or not code:
        return "zone"
    return "district"


def government_of(name: str, kind: str) -> str:
    if kind == "zone":
        return f"{name}管理委员会"
    if kind == "street":
        return name if name.endswith("办事处") else f"{name}办事处"
    return f"{name}人民政府"


def check(rows: list[tuple[int, dict]], known: dict[str, str]) -> tuple[list[RegionRow], list[str]]:
    """The rows (line number, cells by header) checked against each other and against the regions the
    installation already has (`known`: key → name, keys as RegionRow.key); the regions to make, parents
    first, and the problems (any problem means nothing is written)."""
    errors: list[str] = []
    if len(rows) > MAX_ROWS:
        return [], [f"超过 {MAX_ROWS} 行，请分批导入。"]
    found: list[RegionRow] = []
    seen: dict[str, int] = {}
    names: dict[str, set[str]] = {}
    for key, name in known.items():
        names.setdefault(name, set()).add(key)
    for line, cells in rows:
        name, code = cells.get("名称", "").strip(), short_code(cells.get("区划代码", "").strip())
        word, above = cells.get("类型", "").strip(), cells.get("上级", "").strip()
        problems = []
        if not name or len(name) > NAME_LIMIT:
            problems.append(f"请填写名称（最多 {NAME_LIMIT} 字）")
        if code and not CODE.match(code):
            problems.append(f"区划代码“{code}”应为 6、9 或 12 位数字")
        if word and word not in KINDS and word not in KINDS.values():
            problems.append(f"类型“{word}”不对，应为 {'、'.join(KINDS)} 之一")
        if not code and not above:
            problems.append("没有区划代码的区划（如功能区）请填写“上级”")
        if problems:
            errors.append(f"第 {line} 行：{'；'.join(problems)}。")
            continue
        kind = (KINDS.get(word) or word) if word else kind_of(code, name)  # a word, or the kind's own key
        government = cells.get("政府", "").strip() or government_of(name, kind)
        if len(government) > GOVERNMENT_LIMIT:
            errors.append(f"第 {line} 行：政府名称最多 {GOVERNMENT_LIMIT} 字。")
            continue
        row = RegionRow(
            line, name, code, kind, above or (parent_code(code) if code else ""), government, bool(above)
        )
        if row.key in seen:
            errors.append(f"第 {line} 行：与第 {seen[row.key]} 行重复（{code or name}）。")
            continue
        seen[row.key] = line
        names.setdefault(name, set()).add(row.key)
        found.append(row)
    keys = {r.key for r in found} | set(known)
    resolved = []
    for row in found:
        parent = row.parent
        if parent and not CODE.match(parent):  # a parent given by name
            matches = names.get(parent, set())
            if len(matches) != 1:
                why = "不存在" if not matches else "有重名，请填写它的区划代码"
                errors.append(f"第 {row.line} 行：上级“{parent}”{why}。")
                continue
            [parent] = matches
        elif parent:
            parent = short_code(parent)
            if parent not in keys and not row.parent_given:
                parent = ""  # the list starts below the province (a city's own tree): its top rows are tops
        if parent and parent not in keys:
            errors.append(
                f"第 {row.line} 行：上级区划 {parent} 既不在本表中，也不在平台中，请先导入上级区划。"
            )
            continue
        resolved.append(
            RegionRow(row.line, row.name, row.code, row.kind, parent, row.government, row.parent_given)
        )
    errors.sort(key=_line_of)  # stable: each row's problems in the order found
    return ([] if errors else parents_first(resolved)), errors


def _line_of(text: str) -> int:
    found = re.match(r"第 (\d+) 行", text)
    return int(found[1]) if found else 0


def parents_first(rows: list[RegionRow]) -> list[RegionRow]:
    """The rows ordered so that each comes after its parent (a parent outside the list is already made),
    otherwise in the list's order."""
    by_key = {r.key: r for r in rows}

    def depth(row: RegionRow) -> int:
        level, seen = 0, set()
        while row.parent in by_key and row.key not in seen:
            seen.add(row.key)
            row, level = by_key[row.parent], level + 1
        return level

    return sorted(rows, key=lambda r: (depth(r), r.line))
