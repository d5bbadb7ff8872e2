"""A run of parallel items, as the run finder (runs.py, sentence_lists.py) reads it (plain data)."""

import re
from dataclasses import dataclass

MIN_ITEMS = 3
MAX_ITEM = 160  # an item longer than this is a paragraph, not a list entry
MAX_NUMBERED_ITEM = 1000  # a numbered item may carry its detail (units, progress) after its name
MAX_RUN = (
    200  # items read into one run: a plan lists tens, so a hostile file cannot make the search quadratic
)
TRAILING = "；;。，,、 \t|"


@dataclass(frozen=True)
class Run:
    items: tuple[str, ...]
    kind: str  # lines (numbered or bulleted) | bare | inline | titles | quotes | separated | counted | table
    family: str  # the marker family or the separator
    line: int  # index of the line the run starts on
    context: str  # the lead-in: the text before the run in its paragraph and the lines above it
    leads: tuple[tuple[str, ...], ...] = ()  # per item, the lead units a table's row names
    details: tuple[tuple[str, ...], ...] = ()  # per item, the unmarked lines printed under it
    categories: tuple[str, ...] = ()  # per item, the category a grouped list puts it in
    at: tuple[int, ...] = ()  # the index of each item's line (line runs)


def clean_item(text: str) -> str:
    return text.strip().strip(TRAILING).strip()


def context_of(lines: list[str], index: int, before: str = "") -> str:
    return "\n".join([*lines[max(0, index - 3) : index], before])


FACET_LONGEST = 6


def facets_of_one_matter(names: list[str]) -> bool:
    """Short items that all begin alike — 征集时间、征集内容、征集方式 — are the sections of one matter (a
    call for proposals, a notice's parts), not a list of projects."""
    if len(names) < 2 or any(len(n) > FACET_LONGEST for n in names):
        return False
    first = names[0]
    return all(n[:2] == first[:2] and len(n) <= 4 for n in names)  # 征集+时间, not 建设+幼儿园


AREA_LONGEST = 4


