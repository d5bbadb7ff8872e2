"""The unit clauses of enumerated notices: "（牵头单位：市教育局；配合单位：市财政局）", "由市民政局牵头",
"责任单位：…", "分管领导：…", "完成时限：…" — which units lead, which help, who is in charge, by when."""

import re

_LABEL = re.compile(
    r"(?:(?P<leader>(?:分管|责任|牵头|联系|包保|包联)(?:市|县|区|镇|乡|街道)?级?领导(?:同志)?)"
    r"|(?P<deadline>完成(?:时限|时间|期限|时点)|时间节点|办结时限)"
    r"|(?P<lead>牵头(?:责任)?(?:单位|部门)?|主办(?:单位|部门)|主责(?:单位|部门)|负责(?:单位|部门))"
    r"|(?P<resp>(?:主要)?责任(?:单位|部门|主体)|实施(?:单位|主体)|承办(?:单位|部门))"
    r"|(?P<co>配合(?:单位|部门)?|协办(?:单位|部门)?|协同(?:单位|部门)|参与(?:单位|部门)|共同责任(?:单位|部门)))\s*[：:]"
)
_ROLE_PHRASE = re.compile(r"(.+?)(按职责分工负责|共同负责|牵头|负责|主责|配合|参与|协办|协助|协同)")
_DEADLINE_ONLY = re.compile(
    r"((?:\d{4}年)?(?:\d{1,2}月(?:底|末|上旬|中旬|下旬|\d{1,2}日)?|年底|年内)前?)(?:全部)?(?:完成|建成|完工|竣工)?"
)
_INLINE_DEADLINE = re.compile(
    r"((?:\d{4}年)?(?:\d{1,2}月(?:底|末|上旬|中旬|下旬|\d{1,2}日)?|年底|年内|上半年|下半年)前?)"
    r"(?=(?:全部|基本)?(?:完成|建成|投用|投入使用|竣工|交付))"
)
_COLLECTIVE_HEAD = re.compile(r"(?:各|有关|相关)[县市区乡镇]")


def has_unit_label(text: str) -> bool:
    """Whether a line starts with a unit, leader or deadline label ("牵头单位：", "完成时限：").

    Labels: 牵头/主办/主责/负责单位 → lead; 责任/承办/实施单位 → lead, or co-units when a 牵头 unit is named too;
    配合/协办/协同/参与单位 → co; 分管/责任/牵头(市|县|区)领导 → leaders; 完成时限/时间/期限 → deadline."""
    return bool(_LABEL.match(re.sub(r"^[（(]\s*", "", text)))


def _split_top(text: str, separators: str) -> list[str]:
    """`text` cut at the separators that are not inside brackets."""
    parts, current, depth = [], [], 0
    for ch in text:
        depth += (ch in "（(") - (ch in "）)" and depth > 0)
        if depth == 0 and ch in separators:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    return [p for p in [*parts, "".join(current)] if p.strip()]


def split_unit_names(value: str) -> list[str]:
    """'市财政局，各县（市、区）人民政府、各乡、镇人民政府等' → the unit names, collective names whole."""
    value = re.sub(r"\s+(?=[（(])", "", value.strip())
    parts = [p.strip() for p in _split_top(value, "、，,；;/ \t\u3000")]
    names, i = [], 0
    while i < len(parts):
        name = parts[i]
        i += 1
        if _COLLECTIVE_HEAD.fullmatch(name):  # "各乡、镇人民政府", "各县、市、区政府"
            while i < len(parts) and len(parts[i]) <= 10 and parts[i][0] in "县市区乡镇街":
                name += "、" + parts[i]
                i += 1
                if re.search(r"政府|办事处|管委会|街道$", name):
                    break
        name = re.sub(r"^由|(?:等(?:相关|有关)?(?:单位|部门)?|牵头|负责|配合)$", "", name.strip("：:。 "))
        name = re.sub(r"\s+", "", name).translate(str.maketrans("()", "（）"))
        if name and name not in names:
            names.append(name)
    return names


