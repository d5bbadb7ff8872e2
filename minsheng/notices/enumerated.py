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

from .unitclauses import has_unit_label, item_units, parse_unit_clause, split_unit_names

__all__ = ["extract_enumerated", "looks_enumerated", "match_marker", "parse_unit_clause", "split_unit_names"]

_CN_NUM = "[一二三四五六七八九十百]{1,4}"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_MARKERS = [
    ("ordinal", re.compile(rf"第({_CN_NUM}|\d{{1,3}})[件项](?:民生实事|实事|事)?\s*[：:、，,．.]?\s*")),
    ("cn_paren", re.compile(rf"[（(]\s*({_CN_NUM})\s*[）)]\s*")),
    ("ar_paren", re.compile(r"[（(]\s*(\d{1,3})\s*[）)]\s*")),
    ("ar_half", re.compile(r"(\d{1,3})[）)]\s*")),
    ("cn_dun", re.compile(rf"({_CN_NUM})\s*[、．.]\s*")),
    ("ar_dot", re.compile(r"(\d{1,3})\s*[、．.](?!\d)\s*")),
    ("shi", re.compile(rf"({_CN_NUM})是(?=[^，,。；;])")),
    ("circled", re.compile(rf"([{_CIRCLED}])\s*")),
]
_PLAIN_HEADING = re.compile(r"[^，,。；;：:、（）()\d\s]{2,12}(?:方面|领域|类|板块)[：:]?|【[^】]{1,20}】")
# Enumerations run together in one paragraph: (style, pattern, how many in order make a list).
_INLINE = [
    ("shi", re.compile(rf"(?:^|(?<=[：:；;。，,\s]))({_CN_NUM})是"), 2),
    ("ordinal", re.compile(rf"(?:^|(?<=[：:；;。，,\s]))第({_CN_NUM}|\d{{1,3}})[件项]"), 2),
    ("ar_paren", re.compile(r"(?:^|(?<=[：:；;。\s]))[（(](\d{1,2})[）)]"), 3),
]

_PAGE_NUMBER = re.compile(r"[-－—–_\s]*\d{1,3}[-－—–_\s]*|第\s*\d+\s*页(\s*共\s*\d+\s*页)?")
_DATE = re.compile(
    r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|二[〇○零一二三四五六七八九]{3}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日"
)
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\s*\d{1,4}\s*号")
_ATTACHMENT = re.compile(r"附\s*件\s*\d*\s*(?:[:：].*)?")
_ADMIN_START = re.compile(r"[（(]此件.{0,20}[）)]$|(?:抄送|抄报|主送|联系人)[:：]")
_SIGNATURE = re.compile(r"[\u4e00-\u9fff·\s]{2,40}?(?:人民政府|委员会|办公室|管委会|办公厅)")
_CLOSING = re.compile(
    r"^(?:以上|上述|请|望|特此|本通知|本方案|(?:备)?注[:：]|说明[:：])|^各[^。]{0,40}?(?:要|务必|应当)"
    r"|(?:要求|措施|意见)[^。；]{0,4}[：:]$"
)
_TITLE_WORDS = re.compile(r"民生实事|实事项目|民生工程|惠民实事|为民办实事|民生项目|实事清单")

_MEASURE = (
    "个百分点|人次|场次|批次|平方米|立方米|千瓦|公里|千米|学位|托位|床位|万元|亿元|个|所|家|人|户|米|座|处|条|张|间|"
    "套|项|亩|㎡|辆|台|次|床|名|支|批|场|期|盏|吨|元|%|％|园|班|栋|幢|部|只|册|份|块|口|眼|根|路|对|组|件|例|棵|株"
)
_QUANTITY = re.compile(rf"(?:\d+(?:\.\d+)?|[两二三四五六七八九十]+)\s*(?:万|亿|千)?\s*(?:{_MEASURE})")
_PROJECT_VERB = re.compile(
    r"^(?:(?:为|对|向|在)[^，,。；;]{0,10}?)?(?:新建|改建|扩建|改扩建|新改建|新增|建设|建成|实施|完成|改造|提升|开展|推进|"
    r"打造|提供|免费|发放|培训|救助|补贴|安装|更新|增设|改善|实现|创建|招聘|帮扶|开通|增加|扩大|提高|推动|启动|办好)"
)
_REQUIREMENT_WORDS = re.compile(
    r"总体要求|指导思想|基本原则|工作目标|目标任务|保障措施|工作要求|组织保障|有关要求|组织实施|实施步骤|工作步骤|督导|督查|"
    r"督办|考核|组织领导|宣传|舆论|工作机制|责任分工|资金保障|政治站位|思想认识|责任落实|工作责任|统筹协调|跟踪问效|纪律"
)
_REQUIREMENT_VERB = re.compile(
    r"^(?:要|切实|进一步)?(?:加强|强化|提高|健全|严格|压实|注重|营造|做好|确保|抓好|狠抓|坚持|完善|落实|突出|明确|深化|规范|增强)"
)
_MODAL = re.compile(
    r"^要|(?:各级|各地|各部门|各单位|各有关|各责任单位|各牵头单位)[^。]{0,20}要|(?:室|局|委|部门|单位|政府)要|务必"
)
_SECTION_WORDS = re.compile(r"实事|项目|清单|安排|任务|计划|内容")
_TERMINAL = "。；;！!？?）)”"  # a line that ends so ends a sentence
_HEADER_CELLS = re.compile(r"序号|项目名称|(?:责任|牵头|承办|协办|配合)单位|完成(?:时限|期限)")
_ITEM, _CONTAINER, _OTHER, _WEAK = "item", "container", "other", "weak"


