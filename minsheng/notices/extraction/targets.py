"""The committed quantified goals (targets) of one project, read from its content (or its name).

A target is a quantity the project promises ("新增托位1万个" → 10000 个). Context is not a target:
years and dates, ages, durations, existing stock ("全市现有…"), baselines ("在…的基础上", the old value
of "由…提高到…"), names and codes in quotes or with letters ("1+10+N", "5G"), per-item money
("每个奖补10万元", "2万元/班"), explanations in parentheses, thresholds that qualify another count
("死亡3人以上的23条路段"), phone numbers and numbering.
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal

from minsheng.notices.extraction.numbers import MEASURE_WORDS, TIME_UNITS, Quantity, find_quantities

_CLAUSE_BREAKS = frozenset("。；;，,：:！!？?\n")
_SENTENCE_BREAKS = frozenset("。；;！!？?\n") | frozenset(chr(c) for c in range(0x2460, 0x2474))  # ①…⑳
_OPEN_QUOTES = {"“": "”", "《": "》", "「": "」", "『": "』", "〈": "〉"}
_CLOSE_QUOTES = frozenset(_OPEN_QUOTES.values())
_OPEN_PARENS, _CLOSE_PARENS = frozenset("（("), frozenset("）)")
_SPECIAL_RE = re.compile(
    "[" + re.escape("".join(_CLAUSE_BREAKS | _SENTENCE_BREAKS) + '“”《》「」『』〈〉"（）()') + "]"
)

_LEADING_MARKERS_RE = re.compile(
    r"^(?:\s+|[\u2460-\u2473]|\d{1,2}\s*[.、．](?!\d)|[（(]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）]"
    r"|[一二三四五六七八九十]{1,3}(?:、|是)|其中)+"
)
_STOCK_RE = re.compile(r"现有|现存|已有|目前|截至|截止")
_BASELINE_AFTER_RE = re.compile(r"基础上|基础之上")
# what a project costs, not what it delivers: "投资9530万元，实施…", "总投资20亿元"
_SPENDING_RE = re.compile(r"(?:(?<!完成)投资|投入|总投资|计划投资|概算|资金)\s*(?:约|共|达|为|总额)?\s*$")
_FROM_RE = re.compile(r"(?<!自)由(?!于)|从(?!业|而|事)|较(?![大好多高低少为快])|比(?![例重较赛])")
_CHANGE_RE = re.compile(
    r"提高|提升|增加|增长|新增|扩大|扩展|降低|下降|减少|压减|缩短|缩减|调整|上调|下调|变为|达到|到|至"
)
_EACH_RE = re.compile(r"每")
_PHONE_CONTEXT_RE = re.compile(r"电话|热线|号码|拨打")
_PURE_PAREN_BEFORE_RE = re.compile(r"\s*(?:约|共|计|合计|总计)?\s*")
_PURE_PAREN_AFTER_RE = re.compile(r"\s*(?:以上|左右)?\s*")
_QUALIFIER_RE = re.compile(
    r"\s*(?:及以上|及以下|以上|以下)(?:的\s*[0-9一二两三四五六七八九十]|(?!的)[\u4e00-\u9fff]{2}[^，,；;。]*的)"
)  # "死亡3人以上的23条路段", "20户以上具备条件的自然村": a threshold that says which, not how many
_STANDARD_NAME_RE = re.compile(r"标准")
_LOCATIVE_RE = re.compile(r"在\s*$")
# a rating that qualifies the noun after it, not a count: "10千伏线路16.66公里"
SPEC_UNITS = frozenset({"千伏", "伏", "兆瓦时", "kV", "KV", "kv"})
_NOUN_AFTER_RE = re.compile(r"\s*[\u4e00-\u9fff]")


class _Layout:
    """Where the clauses, sentences, quotes and parentheses of a text are. A quote left open at the end
    of its sentence is no quote; a parenthesis left open ends with its sentence."""

    def __init__(self, text: str):
        self.text = text
        self.quotes: list[tuple[int, int]] = []
        self.parens: list[tuple[int, int]] = []
        self.clause_ends: list[int] = []
        self.sentence_ends: list[int] = []
        quote_stack: list[tuple[str, int]] = []
        paren_stack: list[int] = []
        ascii_quote: int | None = None
        for match in _SPECIAL_RE.finditer(text):
            ch, i = match.group(0), match.start()
            if ch in _OPEN_QUOTES:
                quote_stack.append((_OPEN_QUOTES[ch], i))
            elif ch in _CLOSE_QUOTES:
                if quote_stack and quote_stack[-1][0] == ch:
                    start = quote_stack.pop()[1]
                    if not quote_stack:
                        self.quotes.append((start, i))
            elif ch == '"':
                if ascii_quote is None:
                    ascii_quote = i
                else:
                    self.quotes.append((ascii_quote, i))
                    ascii_quote = None
            elif ch in _OPEN_PARENS:
                paren_stack.append(i)
            elif ch in _CLOSE_PARENS:
                if paren_stack:
                    self.parens.append((paren_stack.pop(), i))
            else:
                if ch in _SENTENCE_BREAKS and not paren_stack:
                    quote_stack.clear()
                    ascii_quote = None
                if paren_stack or quote_stack or ascii_quote is not None:
                    continue
                if ch == "," and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
                    continue  # 1,200
                if ch in _CLAUSE_BREAKS:
                    self.clause_ends.append(i)
                if ch in _SENTENCE_BREAKS:
                    self.sentence_ends.append(i)
        for start in paren_stack:
            self.parens.append((start, self._span(self.sentence_ends, start + 1, len(text))[1]))
        self.quotes.sort()
        self._quote_starts = [start for start, _ in self.quotes]

    def quoted(self, pos: int) -> bool:
        index = bisect.bisect_right(self._quote_starts, pos) - 1
        return index >= 0 and self.quotes[index][0] < pos < self.quotes[index][1]

    @staticmethod
    def _span(ends: list[int], pos: int, length: int) -> tuple[int, int]:
        index = bisect.bisect_left(ends, pos)
        start = ends[index - 1] + 1 if index > 0 else 0
        end = ends[index] if index < len(ends) else length
        return start, end

    def clause(self, pos: int) -> tuple[int, int]:
        return self._span(self.clause_ends, pos, len(self.text))

    def sentence(self, pos: int) -> tuple[int, int]:
        return self._span(self.sentence_ends, pos, len(self.text))

    def paren(self, q: Quantity) -> tuple[int, int] | None:
        """The innermost parentheses around the quantity, if any."""
        inside = [(s, e) for s, e in self.parens if s < q.start and q.end <= e]
        return max(inside, default=None)


def _is_single_yi(q: Quantity) -> bool:
    """ "一份", "一批", "一张网": 一 alone is an article here, not a count."""
    return q.raw.startswith("一") and (len(q.raw) == 1 or q.raw[1] not in "十百千万亿零〇点半")


def _is_code(text: str, q: Quantity) -> bool:
    before = text[q.start - 1] if q.start else ""
    digits = re.match(r"\d+", q.raw)
    if before and before in "+＋-/" or text[q.end : q.end + 1] in ("+", "＋"):  # ("" is in every string)
        return True  # 1+10+N
    return bool(digits) and len(digits.group(0)) > 1 and digits.group(0).startswith("0")


def _is_phone(text: str, q: Quantity, clause_start: int) -> bool:
    digits = re.match(r"\d+", q.raw)
    return (
        bool(digits)
        and len(digits.group(0)) >= 5
        and bool(_PHONE_CONTEXT_RE.search(text, clause_start, q.start))
    )


def _is_old_value(text: str, q: Quantity, clause: tuple[int, int]) -> bool:
    """The starting point of a change: 6 in "由6类增加至12类", 80% in "由原来的80%提高到85%"."""
    markers = list(_FROM_RE.finditer(text, clause[0], q.start))
    if not markers:
        return False
    if _CHANGE_RE.search(text, markers[-1].end(), q.start):
        return False
    return bool(_CHANGE_RE.search(text, q.end, clause[1]))


def _in_parenthetical_note(text: str, q: Quantity, layout: _Layout) -> bool:
    """Numbers in parentheses explain; a parenthesis holding only a count ("(约6万人)") is the count."""
    span = layout.paren(q)
    if span is None:
        return False
    pure = _PURE_PAREN_BEFORE_RE.fullmatch(text, span[0] + 1, q.start) and _PURE_PAREN_AFTER_RE.fullmatch(
        text, q.end, span[1]
    )
    return not pure


def _is_per_item_money(text: str, q: Quantity, layout: _Layout, standard: bool) -> bool:
    """ "每个奖补10万元", "每人每年2元", "2万元/班": the rate of a subsidy, not a goal. A rate is the goal
    when the project is about a standard, when it has a bound ("每户不低于1万元") or when it is the new
    value of a change ("提高到每人每月860元")."""
    if q.unit != "元" or standard or q.comparator != "=":
        return False
    if text[q.end : q.end + 1] in ("/", "／"):
        return True
    each = list(_EACH_RE.finditer(text, layout.sentence(q.start)[0], q.start))
    if not each or _CHANGE_RE.search(text, each[-1].end(), q.start):
        return False
    each_at = each[-1].start()
    return not _CHANGE_RE.search(text, layout.clause(each_at)[0], each_at)


def _is_goal(text: str, q: Quantity, layout: _Layout, standard_project: bool) -> bool:
    if not q.unit or q.unit in TIME_UNITS or q.value < 0:
        return False
    if layout.quoted(q.start) or _is_single_yi(q) or _is_code(text, q):
        return False
    clause = layout.clause(q.start)
    return not (
        _is_phone(text, q, clause[0])
        or _STOCK_RE.search(text, clause[0], q.start)
        or _BASELINE_AFTER_RE.search(text, q.end, clause[1])
        or _is_old_value(text, q, clause)
        or _in_parenthetical_note(text, q, layout)
        or _is_per_item_money(text, q, layout, standard_project)
        or _QUALIFIER_RE.match(text, q.end)
        or q.unit.endswith("元")
        and _SPENDING_RE.search(text, max(clause[0], q.start - 8), q.start)
        or q.unit in SPEC_UNITS
        and _NOUN_AFTER_RE.match(text, q.end) is not None
        or _is_share_of_place(text, q, layout)
        or q.unit == "项"
        and re.match(r"[一二两三四五六七八九十]", q.raw) is not None  # "三项工程": which, not how many
    )


_PLACE_BEFORE_RE = re.compile(r"[\u4e00-\u9fff]{1,8}(?:市|县|区|镇|乡|街道|市直|县直|区直)\s*$")


def _is_share_of_place(text: str, q: Quantity, layout: _Layout) -> bool:
    """ "其中：东台市 2 所、建湖县 4 所": the total shared out among places, not another target."""
    start = layout.sentence(q.start)[0]
    return "其中" in text[start : q.start] and bool(
        _PLACE_BEFORE_RE.search(text, max(start, q.start - 10), q.start)
    )


def _strip_span(text: str, start: int, end: int) -> str:
    piece = text[start:end]
    marker = _LEADING_MARKERS_RE.match(piece)
    if marker:
        piece = piece[marker.end() :]
    return piece.strip()


def _clause_texts(text: str, clause: tuple[int, int], goals: list[Quantity], quantities: list[Quantity]):
    """The text of each goal in one clause: the clause, or its 、-separated part when each part holds
    one quantity ("遴选15个机构、15个服务点")."""
    whole = _strip_span(text, *clause)
    if len(goals) < 2:
        return [whole] * len(goals)
    cuts = [i for i in range(clause[0], clause[1]) if text[i] == "、"]
    bounds = [clause[0], *[c + 1 for c in cuts], clause[1] + 1]
    parts = [(bounds[i], bounds[i + 1] - 1) for i in range(len(bounds) - 1)]
    per_part = [[q for q in quantities if s <= q.start < e] for s, e in parts]
    if any(len(found) > 1 for found in per_part):
        return [whole] * len(goals)
    texts, group_start = [], clause[0]
    goal_parts = [i for i, found in enumerate(per_part) if found and found[0] in goals]
    for n, index in enumerate(goal_parts):
        end = parts[index][1] if n < len(goal_parts) - 1 else clause[1]
        texts.append(_strip_span(text, group_start, end))
        group_start = parts[index][1] + 1
    return texts


def _same_words(a: str, b: str) -> bool:
    """The words after one mention begin the words after the other (at least two characters)."""
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= 2 and longer.startswith(shorter)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _goals_in(text: str, standard_project: bool) -> list[dict]:
    if not text or not text.strip():
        return []
    layout = _Layout(text)
    quantities = find_quantities(text)
    goals = [q for q in quantities if _is_goal(text, q, layout, standard_project)]
    by_clause: dict[tuple[int, int], list[Quantity]] = {}
    for q in goals:
        by_clause.setdefault(layout.clause(q.start), []).append(q)
    starts = [q.start for q in quantities]
    out, seen = [], {}
    for clause, clause_goals in by_clause.items():
        in_clause = quantities[bisect.bisect_left(starts, clause[0]) : bisect.bisect_left(starts, clause[1])]
        for q, goal_text in zip(
            clause_goals, _clause_texts(text, clause, clause_goals, in_clause), strict=True
        ):
            words_after = text[q.end : clause[1]].strip()
            earlier = seen.setdefault((q.value, q.unit), [])
            if earlier and (
                _LOCATIVE_RE.search(text, max(0, q.start - 3), q.start)
                or any(_same_words(words_after, o) for o in earlier)
            ):
                continue  # the same thing said twice: "对23条路段开展整治…在23条路段新增信号机"
            earlier.append(words_after)
            target = {
                "text": goal_text,
                "value": _number(q.value),
                "unit": q.unit,
                "comparator": q.comparator,
            }
            if q.value_max is not None:
                target["value_max"] = _number(q.value_max)
            out.append(target)
    return out


def targets_for_project(name: str, content: str, year: int | None = None) -> list[dict]:
    """The project's committed quantified goals, as dicts {"text", "value", "unit", "comparator"}
    (+ "value_max" for ranges). Values are in base units (万 expanded), percentages have unit "%".
    Taken from the content; from the name when the content states none. `year` is the plan year:
    a number near it followed by a word outside the measure-word list ("2024版") is a year."""
    name, content = (name or "").strip(), (content or "").strip()
    standard_project = bool(_STANDARD_NAME_RE.search(name))
    targets = _goals_in(content, standard_project)
    if not targets and name and name != content:
        targets = _goals_in(name, standard_project)
    if year is not None:
        targets = [t for t in targets if not _looks_like_year(t, year)]
    return targets


def _looks_like_year(target: dict, year: int) -> bool:
    value = target["value"]
    return isinstance(value, int) and abs(value - year) <= 10 and target["unit"] not in MEASURE_WORDS