def areas_not_projects(names: list[str]) -> bool:
    """Items mostly of four characters or fewer — 社会保障、养老助残、公共安全 — name policy areas: a
    project's name says what is built or done for whom, and real lists' names run to eight or more."""
    lengths = sorted(len(re.sub(r"[（(][^（）()]*[）)]", "", n)) for n in names)  # "交通出行(85项)"
    return bool(lengths) and lengths[len(lengths) // 2] <= AREA_LONGEST


_COUPLET = re.compile(r"[\u4e00-\u9fff]{2,6}[，,][\u4e00-\u9fff]{2,6}")


def exhortations(names: list[str]) -> bool:
    """Paired phrases — 落实责任，确保质量；密切配合，各负其责 — are a notice's requirements, not projects."""
    return bool(names) and all(_COUPLET.fullmatch(n) for n in names)


HEADING_LONGEST = 40


def heading_of(text: str) -> str:
    """The name of a long item that runs its heading into its detail: "促进群众就业增收，开展职业技能培训
    2.5万人次…" → 促进群众就业增收 (its first clause, where that clause is a heading's length)."""
    first = re.split(r"[，,；;]", text, maxsplit=1)[0]
    if 4 <= len(first) <= 20:
        return first
    cuts = [m.start() for m in re.finditer(r"[，,、：:]", text[: HEADING_LONGEST + 1]) if m.start() >= 8]
    return text[: cuts[-1]] if cuts else text[:HEADING_LONGEST]


_HEADED = re.compile(r"((?:[^，,；;：:\d]|\d++(?![\d.]*[\u4e00-\u9fff])){4,20})[，,](.{8,})")


_PURPOSE = re.compile(r"(.{6,}?)[，,](?:让|使|方便|满足|确保|以便|便于|助力)")


def before_colon(name: str) -> str:
    """ "安康颐养项目：新改建农村互助颐养小院6个…": a short heading before the colon names the item."""
    m = re.match(r"([^：:]{4,20})[：:](.+)", name)
    return m.group(1) if m and m.group(2).strip() else name


def without_purpose(name: str) -> str:
    """A name followed by what it is for — "建设“口袋公园”10处，方便群众“出门见绿”" — ends before it; a
    progress report's heading "快速路一期工程建设推进情况" names the project without its 推进情况."""
    m = _PURPOSE.match(name)
    name = m.group(1) if m else name
    return re.sub(r"(?<=.{4})(?:的)?(?:推进|进展|完成|实施|落实|建设)情况$", "", name)


_MEASURES = re.compile(r"(.{4,24}?)[，,](?:主要|具体)?(?:包括|包含|含|涵盖)")


def without_measures(name: str) -> str:
    """A project named with the measures it holds — "“常有优学”工程，包括促进教育资源优质均衡、…等" — is
    named by what comes before 包括."""
    m = _MEASURES.match(name)
    return m.group(1) if m else name


def headings_of_run(names: list[str], texts: list[str]) -> list[str]:
    """A list whose items mostly run a short heading into numbered detail — "促进重点群体稳定就业，新增城镇
    就业4.3万人…" — is named by the headings, its shorter items too: one list, one way of naming. `texts`
    are the items as printed, `names` as named so far."""
    firsts = [re.split(r"[。；;\n]", t.strip(), maxsplit=1)[0] for t in texts]
    headed = [m for f in firsts if (m := _HEADED.fullmatch(f))]
    if (
        len(names) < MIN_ITEMS
        or 2 * len(headed) < len(names)
        or not any(re.search(r"\d", m[2]) for m in headed)
    ):
        return names
    return [m[1] if (m := _HEADED.fullmatch(n)) else n for n in names]


# what a notice asks of its readers: "各部门要高度重视…", "项目在提出时应采取…", "请各单位于…报送"
_DUTY = re.compile(
    r"^请|[，,](?:要|应当?|须|务必)|(?:要|应当?|须|务必)(?:采取|按照|高度|认真|切实|及时|严格|加强|做好|确保|亲自|结合"
    r"|积极|主动|进一步)"
)


def duties(items: list[str]) -> bool:
    """Most items tell the readers what to do: a notice's requirements, not its projects."""
    return bool(items) and 2 * sum(bool(_DUTY.search(i)) for i in items) > len(items)


_COUNT_NOTE = re.compile(r"[（(](?:项目|共|含|其中|计|包括)[^（）()]*\d[^（）()]*[）)]$")


def without_count_note(name: str) -> str:
    """A name without the note on how many projects it holds: "科教惠民工程（项目6个，其中基建工程类5个）"."""
    stripped = _COUNT_NOTE.sub("", name).strip()
    return stripped if len(stripped) >= 2 else name


_ALLOCATION = re.compile(r"(.{1,14}?)\d+(?:\.\d+)?[个所座处家条名户套间]")
_PLACE_END = re.compile(r"(?:省|市|区|县|旗|镇|乡|街道|市直|开发区|高新区|新区)$")


def allocations(items: list[str]) -> bool:
    """One thing shared out among places — 东台市2所、建湖县2所、市直4所 — is a quota, not a list of projects."""
    found = [_ALLOCATION.fullmatch(re.sub(r"\s+", "", i)) for i in items]
    return bool(items) and sum(bool(m and _PLACE_END.search(m.group(1))) for m in found) * 5 >= 4 * len(items)


# a call for proposals: its title asks for 民生实事 suggestions, so it holds no list of projects yet
_CALL = re.compile(
    r"征集[^。，,]{0,30}(?:民生实事|实事项目|民生项目|办实事|民生工程)|(?:民生实事|实事项目|民生项目|民生工程).{0,12}征集"
)
_RESULT = re.compile(r"票决(?!制)|结果|公布|公示|确定|出炉|选出")  # 票决制 names the practice, not a result


# the title of the list a document carries (as its attachment): "2023年连云港市民生实事项目"
_LIST_TITLE = re.compile(
    r"(?:附件\s*\d*\s*[:：]?)?\s*20\d{2}\s*年度?[^。，,；;：:]{0,16}(?:民生实事|实事项目|民生工程)"
    r"[^。，,；;：:征建议申报表]{0,8}"
)


def call_for_proposals(lines: list[str]) -> str | None:
    """The title of a call for 民生实事 proposals when the document opens with one and does not carry the
    year's list after it (a call for opinions on the list, with the list as its attachment)."""
    texts = [t.strip() for t in lines if t.strip()]
    heads = texts[:5] + [t for t in texts[5:8] if len(t) <= 60]  # a title under a page's chrome
    sentences = [s for t in heads for s in re.split(r"[。！!？?]", t)]
    call = next((s for s in sentences if _CALL.search(s) and not _RESULT.search(s)), None)
    if any(_RESULT.search(s) and re.search(r"实事|项目", s) and not _CALL.search(s) for s in sentences):
        return None  # "为做好…项目征集工作…最终确定11件惠民实事": the call is over, this is its result
    if call and any(_LIST_TITLE.fullmatch(t.replace(" ", "")) for t in texts[5:]):
        return None
    return call


_STATUS_COUNT = re.compile(r"\d+\s*[个项件](?:项目|实事|民生实事)?(?:已|正|按|超|报|未|尚|处于|进入)")


def status_counts(names: list[str]) -> bool:
    """Lines that each count projects by their progress — "5个项目已提前完成全年目标", "7个项目超额完成" — tell
    how the list stands, not what it holds."""
    return bool(names) and all(_STATUS_COUNT.match(n) for n in names)


_HOLDS_COUNT = re.compile(
    r"(?:含|共|包括|涉及|下设)\s*(?:\d+|[一二三四五六七八九十]+)\s*[项个件类](?:具体)?(?:工作|项目|任务|实事|事项)?$"
)


def categories_counted(names: list[str]) -> bool:
    """Items that each say how many works they hold — "聚焦投资于人，服务“一老一小”，含11项具体工作" — are
    the categories of a list the text does not give."""
    return bool(names) and all(_HOLDS_COUNT.search(n.rstrip("。；;)）")) for n in names)


_GROWTH = re.compile(r"(?:增长|提高|下降|降低|达到|控制在|占比|比重)[^，,。；;]{0,8}?\d+(?:\.\d+)?\s*%")


def growth_goals(names: list[str]) -> bool:
    """Items that are mostly growth rates — 地区生产总值增长10%左右、外贸出口增长10% — are a plan's economic
    goals, not its livelihood projects."""
    return bool(names) and 2 * sum(bool(_GROWTH.search(n)) for n in names) > len(names)
