"""Lists run into one sentence (plain functions, no database):
- after a lead-in (分别是, 包括, 如下, 选出了, a colon), the parts separated by "；" or else by "、";
- with no lead-in, the parts separated by "、" before the count the sentence gives them: "…精心谋划实施了
  甲、乙、丙等10项为民实事", "全面推进甲工程、乙工程…等十项重点民生实事项目", "选出了《甲》等10件实事".

A part is cut where a bracket or a title closes, never inside one ("(高血压、糖尿病)" stays whole); a
sentence whose parts carry numbering markers is a numbered list, read as such elsewhere."""

import re
from dataclasses import replace

from minsheng.notices.extraction.enumerated_lines import CIRCLED, marker_number
from minsheng.notices.extraction.run import MAX_ITEM, MAX_RUN, MIN_ITEMS, Run, clean_item, context_of

MAX_LEADS = 5  # lead-ins tried per paragraph
MAX_COUNTED = 5  # counts tried per paragraph
DUN_LONGEST = 60  # a part of a "、" list longer than this is a clause, not a name
PAIR_SHORTEST = 6  # two names before 等N件 are a list when each is a project's length
COUNTED_SHORTEST = 4  # "教育、医疗、养老等10件实事" names areas, not projects
_CN = "[一二三四五六七八九十]{1,3}"
LEAD_IN = re.compile(
    r"(?:分别是|分别为|分别涉及|依次是|依次为|包括|包含|涵盖|具体是|具体为|主要是|主要有|如下|票决出|票决产生|选出|确定为|(?<!具)有(?=[：:])"
    r"|(?<=[，,])即)"
    r"了?[：:]?|[：:]"
)
# "…工程，为我市2023年10项民生实事项目": the sentence's close after its last item
_SUMMING_UP = re.compile(r"[，,](?:为|是|作为|列为)[^，,；;]{0,30}(?:民生实事|实事|项目|工程)$")
_LIST_WORD = r"(?:重点)?(?:民生实事|为民实事|实事|民生工程|民生项目|项目|工程)"
# "…等项目", "…等10个项目确定为今年的民生实事", "…等": where the last part ends
_ETC = re.compile(
    rf"等\s*(?:(?P<count>{_CN}|\d{{1,2}})\s*[件项个大类])?(?P<tail>[^、；;（）()《》“”]{{0,30}})$"
)
# the count that closes a list with no lead-in: "等10项为民实事", "等十项人代会票决产生的重点民生实事项目"
# without 等 the count is the whole list: "饮用水提升工程、大棚改造、中药材种植三件实事"
# or with no count at all: "实施甲、乙、丙等项目的测评结果均为满意"
_COUNTED = re.compile(
    rf"(等)?\s*(?:({_CN}|\d{{1,2}})\s*[件项个大类][^。；;，,、]{{0,20}}?{_LIST_WORD}|(?<=等)(?={_LIST_WORD}))"
)
# numbering at a part's start: the sentence is a numbered list ("①对…、…"), not a "、" list
_MARKED = re.compile(rf"^(?:[{CIRCLED}]|\d{{1,2}}[.、．]|{_CN}、|[（(](?:\d{{1,2}}|{_CN})[）)])")
# the words that lead into a sentence's first item when no lead-in word stands before it
_LEAD_VERB = re.compile(
    r"^.*(?:了|(?:推进|实施|开展|抓好|落实|完成|启动|做好|办好|建成|选出|确定|谋划|聚焦|围绕))"
)
_ANNOUNCES_TWO = re.compile(rf"(?:2|两|二)\s*[项件个][^，,。；;]{{0,12}}{_LIST_WORD}[：:]?$")
_MODIFIES = re.compile(rf"的{_LIST_WORD}$")
_OPEN, _CLOSE = "（(《“〈[", "）)》”〉]"
_CLAUSE_END = "。；;，,：:！？!?"


