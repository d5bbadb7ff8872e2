"""Enumerated notices, first step: numbering markers (一、（一）(1) 1. ① 一是 第N件 …), the patterns that
tell a list item from a requirement or a signature, and undoing the layout — page numbers dropped,
lines of a PDF's width joined, an enumeration run together in one paragraph cut at its markers — so
the text becomes blocks, each "marked" (starting with a marker) or plain "text"."""

import re

from minsheng.notices.extraction.numbers import cn_integer
from minsheng.notices.extraction.unitclauses import has_unit_label

_CN_NUM = "[一二三四五六七八九十百]{1,4}"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_WHOLE_COUNTS = "个所家座处条张间套辆台栋幢部名人户场项件支批盏"  # measure words counted in whole numbers
_MARKERS = [
    ("ordinal", re.compile(rf"第({_CN_NUM}|\d{{1,3}})[件项](?:民生实事|实事|事)?\s*[：:、，,．.]?\s*")),
    ("cn_paren", re.compile(rf"[（(]\s*({_CN_NUM})\s*[）)]\s*")),
    ("ar_paren", re.compile(r"[（(]\s*(\d{1,3})\s*[）)]\s*")),
    ("ar_half", re.compile(r"(\d{1,3})[）)]\s*")),
    ("cn_dun", re.compile(rf"({_CN_NUM})\s*[、．.]\s*")),
    # "1。" too, as some sites print it; "2.50个小区…" is item 2 (a count of 个 is not a decimal)
    ("ar_dot", re.compile(rf"(\d{{1,3}})\s*(?:[、．.。](?!\d)|[.．](?=\d{{1,5}}[{_WHOLE_COUNTS}]))\s*")),
    ("shi", re.compile(rf"({_CN_NUM})是(?=[^，,。；;])")),
    ("circled", re.compile(rf"([{CIRCLED}])\s*")),
    ("zhi", re.compile(rf"之({_CN_NUM})\s*[：:、]\s*")),  # "之一：“亮点工程”——…"
    ("named", re.compile(rf"(?:实事|项目|工程)\s*({_CN_NUM}|\d{{1,2}})\s*[：:、]\s*")),  # "实事一：修建…"
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
_SIGNATURE = re.compile(
    r"[\u4e00-\u9fff·\s]{2,40}?(?:人民政府|委员会|办公室|管委会|办公厅|主席团|常务委员会|人大常委会)"
    r"(?:\s*(?:20\d{2}|二[〇○零]).{0,12}日)?"
)
_CLOSING = re.compile(
    r"^(?:以上|上述|请|望|特此|本通知|本方案|(?:备)?注[:：]|说明[:：])|^各[^。]{0,40}?(?:要|务必|应当)"
    r"|(?:要求|措施|意见)[^。；]{0,4}[：:]$"
)
_TITLE_WORDS = re.compile(r"民生实事|实事项目|民生工程|惠民实事|为民办实事|民生项目|实事清单")

_MEASURE = (
    "个百分点|人次|场次|批次|平方米|立方米|千瓦|公里|千米|学位|托位|床位|万元|亿元|个|所|家|人|户|米|座|处|条|张|间|"
    "套|项|亩|㎡|辆|台|次|床|名|支|批|场|期|盏|吨|元|%|％|园|班|栋|幢|部|只|册|份|块|口|眼|根|路|对|组|件|例|棵|株"
)
QUANTITY = re.compile(rf"(?:\d+(?:\.\d+)?|[两二三四五六七八九十]+)\s*(?:万|亿|千)?\s*(?:{_MEASURE})")
PROJECT_VERB = re.compile(
    r"^(?:(?:为|对|向|在)[^，,。；;]{0,10}?)?(?:新建|改建|扩建|改扩建|新改建|新增|建设|建成|实施|完成|改造|提升|开展|推进|"
    r"打造|提供|免费|发放|培训|救助|补贴|安装|更新|增设|改善|实现|创建|招聘|帮扶|开通|增加|扩大|提高|推动|启动|办好)"
)
REQUIREMENT_WORDS = re.compile(
    r"总体要求|指导思想|基本原则|工作目标|目标任务|保障措施|工作要求|组织保障|有关要求|组织实施|实施步骤|工作步骤|督导|督查|"
    r"督办|考核|组织领导|宣传|舆论|工作机制|责任分工|资金保障|政治站位|思想认识|责任落实|工作责任|统筹协调|跟踪问效|纪律"
)
REQUIREMENT_VERB = re.compile(
    r"^(?:要|切实|进一步)?(?:加强|强化|提高|健全|严格|压实|注重|营造|做好|确保|抓好|狠抓|坚持|完善|落实|突出|明确|深化|规范|增强)"
)
MODAL = re.compile(
    r"^要|(?:各级|各地|各部门|各单位|各有关|各责任单位|各牵头单位)[^。]{0,20}要|(?:室|局|委|部门|单位|政府)要|务必"
)
SECTION_WORDS = re.compile(r"实事|项目|清单|安排|任务|计划|内容")
TERMINAL = "。；;！!？?）)”"  # a line that ends so ends a sentence
HEADER_CELLS = re.compile(r"序号|项目名称|(?:责任|牵头|承办|协办|配合)单位|完成(?:时限|期限)")
ITEM, CONTAINER, OTHER, WEAK = "item", "container", "other", "weak"


def match_marker(text: str) -> tuple[str, int, str, str] | None:
    """(style, number, marker as printed, text after it) when `text` starts with a numbering marker."""
    probe = text.translate(_FULLWIDTH_DIGITS)
    if _PLAIN_HEADING.fullmatch(probe):  # "教育方面", "【养老服务】": a heading without a number
        return "plain", 0, "", text.strip()
    for style, pattern in _MARKERS:
        m = pattern.match(probe)
        if m:
            return style, marker_number(m.group(1)), text[: m.end()].strip(), text[m.end() :].strip()
    return None


def marker_number(token: str) -> int:
    """A numbering marker's number: 3, ３, ③, 三 or 十二."""
    token = token.translate(_FULLWIDTH_DIGITS)
    if token.isascii() and token.isdigit():
        return int(token)
    if token in CIRCLED:
        return CIRCLED.index(token) + 1
    return cn_integer(token) or 0


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
            0.8 * wrap <= width <= wrap and prev_piece[-1] not in TERMINAL
        )
    if prev_piece[-1] in TERMINAL or re.search(
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


def to_blocks(lines: list[str]) -> list[tuple[str, str]]:
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
            if marker_number(m.group(1)) == expected:
                starts.append(m.start())
                expected += 1
        if len(starts) >= minimum:
            parts = [text[: starts[0]]] + [
                text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)
            ]
            return [p.strip() for p in parts if p.strip()]
    return [text]


def is_admin_line(text: str) -> bool:
    """A notice's furniture, not its content: a date line, a document number, "附件1", a signature."""
    text = text.strip().strip("|").strip()
    return not text or bool(
        _DATE.fullmatch(text)
        or _DOC_NUMBER.fullmatch(text)
        or _ATTACHMENT.fullmatch(text)
        or _ADMIN_START.match(text)
        or _SIGNATURE.fullmatch(text)
    )