def match_marker(text: str) -> tuple[str, int, str, str] | None:
    """(style, number, marker as printed, text after it) when `text` starts with a numbering marker."""
    probe = text.translate(_FULLWIDTH_DIGITS)
    if _PLAIN_HEADING.fullmatch(probe):  # "教育方面", "【养老服务】": a heading without a number
        return "plain", 0, "", text.strip()
    for style, pattern in _MARKERS:
        m = pattern.match(probe)
        if m:
            return style, _number(m.group(1)), text[: m.end()].strip(), text[m.end() :].strip()
    return None


def _number(token: str) -> int:
    token = token.translate(_FULLWIDTH_DIGITS)
    if token.isascii() and token.isdigit():
        return int(token)
    if token in _CIRCLED:
        return _CIRCLED.index(token) + 1
    total, digit = 0, 0
    for ch in token:
        if ch in "十百":
            total += (digit or 1) * (10 if ch == "十" else 100)
            digit = 0
        else:
            digit = "一二三四五六七八九".index(ch) + 1
    return total + digit


# --- lines → blocks ------------------------------------------------------------------------------


def _width(text: str) -> float:
    return sum(0.5 if ord(ch) < 128 else 1 for ch in text)


def _wrap_width(pieces: list[str]) -> float | None:
    """The line width of a text whose paragraphs were broken into lines of one width (PDF text):
    many lines of about that width, hardly any wider."""
    widths = [round(_width(p)) for p in pieces if _width(p) >= 12]
    if len(widths) < 6:
        return None
    count, width = max((sum(abs(w - c) <= 1 for w in widths), c) for c in set(widths))
    wider = sum(w > width + 1 for w in widths)
    return width if count >= 5 and count >= 0.4 * len(widths) and wider <= 0.1 * len(widths) else None


def _starts_block(piece: str) -> bool:
    """Whether a line starts a new block even inside a paragraph (a heading without a number does not)."""
    marker = match_marker(piece)
    return bool(
        (marker and marker[0] != "plain")
        or has_unit_label(piece)
        or _DATE.fullmatch(piece)
        or _DOC_NUMBER.fullmatch(piece)
        or _ATTACHMENT.fullmatch(piece)
        or _ADMIN_START.match(piece)
    )


def _unclosed(text: str) -> bool:
    return len(re.findall(r"[（(]", text)) > len(re.findall(r"[）)]", text))


def _continues(prev_piece: str, piece: str, block: list, wrap: float | None) -> bool:
    """Whether a new paragraph is the rest of the block above, broken by the layout: in text broken into
    lines of one width, when the line above is full; otherwise when the line above stops mid-sentence."""
    if piece[0] in "；;，,。、）)：:":
        return True
    if wrap:
        width = _width(prev_piece)
        return wrap - 3 <= width <= wrap + 2 or (
            0.8 * wrap <= width <= wrap and prev_piece[-1] not in _TERMINAL
        )
    if prev_piece[-1] in _TERMINAL or re.search(
        r"(通知|方案|意见|决定|清单|项目|计划|表|函|报告)$", prev_piece
    ):
        return False
    return prev_piece[-1] in "，,、：:（(“《—-" or len(prev_piece) >= 20


def _kind(text: str) -> str:
    if match_marker(text):
        return "marked"
    if has_unit_label(text):
        return "label"
    if _ATTACHMENT.fullmatch(text):
        return "reset"
    if _DATE.fullmatch(text) or _DOC_NUMBER.fullmatch(text) or _ADMIN_START.match(text):
        return "admin"
    if len(text) <= 60 and not re.search(r"[。；;！？，,：:]", text) and _TITLE_WORDS.search(text):
        return "reset"
    if _SIGNATURE.fullmatch(text):
        return "admin"
    if _CLOSING.search(text):
        return "closing"
    return "text"