def split_outside_brackets(text: str, separators: str) -> list[str]:
    """`text` split at the separators that stand outside brackets, titles and quotes."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        elif ch in separators and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def without_etc(part: str) -> str:
    """The last part without the words that close the list: "农村饮水安全等项目" → "农村饮水安全"."""
    m = _ETC.search(part)
    if m and (m.group("count") or not m.group("tail") or re.match(_LIST_WORD, m.group("tail"))):
        return part[: m.start()]
    return part


def _sentence_end(text: str, start: int) -> int:
    end = text.find("。", start)
    return len(text) if end < 0 else end


def separated_runs(lines: list[str], i: int, text: str) -> list[Run]:
    """After each lead-in, the parts of the sentence separated by "；" (or else by "、"): a paragraph may
    hold two lists ("10项重点建设项目为：…。10项惠民实事为：…"), and the scoring chooses."""
    runs: list[Run] = []
    leads: list[re.Match] = []  # the lead-in of each run
    covered = 0  # a lead-in inside a list already read leads into no other
    for n, lead in enumerate(LEAD_IN.finditer(text)):
        if lead.start() < covered:
            continue
        if n >= MAX_LEADS:
            break
        body = text[lead.end() : _sentence_end(text, lead.end())][: MAX_RUN * MAX_ITEM]
        for separator in "；;", "、":
            part_of = (
                split_outside_brackets(body, "，,")[0] if separator == "、" else body
            )  # "…、…等项目，总投资3.42亿元"
            parts = [clean_item(p) for p in split_outside_brackets(part_of, separator)]
            if inner := list(
                LEAD_IN.finditer(parts[0])
            ):  # "票决出的10件民生实事项目包括甲、乙": the last lead-in
                parts[0] = clean_item(parts[0][inner[-1].end() :])
            parts[-1] = clean_item(without_etc(_SUMMING_UP.sub("", parts[-1])))
            if separator == "、":
                parts[-1:] = _last_items(parts[-1], parts[:-1])
            longest = MAX_ITEM if separator != "、" else DUN_LONGEST
            least = 2 if _ANNOUNCES_TWO.search(text[: lead.end()]) else MIN_ITEMS  # "2项民生实事项目：甲、乙"
            if len(parts) < least or not all(2 <= len(p) <= longest for p in parts):
                continue
            if any(_MARKED.match(p) for p in parts) or _MODIFIES.search(parts[-1]):
                continue  # "群众最关切、社会最关注、需求最急迫的民生实事": the parts qualify one noun
            if separator == "、" and any(len(split_outside_brackets(p, "，,")) > 1 for p in parts):
                continue
            runs.append(
                Run(tuple(parts), "separated", separator, i, context_of(lines, i, text[: lead.end()]))
            )
            leads.append(lead)
            covered = lead.end() + len(part_of)
            break
        else:
            if commas := _comma_items(text[: lead.end()], body):
                runs.append(
                    Run(tuple(commas), "separated", "，", i, context_of(lines, i, text[: lead.end()]))
                )
                leads.append(lead)
                covered = lead.end() + len(body)
    parts_of_one = len(runs) >= 2 and all(_PARTS_OF_ONE.match(m.group(0)) for m in leads)
    if parts_of_one and not _YEAR.search(text[leads[0].end() : leads[-1].start()]):
        # "一是已完成的项目25个。分别为：甲、乙…。二是有一定进度的11个。分别为：丙、丁…": one list told in parts
        runs.append(replace(runs[0], items=tuple(item for r in runs for item in r.items)))
    return runs


_COUNT_BEFORE = re.compile(rf"({_CN}|\d{{1,2}})\s*[个项件]{_LIST_WORD}?\s*(?:包括|分别是|分别为|为)[：:]?$")
_SUMMARY = re.compile(r"总投资|投资|估算|合计|共计|总计")
_PARTS_OF_ONE = re.compile(r"分别(?:为|是)")
COMMA_LEAST = 5  # a sentence of "，" clauses is a list only when long and alike
_COUNT = re.compile(r"\d+(?:\.\d+)?\s*万?\s*[\u4e00-\u9fff]")


def _comma_items(before: str, body: str) -> list[str]:
    """After "…实事项目主要包括：" one sentence of "，" clauses, each a commitment with its count —
    "建设30家智慧养老院，新增500张养护床位，…" — a list the notice runs into one sentence. Prose runs
    clauses together too, so the lead-in must announce the list and end with a colon, and the clauses
    be many and nearly all counted."""
    parts = [clean_item(p) for p in split_outside_brackets(body, "，,")]
    if (counted := _COUNT_BEFORE.search(before)) and (n := marker_number(counted.group(1))) >= MIN_ITEMS:
        # "5个项目包括甲,乙,丙,丁,戊,估算总投资4.66亿元": as many names as the count, a summing-up after them
        names = parts[:n]
        summed = len(parts) == n or len(parts) == n + 1 and _SUMMARY.search(parts[n])
        if len(names) == n and summed and all(4 <= len(p) <= DUN_LONGEST for p in names):
            return names
    if not re.search(rf"{_LIST_WORD}[^，,。]{{0,12}}$", before) or before[-1:] not in "：:":
        return []
    if len(parts) < COMMA_LEAST or not all(4 <= len(p) <= 40 for p in parts):
        return []
    counted = sum(bool(_COUNT.search(p)) for p in parts)
    return parts if 5 * counted >= 4 * len(parts) else []


def _last_items(part: str, others: list[str]) -> list[str]:
    """The last part, split where "和"/"以及" joins two items ("深化绿美厚街建设和实施“住有所居”工程"):
    only when the part is longer than every other, as two items are."""
    if not others or len(part) <= max(map(len, others)) or len(part) > 2 * DUN_LONGEST:
        return [part]  # (a part longer than two names is a clause: not searched, so the cost stays linear)
    for m in re.finditer("以及|和", part):
        head, tail = part[: m.start()], part[m.end() :]
        outside = head.count("（") + head.count("(") == head.count("）") + head.count(")")
        if outside and min(len(head), len(tail)) >= COUNTED_SHORTEST:
            return [head, tail]
    return [part]


def _first_item(part: str, others: list[str]) -> str:
    """The first part without the words that lead into it ("精心谋划实施了加快社区治理提升" → "加快社区治理
    提升"), cut only when the part is longer than every other, as a lead-in makes it."""
    lead = LEAD_IN.search(part[:12])  # "票决出张山村道路扩面延伸工程"
    if lead and len(part) - lead.end() >= COUNTED_SHORTEST and lead.group(0) not in ("：", ":"):
        return part[lead.end() :]
    if others and len(part) <= max(map(len, others)):
        return part
    m = _LEAD_VERB.match(part)
    return part[m.end() :] if m and len(part) - m.end() >= COUNTED_SHORTEST else part


_TITLES_AT_END = re.compile(r"[《“][^《》“”]{2,60}[》”](?:[《“][^《》“”]{2,60}[》”])*$")
_TITLE = re.compile(r"[《“]([^《》“”]{2,60})[》”]")


def _titled(part: str) -> str | None:
    m = re.search(r"[《“]([^《》“”]{2,60})[》”]$", part)
    return m.group(1) if m else None


_YEAR = re.compile(r"20\d{2}")
_QUOTE_TAIL = re.compile(r"(?:为[^“”，,、]{0,8}的)?\s*")


def _quoted_list(segment: str) -> str | None:
    """The list inside the one pair of quotes that closes a segment: "以“甲、乙、丙”为主要内容的" → 甲、乙、丙
    (found by position, not by a pattern that would backtrack over a long unclosed quote)."""
    if segment.count("“") != 1 or segment.count("”") != 1:
        return None
    start, end = segment.index("“"), segment.index("”")
    inner = segment[start + 1 : end]
    return inner if start < end and "、" in inner and _QUOTE_TAIL.fullmatch(segment, end + 1) else None


def counted_runs(lines: list[str], i: int, text: str) -> list[Run]:
    """The "、" parts before a count that closes them, in a sentence with no lead-in word: as many as
    the count or fewer (a news item that names some of them)."""
    runs: list[Run] = []
    spans: list[tuple[int, int]] = []
    for n, m in enumerate(_COUNTED.finditer(text[: MAX_RUN * MAX_ITEM])):
        if n >= MAX_COUNTED:
            break
        start = max(text.rfind(c, 0, m.start()) for c in _CLAUSE_END) + 1
        segment = text[start : m.start()]
        if not m.group(1) and (quoted := _quoted_list(segment)):  # "以“甲、乙、丙”为主要内容的10项民生实事"
            segment = quoted
        parts = [clean_item(p) for p in split_outside_brackets(segment, "、")]
        titles = [_titled(p) for p in parts]
        if all(titles):  # "选出了《甲》、《乙》等10件", "“甲”“乙”等20件": the titles, however few
            items = [t for p in parts for t in _TITLE.findall(_TITLES_AT_END.search(p).group(0))]  # type: ignore[union-attr]
        else:
            items = [_first_item(parts[0], parts[1:]), *parts[1:-1], *_last_items(parts[-1], parts[:-1])]
            least = 2 if m.group(1) and all(len(p) >= PAIR_SHORTEST for p in items) else MIN_ITEMS
            if len(items) < least or not all(COUNTED_SHORTEST <= len(p) <= DUN_LONGEST for p in items):
                continue
        announced = marker_number(m.group(2)) if m.group(2) else None
        if announced is None and len(items) < MIN_ITEMS:
            continue
        if announced is not None and (len(items) > announced or not m.group(1) and len(items) != announced):
            continue
        if any(_MARKED.match(p) for p in items):
            continue
        context = context_of(lines, i, text[:start] + m.group(0))
        between = text[spans[-1][1] : start] if spans else ""
        own_year = _YEAR.search(between + text[start : m.start()])  # "；2022年完成…": another year's list
        if runs and "。" not in between and between.rstrip().endswith(("；", ";")) and not own_year:
            # "甲、乙3项已完成…；丙、丁等21项正常推进…": one list told by status, clause after clause
            runs[-1] = replace(runs[-1], items=runs[-1].items + tuple(items))
        else:
            runs.append(Run(tuple(items), "counted", "、", i, context))
        spans.append((start, m.end()))
    return runs


# a category's list is closed by the count of its projects: "…等10项", "…等6个项目"
_COUNT_CLOSES = re.compile(rf"等\s*(?:{_CN}|\d{{1,3}})\s*[件项个类]")
_CATEGORY_LIST = re.compile(
    r"^([^，,：:；;。]{2,15}?)[，,：:]?(?:包括|包含|主要包括|主要有|具体包括)[：:]?(.+)$"
)


def category_list(text: str) -> tuple[str, list[str]] | None:
    """An item that is a category with its projects: "城市配套提升类，包括城市靓化工程、“口袋公园”建设、
    增加停车位供给等6个项目" → ("城市配套提升类", [its projects])."""
    first = re.split(r"[；;。]", text, maxsplit=1)[0]
    m = _CATEGORY_LIST.match(first)
    if not m:
        return None
    parts = [clean_item(p) for p in split_outside_brackets(m.group(2), "、")]
    if not _COUNT_CLOSES.search(parts[-1]):
        return None  # "“常有善育”工程，包括扩大托育资源供给、加强儿童健康管理等": a project and its measures
    parts[-1] = clean_item(without_etc(parts[-1]))
    if len(parts) < 2 or not all(2 <= len(p) <= DUN_LONGEST for p in parts):
        return None
    return m.group(1), parts


def expand_categories(projects: list[dict]) -> list[dict] | None:
    """The projects of a list whose items are categories naming their projects, or None when it is not
    one (most of its items must be such categories)."""
    found = [category_list(p["content"] or p["name"]) for p in projects]
    if len(projects) < 2 or sum(f is not None for f in found) * 2 <= len(projects):
        return None
    expanded = []
    for project, lists in zip(projects, found, strict=True):
        for name in lists[1] if lists else [project["name"]]:
            expanded.append(
                {
                    **project,
                    "seq": str(len(expanded) + 1),
                    "category": lists[0] if lists else project.get("category"),
                    "name": name,
                    "content": name if lists else project["content"],
                }
            )
    return expanded


# "医疗卫生类项目1个，即国家区域医疗中心创建工程" / "基础设施类项目5个，分别为甲、乙、丙、丁、戊"
_COUNTED_GROUP = re.compile(
    rf"([^，,。；;：:]{{2,12}}?类)(?:项目|工程)?\s*(\d{{1,2}}|{_CN}|两)\s*[个项件][，,：:]?\s*"
    r"(?:即|分别为|分别是|为|主要是|主要有|主要包括|包括)"
    r"([^，,。；;]+)"
)


# a label, then 即 and its items separated by "；": "“两个提升”，即提升农村饮水质量，…；提升公众急救能力，…"
_LABELLED = re.compile(r"([“\"]?[^，,。；;：:“”]{2,12}[”\"]?)[，,：:]\s*即[：:]?(.+)")


# a board of the plan, what it costs, then its projects: "教育强基项目：投资0.99亿元，包括：…"
_BOARD = re.compile(r"([^，,。；;：:]{2,15})[：:][^。；;：:]{0,30}?[，,](?:主要)?包括[：:](.+)")


def _semicolon_parts(text: str) -> list[str]:
    parts = [clean_item(p) for p in split_outside_brackets(text.rstrip("。"), "；;")]
    return parts if all(COUNTED_SHORTEST <= len(p) <= MAX_ITEM for p in parts) else []


def _groups_in(text: str) -> list[tuple[str, list[str]]]:
    """The categories a line gives with their projects: one "类别，包括甲、乙等N项" line, or sentences that
    each count a category's projects and name them all ("…类项目2个，分别为甲、乙")."""
    if found := category_list(text):
        return [found]
    if (m := _LABELLED.match(text)) and len(parts := _semicolon_parts(m.group(2))) >= 2:
        return [(clean_item(m.group(1)), parts)]  # "“两个实施”，即实施甲，…；实施乙，…"
    if m := _BOARD.match(text):  # "教育强基项目：投资0.99亿元，包括：甲工程、乙工程、丙活动。"
        names = [clean_item(p) for p in split_outside_brackets(m.group(2).rstrip("。"), "、")]
        named = sum(n.endswith(("工程", "项目", "行动")) for n in names)
        if (
            len(names) >= 2
            and 3 * named >= 2 * len(names)
            and all(COUNTED_SHORTEST <= len(n) <= DUN_LONGEST for n in names)
        ):
            return [(clean_item(m.group(1)), names)]
    groups = []
    for m in _COUNTED_GROUP.finditer(text[: MAX_RUN * MAX_ITEM]):
        names = [clean_item(p) for p in split_outside_brackets(m.group(3), "、")]
        names[-1], count = clean_item(without_etc(names[-1])), marker_number(m.group(2))
        some = names[-1] != clean_item(m.group(3).split("、")[-1])  # "…等工程": it may name fewer
        if (len(names) == count or some and len(names) <= count) and all(
            COUNTED_SHORTEST <= len(n) <= DUN_LONGEST for n in names
        ):
            groups.append((clean_item(m.group(1)), names))
    return groups


def _caption(line: str) -> bool:
    """A photo's caption ("发布会现场 供图 区委宣传部"): short, with no sentence punctuation."""
    return len(line.strip()) <= 30 and not re.search(r"[，,。；;：:！？]", line)


def grouped_runs(lines: list[str]) -> list[Run]:
    """Lines that each give a category and its projects ("生态环境改善工程：包括城区空气质量改善、黑臭河道
    整治工程等10项。"), two or more in a row: one run of all their projects."""
    runs: list[Run] = []
    items: list[str] = []
    groups: list[str] = []
    start = 0
    for i, line in enumerate([*lines, ""]):
        found = _groups_in(line.strip()) if line.strip() and len(items) < MAX_RUN else []
        if found:
            start = i if not items else start
            for group, names in found:
                items += names
                groups += [group] * len(names)
            continue
        if items and i < len(lines) and (not line.strip() or _caption(line)):
            continue  # a blank line, or a photo's caption between the paragraphs
        if len(set(groups)) >= 2:
            runs.append(
                Run(tuple(items), "grouped", "、", start, context_of(lines, start), categories=tuple(groups))
            )
        items, groups = [], []
    return runs