def _labelled(region: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The (role, value) pairs of a text that starts with a label, and sentences that follow a value."""
    matches = list(_LABEL.finditer(region))
    clauses, leftover = [], []
    for m, nxt in zip(matches, [*matches[1:], None], strict=True):
        value = region[m.end() : nxt.start() if nxt else len(region)]
        # a label this module does not know ("项目责任人：", "实际完成情况：") ends the value
        value = re.split(r"[；;，,\s]\s*[\u4e00-\u9fff]{2,6}[：:]", value)[0]
        value, _, after = value.partition("。")
        if after.strip(" 。"):
            leftover.append(after)
        clauses.append((m.lastgroup, value.strip(" ；;，,、。\t")))
    return clauses, leftover


def _bracket_clauses(inner: str) -> list[tuple[str, str]] | None:
    inner = inner.strip()
    if _LABEL.match(inner):
        return _labelled(inner)[0]
    if _role_phrases(inner):  # "市住建局牵头，市财政局、各县区政府配合"
        return [("resp", inner)]
    deadline = _DEADLINE_ONLY.fullmatch(inner)
    if deadline and re.search(r"[年月]", inner):
        return [("deadline", deadline.group(1))]
    return None


def _role_phrases(value: str) -> list[tuple[str, str]] | None:
    """'市住建局牵头，市财政局、各县区政府配合' → [("lead", "市住建局"), ("co", "市财政局、各县区政府")]."""
    parts = [_ROLE_PHRASE.fullmatch(p.strip()) for p in _split_top(value, "，,；;")]
    if not parts or not all(parts):
        return None
    lead = ("牵头", "负责", "主责", "按职责分工负责", "共同负责")
    return [("lead" if m.group(2) in lead else "co", m.group(1)) for m in parts]


def _named_roles(role: str, value: str) -> list[tuple[str, str]]:
    """(role, unit name) pairs of one clause; '市卫健委（牵头）、市财政局' marks the lead inside the list."""
    phrases = _role_phrases(value) if role != "leader" else None
    if phrases:
        return [(r, name) for r, names in phrases for name in split_unit_names(names)]
    names = split_unit_names(value)
    if role in ("lead", "resp") and any(n.endswith("（牵头）") for n in names):
        return [("lead" if n.endswith("（牵头）") else "co", n.removesuffix("（牵头）")) for n in names]
    return [(role, name) for name in names]


def _take_clauses(text: str) -> tuple[str, list[tuple[str, str]]]:
    """`text` without its unit, leader and deadline clauses, and those clauses as (role, value)."""
    clauses, kept, depth, start, last = [], [], 0, 0, 0
    for i, ch in enumerate(text):  # bracketed clauses: "（牵头单位：…；责任单位：…）"
        if ch in "（(":
            start = i if depth == 0 else start
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
            found = _bracket_clauses(text[start + 1 : i]) if depth == 0 else None
            if found:
                clauses += found
                kept.append(text[last:start])
                last = i + 1
    rest = "".join([*kept, text[last:]])
    for m in _LABEL.finditer(rest):  # unbracketed: "…。牵头单位：区人社局 配合单位：各镇（街道）"
        glued = re.search(r"(?:单位|部门|主体)\s*[：:]$", m.group(0))  # "…疫苗接种牵头责任部门：县卫健委"
        if m.start() == 0 or rest[m.start() - 1] in "。；;，, \t）)" or glued:
            found, leftover = _labelled(rest[m.start() :])
            before, after = rest[: m.start()].rstrip("，, \t"), "".join(leftover).strip()
            if before and after and not before.endswith(("。", "；", ";")):
                before += "。"  # "技能培训提升，牵头单位：市退役军人局。其中…": the clause ended a sentence
            return (before + after).strip(), clauses + found
    return rest.strip(), clauses


def item_units(texts: list[str]) -> dict:
    """Units, leaders and deadline of an item written over several texts, and the texts without them.

    "责任单位" names the lead unit first and then the units that share the work, unless the item also names a
    牵头 unit: then all of them are co-units."""
    rests, clauses = [], []
    for text in texts:
        rest, found = _take_clauses(text)
        rests.append(rest)
        clauses += found
    out = {"texts": rests, "lead_units": [], "co_units": [], "leaders": [], "deadline_text": None}
    deadlines = [value for role, value in clauses if role == "deadline" and value]
    out["deadline_text"] = deadlines[0] if deadlines else None
    named = [pair for role, value in clauses if role != "deadline" for pair in _named_roles(role, value)]
    has_lead = any(role == "lead" for role, _ in named)
    for n, (role, name) in enumerate(named):
        key = {"lead": "lead_units", "co": "co_units", "leader": "leaders"}.get(role)
        # "责任单位：甲、乙" with no 牵头 unit: the first named leads, as task-division notices put it
        # ("涉及多个单位的，排在首位的为牵头单位"); the others share the work
        first = not any(r not in ("lead", "co", "leader") for r, _ in named[:n])
        key = key or ("co_units" if has_lead or not first else "lead_units")
        if name not in out[key]:
            out[key].append(name)
    if not out["deadline_text"]:
        found = _INLINE_DEADLINE.search("".join(rests))
        out["deadline_text"] = found.group(1) if found else None
    return out


def parse_unit_clause(text: str) -> dict:
    """One text's units: {"text", "lead_units", "co_units", "leaders", "deadline_text"}."""
    out = item_units([text])
    out["text"] = out.pop("texts")[0]
    return out