def _blocks(lines: list[str]) -> list[tuple[str, str]]:
    pieces = []  # (text, starts a paragraph)
    for line in lines:
        first = True
        for piece in str(line).replace("\r", "\n").split("\n"):
            piece = re.sub(r"^#{1,6}\s+|\*\*", "", piece.strip()).strip()
            if piece and not _PAGE_NUMBER.fullmatch(piece):
                pieces.append((piece, first))
                first = False
    wrap = _wrap_width([p for p, _ in pieces])
    blocks: list[list] = []
    prev_piece = ""
    for piece, paragraph_start in pieces:
        joined = blocks and not _starts_block(piece)
        if joined and paragraph_start:
            joined = _continues(prev_piece, piece, blocks[-1], wrap)
        if blocks and _unclosed(blocks[-1][1]) and not match_marker(piece):
            joined = True  # "…（" + "责任单位：…）": a bracket is still open
        if joined:
            blocks[-1][1] += piece
        else:
            blocks.append(["marked" if match_marker(piece) else "text", piece])
        prev_piece = piece
    out = []
    for _, text in blocks:
        kind = _kind(text)
        out += [(_kind(part), part) for part in _split_inline(text)] if kind == "text" else [(kind, text)]
    return out


def _split_inline(text: str) -> list[str]:
    """'…如下：一是…；二是…；三是…。' → the lead-in and one text per item."""
    for _style, pattern, minimum in _INLINE:
        starts, expected = [], 1
        for m in pattern.finditer(text):
            if _number(m.group(1)) == expected:
                starts.append(m.start())
                expected += 1
        if len(starts) >= minimum:
            parts = [text[: starts[0]]] + [
                text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)
            ]
            return [p.strip() for p in parts if p.strip()]
    return [text]


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
                if len(last) > 20 and last[-1] not in _TERMINAL:  # "1、2号楼…" broken onto a new line
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
            "quantity": bool(_QUANTITY.search(rest)),
            "verb": bool(_PROJECT_VERB.search(first)),
            "requirement": bool(
                (_REQUIREMENT_WORDS.search(first) and not _QUANTITY.search(first)) or _MODAL.search(rest)
            ),
            "soft_requirement": bool(_REQUIREMENT_VERB.search(first)),
            "heading": len(node.head) <= 30 and not re.search(r"[。；;！？!?]", node.head),
        }
    return node.cache["facts"]


def _verdict(node: _Node) -> str:
    if node.virtual:
        return _CONTAINER
    if "verdict" not in node.cache:
        facts, below = _facts(node), _items_below(node, [])
        if facts["units"]:
            verdict = _ITEM
        elif below and (facts["heading"] or any(_facts(n)["units"] for n in below)):
            verdict = _CONTAINER
        elif facts["requirement"]:
            verdict = _OTHER
        elif facts["quantity"] or (facts["verb"] and not facts["soft_requirement"]):
            verdict = _ITEM
        elif node.children:
            verdict = _CONTAINER
        else:
            verdict = _OTHER if facts["heading"] else _WEAK
        node.cache["verdict"] = verdict
    return node.cache["verdict"]


def _items_below(node: _Node, doubtful: list[_Node]) -> list[_Node]:
    """The project nodes under `node`: in each run of same-style siblings, at least half must be items."""
    found = []
    for style in dict.fromkeys(c.style for c in node.children):
        group = [c for c in node.children if c.style == style]
        verdicts = [_verdict(c) for c in group]
        is_list = 2 * verdicts.count(_ITEM) >= len(group) > 0 and _ITEM in verdicts
        for child, verdict in zip(group, verdicts, strict=True):
            if verdict == _CONTAINER:
                found += _items_below(child, doubtful)
            elif is_list and verdict in (_ITEM, _WEAK):
                found.append(child)
            elif verdict == _ITEM:
                doubtful.append(child)
    return found


def _category(node: _Node, items: set) -> str | None:
    parent = node.parent
    if parent is None or parent.virtual:
        return None
    siblings = [s for s in parent.parent.children if s.style == parent.style]
    if sum(any(c in items for c in s.children) for s in siblings) < 2 and _SECTION_WORDS.search(parent.head):
        return None  # "二、项目安排": the section that holds the list, not a category
    return parent.raw.strip()


def _name(text: str) -> str:
    name = re.split(r"[。；;！？!?\n]", text.strip())[0]
    sub = re.search(rf"[：:](?=[（(]?\d|[（(][一二三四五六七八九十]|[{_CIRCLED}])", name)
    if sub and sub.start() >= 4:
        name = name[: sub.start()]
    name = name.strip(" ，,、：:")
    if len(name) > 40:
        cuts = [m.start() for m in re.finditer(r"[，,、：:]", name[:41]) if m.start() >= 8]
        name = name[: cuts[-1]] if cuts else name[:40]
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
    root = _outline(_blocks(lines))
    doubtful: list[_Node] = []
    nodes = _items_below(root, doubtful)
    if nodes:
        style = Counter(n.style for n in nodes).most_common(1)[0][0]
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
    if _verdict(node) == _WEAK:
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
    headers = sum(bool(_HEADER_CELLS.fullmatch(line.strip())) for line in rows)
    return html or piped >= 3 or headers >= 2 or max(tabbed, indented) >= max(3, 0.2 * len(rows))


def looks_enumerated(lines: list[str]) -> bool:
    """True when the text lists its projects as numbered text (at least three) and holds no table."""
    return not _looks_tabular(lines) and len(extract_enumerated(lines)["projects"]) >= 3
