"""Lists named in a sentence without a lead-in word: those closed by a count in brackets before them, and with the list's own word, with no lead-in to announce them (plain functions):
"…“开展食用农产品快检，加大食品抽检力度”项目、…“提高疾病预防能力”项目…" (quoted names, each closed by
项目, with the units that run them in between) and "今年，医保异地就医便民项目、社区老年人照护中心项目、
农村生活污水治理项目…" (a "、" list whose parts all end alike). The shared ending is the structure."""

import re

from minsheng.notices.extraction.enumerated_lines import marker_number
from minsheng.notices.extraction.run import MAX_RUN, MIN_ITEMS, Run, clean_item, context_of
from minsheng.notices.extraction.sentence_lists import (
    COUNTED_SHORTEST,
    DUN_LONGEST,
    LEAD_IN,
    split_outside_brackets,
)
from minsheng.notices.extraction.unitnames import UNIT_END

ENDINGS = ("项目", "工程", "行动")
QUOTE_GAP = 40  # characters between two named quotes of one list (the unit that runs the next one)
_QUOTED = re.compile(r"[“\"]([^“”\"]{2,60})[”\"](?=项目|工程|行动)")


def named_quote_runs(lines: list[str], i: int, text: str) -> list[Run]:
    """Quoted names each closed by the list word, in one paragraph, close together: a list even where
    the names carry commas (a quoted sentence alone would be speech)."""
    best: list[re.Match] = []
    cluster: list[re.Match] = []
    for m in list(_QUOTED.finditer(text))[:MAX_RUN]:
        gap = text[cluster[-1].end() : m.start()] if cluster else ""
        if cluster and (len(gap) > QUOTE_GAP or "。" in gap):
            cluster = []
        cluster.append(m)
        best = max(best, cluster, key=len)
    if len(best) < MIN_ITEMS:
        return []
    names = tuple(clean_item(m.group(1)) for m in best)
    leads = tuple(_runner(text[max(0, m.start() - QUOTE_GAP) : m.start()]) for m in best)
    context = context_of(lines, i, text[: best[0].start()])
    return [Run(names, "quotes", "quotes", i, context, leads if any(leads) else ())]


_RUNS_IT = re.compile(r"([^，,；;。、：:“”]{2,15}?)(?:主办|牵头|承办|负责)的?$")


def _runner(before: str) -> tuple[str, ...]:
    """The unit a text names before a quoted project as running it: "市市场监管局主办的“…”项目"."""
    m = _RUNS_IT.search(before)
    unit = re.sub(r"^(?:其中|由)", "", m.group(1)) if m else ""
    return (unit,) if unit and UNIT_END.search(unit) else ()


def alike_runs(lines: list[str], i: int, text: str) -> list[Run]:
    """The longest stretch of "、" parts of one sentence that all end with the same list word."""
    runs = []
    for sentence in re.split(r"[。；;！？!?]", text[: MAX_RUN * DUN_LONGEST]):
        parts = split_outside_brackets(sentence, "、")
        if len(parts) < MIN_ITEMS:
            continue
        parts[0] = re.split(r"[，,：:]", parts[0])[-1]  # "今年，医保…项目": the words before it go
        if leads := list(LEAD_IN.finditer(parts[0])):  # "…10件民生实事项目包括朝天区…项目"
            parts[0] = parts[0][leads[-1].end() :]
        best: list[str] = []
        stretch: list[str] = []
        for part in map(clean_item, parts):
            ending = part[-2:]
            alike = ending in ENDINGS and COUNTED_SHORTEST <= len(part) <= DUN_LONGEST
            if alike and (not stretch or stretch[-1][-2:] == ending):
                stretch.append(part)
            else:
                stretch = [part] if alike else []
            best = max(best, stretch, key=len)
        if len(best) >= MIN_ITEMS:
            start = text.find(best[0])
            runs.append(Run(tuple(best), "separated", "、", i, context_of(lines, i, text[: max(start, 0)])))
    return runs


_COUNT_THEN_BRACKETS = re.compile(
    r"(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[个项件](?:民生实事|实事|项目|工程)?\s*[（(]([^（）()]{4,600})[）)]"
)


def _sentence_of(text: str, m: re.Match) -> str:
    """The sentence that holds the brackets, to its end: "确定了4个项目（…）为2019年民生实事项目" is its lead-in."""
    end = text.find("。", m.end())
    return text[: end if end >= 0 else len(text)]


def bracketed_runs(lines: list[str], i: int, text: str) -> list[Run]:
    """ "确定了4个项目（美丽家园工程、商贸服务工程、清水治污工程、安全治理工程）为…": the names in brackets
    right after their count, as many as it says."""
    runs = []
    for m in list(_COUNT_THEN_BRACKETS.finditer(text[: MAX_RUN * DUN_LONGEST]))[:MAX_RUN]:
        names = [clean_item(p) for p in split_outside_brackets(m.group(2), "、，,")]
        count = marker_number(m.group(1))
        if len(names) == count >= MIN_ITEMS - 1 and all(
            COUNTED_SHORTEST <= len(n) <= DUN_LONGEST for n in names
        ):
            runs.append(
                Run(tuple(names), "counted", "brackets", i, context_of(lines, i, _sentence_of(text, m)))
            )
    return runs
