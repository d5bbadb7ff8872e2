"""Places a document names: China's administrative divisions down to county level (GB/T 2260, in
minsheng/core/data/divisions.tsv) and the towns written after them ("灌南县新安镇"). Plain functions:
the list is read once."""

import re
from functools import lru_cache
from pathlib import Path

DIVISIONS = Path(__file__).resolve().parents[2] / "core" / "data" / "divisions.tsv"
LONGEST = 12
# real district names that read as common words in running text: 城区, 郊区, 市中区, 新城区…
_COMMON_WORD = re.compile(r"^(?:[城市新老郊矿东西南北中]{1,2}|[城市][东西南北中关])[区县市]$")
# "天祝藏族自治县" is written "天祝县", "恩施土家族苗族自治州" "恩施州"
_AUTONOMOUS = re.compile(r"^(.{2}).*?族自治(县|州|旗)$")
# a town or street written right after its county: "灌南县新安镇", "覃塘区樟木镇", "竹溪县县河镇"
_TOWN = re.compile(r"[\u4e00-\u9fff]{1,4}?(?:镇|乡|街道)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NOT_A_TOWN = re.compile(r"城乡|乡镇|各|全|农村|村镇|小镇|集镇")


@lru_cache(maxsize=1)
def division_names() -> frozenset[str]:
    names: set[str] = set()
    for line in DIVISIONS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        name = line.split("\t", 1)[1].strip()
        if len(name) < 2 or _COMMON_WORD.match(name):
            continue
        names.add(name)
        if m := _AUTONOMOUS.match(name):
            names.add(m.group(1) + m.group(2))
    return frozenset(names)


def is_division(name: str, headline: bool = False) -> bool:
    """Whether `name` is a division; at a headline's start ("城中区20项民生实事项目出炉") the districts
    whose names read as common words count too."""
    return name in division_names() or headline and name in _common_word_divisions()


@lru_cache(maxsize=1)
def _common_word_divisions() -> frozenset[str]:
    rows = [line.split("\t", 1) for line in DIVISIONS.read_text(encoding="utf-8").splitlines()]
    return frozenset(r[1].strip() for r in rows if len(r) == 2 and _COMMON_WORD.match(r[1].strip()))


def _division_at(text: str, at: int) -> str | None:
    names = division_names()
    for length in range(min(LONGEST, len(text) - at), 1, -1):
        if text[at : at + length] in names:
            return text[at : at + length]
    return None


def places_in(text: str) -> list[str]:
    """The places `text` names, in order, each as the most specific of a chain ("连云港市灌南县新安镇" →
    新安镇; "济宁市任城区" → 任城区)."""
    found: list[str] = []
    at, chain_end = 0, -1
    while at < len(text):
        name = _division_at(text, at)
        if name is None or len(name) == 2 and at != chain_end and _CJK.match(text, at - 1) and at:
            at += 1  # a two-character county (洋县, 和县) counts where a clause or a chain starts it
            continue
        end = at + len(name)
        town = _TOWN.match(text, end)
        if town and not _NOT_A_TOWN.search(town.group(0)):
            name, end = town.group(0), town.end()
        if at == chain_end and found:
            found[-1] = name  # the chain goes on: keep its most specific place
        else:
            found.append(name)
        at = chain_end = end
    return found


def place_ending(candidate: str) -> str | None:
    """The known division a candidate name ends with ("千秋路中段义马市" → 义马市), or the candidate itself
    when it is a town; None when it names no place ("确定区", "征求县")."""
    if is_division(candidate):
        return candidate
    found = places_in(candidate)
    if found and candidate.endswith(found[-1]):
        return found[-1]
    town = re.split(r"[是在的为和与及对由经据了将]", candidate)[-1]  # "这次票决是船湾镇" → 船湾镇
    if town.endswith(("镇", "乡", "街道")) and len(town) >= 3 and not _NOT_A_TOWN.search(town):
        return town
    return None


@lru_cache(maxsize=1)
def _bare_names() -> dict[str, str]:
    """Counties and cities by their names without 县/市 ("宁海" → 宁海县), where exactly one division
    bears that name and it is not two characters long enough to be a common word."""
    found: dict[str, list[str]] = {}
    for name in division_names():
        bare = re.sub(r"(?:县|市)$", "", name)
        if bare != name and len(bare) >= 2:
            found.setdefault(bare, []).append(name)
    return {bare: names[0] for bare, names in found.items() if len(names) == 1}


_WORD_AFTER = frozenset(
    {"实事", "服务", "工程", "项目", "政策", "行动", "活动", "措施", "开放", "利民", "生活"}
)
BARE_LEAST = 2  # times a bare name must be written before it counts as the document's place


def bare_place(texts: list[str]) -> str | None:
    """The county or city a text keeps naming without its 县/市 ("宁海新闻网讯…宁海县…", "仪陇"): the bare
    name written most often, at least twice, at the start of a clause or a word run."""
    names = _bare_names()
    counts: dict[str, int] = {}
    for text in texts:
        for m in re.finditer(
            r"(?:^|(?<=[^\u4e00-\u9fff])|(?<=[在的了从对由和与及是为]))([\u4e00-\u9fff]{2,4})", text
        ):
            for size in (4, 3, 2):
                bare = m.group(1)[:size]
                after = text[m.start(1) + size : m.start(1) + size + 2]
                if bare in names and after not in _WORD_AFTER:  # 惠民服务, 惠民实事: a word, not 惠民县
                    counts[bare] = counts.get(bare, 0) + 1
                    break
    best = max(counts, key=lambda b: counts[b], default=None)
    return names[best] if best and counts[best] >= BARE_LEAST else None
