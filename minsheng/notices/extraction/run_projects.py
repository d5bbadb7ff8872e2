"""A run's items as draft projects, and what the review page is told about how they were found (plain
functions): the name is the item without its unit clause, its detail and units come from the lines under it."""

import re

from minsheng.notices.extraction.flat_tables import row_lead
from minsheng.notices.extraction.run import Run, clean_item
from minsheng.notices.extraction.unitclauses import item_units

LONG_NAME = 40  # a name longer than this likely carries its description
LOOSE = {
    "bare",
    "headed",
    "grouped",
    "separated",
    "counted",
    "quotes",
    "titles",
}  # runs found without numbering: each item is asked about


def projects_of(run: Run) -> list[dict]:
    """The run's items as draft projects: the name is the item without a unit clause it may carry."""
    projects = []
    rows = _spaced_rows(run.items)
    for i, item in enumerate(run.items, 1):
        details = list(run.details[i - 1]) if run.details else []
        found = item_units([item, *details])
        name = clean_item(found["texts"][0]) or item
        if rows:  # a table row printed with spaces between its cells: the first cell names it
            name = rows[i - 1][0]
            cells = [re.sub(r"^[\d.]+\s+", "", c) for c in rows[i - 1]]  # "3417 区交通运输委": money, unit
            found["lead_units"] = found["lead_units"] or row_lead(["", *cells])
        first, dot, rest = name.partition("。")
        if dot and rest.strip():  # "加快路网改造，缓解拥堵。年内完成……": the first sentence names it
            name = first
        head = re.split(r"[：:]|——", name, maxsplit=1)
        if len(head) == 2 and len(head[0]) >= 4 and head[1].strip():  # "农田水利提升工程：完成河道治理3条"
            name = head[0]
        doubts = (
            [f"此项是从{KIND_WORDS[run.kind]}中拆出的，请确认它是一个项目。"] if run.kind in LOOSE else []
        )
        if len(name) > LONG_NAME:
            doubts.append("名称较长，可能带有说明文字，请精简为项目名称。")
        projects.append(
            {
                "seq": str(i),
                "category": run.categories[i - 1] if run.categories else None,
                "name": name,
                "content": "\n".join([item, *details]),
                "lead_units": found["lead_units"] or list(run.leads[i - 1] if run.leads else ()),
                "co_units": found["co_units"],
                "leaders": found["leaders"],
                "deadline_text": found["deadline_text"],
                "warnings": doubts,
            }
        )
    return projects


KIND_WORDS = {
    "lines": "逐行编号的条目",
    "inline": "一段话里的编号条目",
    "titles": "书名号里的名称",
    "quotes": "引号里的名称",
    "separated": "一句话里用分号或顿号隔开的条目",
    "counted": "“……等N项”一句里用顿号隔开的条目",
    "table": "文本中逐格排列的表格",
    "bare": "没有编号、一行一项的条目",
    "headed": "各段开头的短句",
    "grouped": "各类别“包括”之后的条目",
    "records": "以“项目名称：”开头的逐项记录",
}


_CELL_GAP = re.compile(r"(?<=[\u4e00-\u9fff。）)%])\s+(?=[\u4e00-\u9fff\d])")


def _spaced_rows(items: tuple[str, ...]) -> list[list[str]]:
    """The items as cells, when they are table rows printed with spaces between the cells ("实施城镇老旧
    小区改造 新开工改造…67个 3417 区住房城乡建委 …"): most items split into three or more cells."""
    rows = [[c for c in _CELL_GAP.split(item.strip()) if c] for item in items]
    cells = sum(len(r) >= 3 and not r[0].endswith("。") for r in rows)  # a first sentence is no cell
    return rows if rows and 2 * cells > len(rows) else []


def run_warning(run: Run) -> str:
    if run.kind == "table":
        return f"按{KIND_WORDS['table']}（序号、名称……逐行排列）识别出 {len(run.items)} 个项目，请逐项核对名称和单位。"
    return (
        f"文件里没有带“序号、项目名称”表头的表格，也没有“一、（一）1.”分级编号的清单；"
        f"从{KIND_WORDS[run.kind]}中识别出 {len(run.items)} 个项目，请逐项核对名称，并补充牵头单位和指标。"
    )
