"""Projects listed as numbered text, in notices that have no table.

Many cities and counties publish their 民生实事 list as text: "一、教育方面" headings over "（一）…" items,
"(1)…(15)", "一是…十是", "第一件：…", "1. …", with the responsible units in brackets or on the lines
that follow. `extract_enumerated(lines)` reads the paragraph texts of such a notice into categories
and projects; `looks_enumerated(lines)` says whether a notice is of this kind.

How: layout breaks are undone (page numbers dropped, lines of a PDF's width joined, brackets left open
closed) and the text is cut into blocks; an enumeration run together in one paragraph ("一是…；二是…")
is cut at its markers. Every block that starts with a numbering marker becomes a node of an outline (a
marker style seen before closes the deeper levels; "附件", a list title, a date or signature, or a
closing remark starts a new section), the unmarked blocks below a node belong to it. In the outline, a
run of same-style siblings at least half of which carry units, a quantity or a project verb is a list
of projects; a short heading above it is a category; requirement sections ("三、保障措施",
"（一）加强组织领导", "各部门要…") are left out. The last project keeps only as many paragraphs below it
as the others typically have, so the closing text does not become its content.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from minsheng.notices.extraction.enumerated_lines import (
    CIRCLED,
    CONTAINER,
    HEADER_CELLS,
    ITEM,
    MODAL,
    OTHER,
    PROJECT_VERB,
    QUANTITY,
    REQUIREMENT_VERB,
    REQUIREMENT_WORDS,
    SECTION_WORDS,
    TERMINAL,
    WEAK,
    match_marker,
    to_blocks,
)
from minsheng.notices.extraction.run import (
    areas_not_projects,
    categories_counted,
    facets_of_one_matter,
    growth_goals,
    heading_of,
    status_counts,
)
from minsheng.notices.extraction.unitclauses import item_units, parse_unit_clause, split_unit_names

__all__ = ["extract_enumerated", "looks_enumerated", "match_marker", "parse_unit_clause", "split_unit_names"]

# --- blocks → outline ----------------------------------------------------------------------------


@dataclass(eq=False)
class _Node:
    style: str | None = None
    number: int = 0
    raw: str = ""  # the block as printed, marker included
    marker: str = ""
    head: str = ""  # the block without its marker
    extras: list[tuple[str, str]] = field(default_factory=list)  # (kind, text) of the blocks below it
    children: list["_Node"] = field(default_factory=list)
    parent: "_Node | None" = None
    virtual: bool = False  # the document or a section ("附件", a list title)
    extras_before: int = 0  # how many of the parent's extras came before this node
    cache: dict = field(default_factory=dict)

    def texts(self, limit: int | None = None) -> list[str]:
        cut = self.cut(limit)
        return [self.head] + [
            text for i, (kind, text) in enumerate(self.extras) if i < cut or kind == "label"
        ]

    def cut(self, limit: int | None) -> int:
        """Where the paragraphs below stop belonging to this node: after `limit` texts (units still count)."""
        texts = [i for i, (kind, _) in enumerate(self.extras) if kind == "text"]
        return len(self.extras) if limit is None or len(texts) <= limit else texts[limit]


def _outline(blocks: list[tuple[str, str]]) -> _Node:
    root = _Node(virtual=True)
    stack, current, last_numbers = [root], None, {}
    for kind, text in blocks:
        if kind in ("reset", "admin", "closing"):
            if len(stack) > 1 or stack[0].children:
                section = _Node(virtual=True, parent=root)
                root.children.append(section)
                stack, last_numbers = [section], {}
            current = None
        elif kind == "marked":
            style, number, marker, rest = match_marker(text)
            level = next((i for i in range(len(stack) - 1, 0, -1) if stack[i].style == style), None)
            expected = {1, stack[level].number + 1 if level else 1, last_numbers.get(style, 0) + 1}
            if style != "plain" and number not in expected and current:
                last = current.extras[-1][1] if current.extras else current.head
                if len(last) > 20 and last[-1] not in TERMINAL:  # "1、2号楼…" broken onto a new line
                    _append_to_last(current, text)
                    continue
            last_numbers[style] = number
            if level:
                del stack[level:]
            node = _Node(
                style, number, text, marker, rest, parent=stack[-1], extras_before=len(stack[-1].extras)
            )
            stack[-1].children.append(node)
            stack.append(node)
            current = node
        elif current is not None:
            if not current.head and kind == "text":
                current.head, current.raw = text, current.raw + text
            else:
                current.extras.append((kind, text))
    return root


def _append_to_last(node: _Node, text: str) -> None:
    if node.extras:
        node.extras[-1] = (node.extras[-1][0], node.extras[-1][1] + text)
    else:
        node.head += text
        node.raw += text


# --- outline → the list --------------------------------------------------------------------------


def _facts(node: _Node) -> dict:
    if "facts" not in node.cache:
        units = item_units(node.texts())
        rest = "".join(units["texts"])
        first = re.split(r"[。；;！？!?]", units["texts"][0] if units["texts"] else "")[0]
        node.cache["facts"] = {
            "units": bool(units["lead_units"] or units["co_units"] or units["leaders"]),
            "quantity": bool(QUANTITY.search(rest)),
            "verb": bool(PROJECT_VERB.search(first)),
            "requirement": bool(
                (REQUIREMENT_WORDS.search(first) and not QUANTITY.search(first)) or MODAL.search(rest)
            ),
            "soft_requirement": bool(REQUIREMENT_VERB.search(first)),
            "heading": len(node.head) <= 30 and not re.search(r"[。；;！？!?]", node.head),
        }
    return node.cache["facts"]


def _verdict(node: _Node) -> str:
    if node.virtual:
        return CONTAINER
    if "verdict" not in node.cache:
        facts, below = _facts(node), _items_below(node, [])
        if facts["units"]:
            verdict = ITEM
        elif below and (facts["heading"] or any(_facts(n)["units"] for n in below)):
            verdict = CONTAINER
        elif facts["requirement"]:
            verdict = OTHER
        elif facts["quantity"] or (facts["verb"] and not facts["soft_requirement"]):
            verdict = ITEM
        elif node.children:
            verdict = CONTAINER
        else:
            verdict = OTHER if facts["heading"] else WEAK
        node.cache["verdict"] = verdict
    return node.cache["verdict"]


def _items_below(node: _Node, doubtful: list[_Node]) -> list[_Node]:
    """The project nodes under `node`: in each run of same-style siblings, at least half must be items."""
    found = []
    for style in dict.fromkeys(c.style for c in node.children):
        group = [c for c in node.children if c.style == style]
        verdicts = [_verdict(c) for c in group]
        is_list = 2 * verdicts.count(ITEM) >= len(group) > 0 and ITEM in verdicts
        for child, verdict in zip(group, verdicts, strict=True):
            if verdict == CONTAINER:
                found += _items_below(child, doubtful)
            elif is_list and verdict in (ITEM, WEAK):
                found.append(child)
            elif verdict == ITEM:
                doubtful.append(child)
    return found


def _category(node: _Node, items: set) -> str | None:
    parent = node.parent
    if parent is None or parent.virtual:
        return None
    siblings = [s for s in parent.parent.children if s.style == parent.style]
    if sum(any(c in items for c in s.children) for s in siblings) < 2 and SECTION_WORDS.search(parent.head):
        return None  # "二、项目安排": the section that holds the list, not a category
    return parent.raw.strip()


def _name(text: str) -> str:
    name = re.split(r"[。；;！？!?\n]", text.strip())[0]
    sub = re.search(rf"[：:](?=[（(]?\d|[（(][一二三四五六七八九十]|[{CIRCLED}])", name)
    if sub and sub.start() >= 4:
        name = name[: sub.start()]
    name = name.strip(" ，,、：:")
    if len(name) > 40:
        return heading_of(name)
    return name


def _descendant_texts(node: _Node, cut: int | None = None) -> list[str]:
    """The sub-items of an item, as printed; for the last item only those above its cut-off."""
    out = []
    for child in node.children:
        if cut is None or child.extras_before <= cut:
            out += [child.raw, *(t for _, t in child.extras), *_descendant_texts(child)]
    return out


def _project(node: _Node, seq: int, category: str | None, limit: int | None) -> dict:
    units = item_units(
        node.texts(limit) + _descendant_texts(node, None if limit is None else node.cut(limit))
    )
    texts = [t.strip().rstrip("；;，,") for t in units["texts"]]
    content = "\n".join(t for t in texts if t)
    return {
        "seq": str(seq),
        "category": category,
        "name": _name(content),
        "content": content,
        "lead_units": units["lead_units"],
        "co_units": units["co_units"],
        "leaders": units["leaders"],
        "deadline_text": units["deadline_text"],
    }


def _typical_extras(nodes: list[_Node]) -> int:
    counts = Counter(sum(kind == "text" for kind, _ in n.extras) for n in nodes)
    return min(counts, key=lambda c: (-counts[c], c)) if counts else 0


def extract_enumerated(lines: list[str]) -> dict:
    """The categories and projects of a notice whose list is numbered text (see the module doc)."""
    warnings: list[str] = []
    root = _outline(to_blocks(lines))
    doubtful: list[_Node] = []
    nodes = _items_below(root, doubtful)
    if nodes:
        # the style most items share; but where only one style's items name their units (一、…（牵头单位：X）
        # over "1.…" measures printed as siblings), that style is the list
        counts = Counter(n.style for n in nodes)
        with_units = Counter(n.style for n in nodes if _facts(n)["units"])
        style = (
            max(counts, key=lambda s: (with_units[s] > 0, counts[s]))
            if len(with_units) == 1
            else counts.most_common(1)[0][0]
        )
        doubtful += [n for n in nodes if n.style != style]
        nodes = [n for n in nodes if n.style == style]
    for node in doubtful:
        warnings.append(f"“{node.raw[:30]}”像是一个项目，但不在项目清单中，未导入，请核对。")
    in_list = set(nodes)
    projects, categories = [], []
    for seq, node in enumerate(nodes, 1):
        limit = _typical_extras(nodes[:-1]) if node is nodes[-1] else None
        for text in [t for kind, t in node.extras[node.cut(limit) :] if kind == "text"]:
            warnings.append(f"清单末尾的“{text[:30]}”未计入最后一个项目，请核对。")
        category = _category(node, in_list)
        if category and category not in categories:
            categories.append(category)
        project = _project(node, seq, category, limit)
        projects.append(project)
        _check(node, nodes[seq - 2] if seq > 1 else None, project, warnings)
    names = [p["name"] for p in projects]
    if (
        facets_of_one_matter(names)
        or areas_not_projects(names)
        or categories_counted(names)
        or growth_goals(names)
        or status_counts(names)
    ):
        shown = "、".join(names[:4])
        warnings.append(f"编号条目（{shown}）是同一事项的几个部分或几个类别，不是项目清单，未导入。")
        projects, categories = [], []
    if projects and not any(p["lead_units"] for p in projects):
        warnings.append("项目清单未写明牵头或责任单位，请在审核时补充。")
    elif projects:
        warnings += [
            f"第{p['seq']}项“{p['name']}”未写明牵头或责任单位。" for p in projects if not p["lead_units"]
        ]
    if not projects:
        warnings.append("未识别到以编号列出的民生实事项目。")
    return {"categories": categories, "projects": projects, "warnings": warnings}


def _check(node: _Node, prev: _Node | None, project: dict, warnings: list[str]) -> None:
    if _verdict(node) == WEAK:
        warnings.append(f"第{project['seq']}项“{project['name']}”没有数量、责任单位，请核对是否为项目。")
    if prev is not None:
        restarted = node.number == 1 and node.parent is not prev.parent
        if node.number != prev.number + 1 and not restarted:
            warnings.append(f"第{project['seq']}项的编号“{node.marker}”与上一项不连续，请核对是否漏项。")


def _looks_tabular(lines: list[str]) -> bool:
    """Tab-separated rows, one cell per tab-indented line, HTML or Markdown tables, or a header row."""
    rows = [line for line in lines if line and line.strip()]
    tabbed = sum(len([c for c in line.split("\t") if c.strip()]) >= 2 for line in rows)
    indented = sum(line.startswith("\t") for line in rows)
    piped = sum(line.count("|") >= 3 for line in rows)
    html = any(re.search(r"<t[dr]\b|<table\b", line) for line in rows)
    headers = sum(bool(HEADER_CELLS.fullmatch(line.strip())) for line in rows)
    return html or piped >= 3 or headers >= 2 or max(tabbed, indented) >= max(3, 0.2 * len(rows))


def looks_enumerated(lines: list[str]) -> bool:
    """True when the text lists its projects as numbered text (at least three) and holds no table."""
    return not _looks_tabular(lines) and len(extract_enumerated(lines)["projects"]) >= 3
