"""The list of a document that has no table and no outline the enumerated reader recognises: the
longest run of parallel items, found by its shape and not by its words (plain functions, no database).

A run is items of one family, numbered 1, 2, 3… or separated alike:
- lines that start with markers of one family in order ("1.", "①", "一、", "（1）", "1 名称" …); lines
  between two items that carry no marker (a photo caption, a site's boilerplate) are passed over;
- one paragraph holding its items inline: markers in order ("①…②…", "一是…二是…", "1.…2.…"), or,
  after a lead-in (分别是, 包括, 如下, a colon), parts separated by "；" or "、", 《…》 titles or “…” names.

Of the runs found, the one taken is the one whose lead-in speaks of the plan's year (a news article
may also list last year's projects), then the one of the count the lead-in announces ("十件"), then
the longest; marker runs count more than separated parts, which a sentence also has."""

import re
from dataclasses import replace

from minsheng.notices.extraction.enumerated_lines import CIRCLED, is_admin_line, marker_number, match_marker
from minsheng.notices.extraction.flat_tables import table_runs
from minsheng.notices.extraction.records import record_runs
from minsheng.notices.extraction.run import (
    MAX_ITEM,
    MAX_NUMBERED_ITEM,
    MAX_RUN,
    MIN_ITEMS,
    Run,
    allocations,
    areas_not_projects,
    categories_counted,
    clean_item,
    context_of,
    duties,
    exhortations,
    facets_of_one_matter,
    growth_goals,
    status_counts,
)
from minsheng.notices.extraction.run_projects import projects_of, run_warning
from minsheng.notices.extraction.sentence_lists import counted_runs, grouped_runs, separated_runs
from minsheng.notices.extraction.suffixed import alike_runs, bracketed_runs, named_quote_runs

__all__ = ["MAX_RUN", "MIN_ITEMS", "Run", "best_run", "projects_of", "run_warning"]
MAX_GAP = 3  # unmarked lines passed over between two items of a line run
MAX_SECTION = 12  # lines under a number standing alone (its heading and the bullets below it)
_CN = "[一二三四五六七八九十]{1,3}"
_INLINE_MARKERS = [
    ("circled", re.compile(f"([{CIRCLED}])")),
    ("shi", re.compile(rf"(?:^|(?<=[：:；;。，,\s]))({_CN})是")),
    ("ordinal", re.compile(rf"第({_CN}|\d{{1,2}})[件项个]")),
    ("ar_paren", re.compile(r"[（(](\d{1,2})[）)]")),
    ("cn_paren", re.compile(rf"[（(]({_CN})[）)]")),
    ("ar_dot", re.compile(r"(?:^|(?<=[：:；;。，,\s]))(\d{1,2})[.、．](?!\d)")),
    ("cn_dun", re.compile(rf"(?:^|(?<=[：:；;。，,\s]))({_CN})、")),
]
_DIGIT_SPACE = re.compile(r"(\d{1,2})\s+(?=[\u4e00-\u9fff“《])")
# 《…》 that name a document (a report, a plan, a notice) rather than a project
_DOCUMENT_TITLE = re.compile(r"(?:报告|计划|方案|通知|意见|决定|办法|规划|草案|条例|纲要|决议|公告)$")
# quoted words that are people's speech, not names: a sentence inside, or examples trailing off ("……")
_SPEECH = re.compile(r"[，,。！？!?]")
_GLUED = re.compile(r"([一二三四五六七八九十]{1,2})(?=[\u4e00-\u9fff]{4})")
_ALONE = re.compile(r"([一二三四五六七八九十]{1,3}|\d{1,2})")
_BULLET = re.compile(r"(?:——|—|●|•|·|■|□|◆|◇|★|☆|▲|△|√|▶|►)\s*")
_BOILERPLATE = re.compile(
    r"^(?:责任编辑|编辑|来源|记者|作者|原标题|审核|校对|点击|分享|相关|上一篇|下一篇|扫一扫|【)"
)
_TITLES = re.compile(r"《([^《》]{2,60})》")
_QUOTES = re.compile(r"[“\"]([^“”\"]{2,60})[”\"]")
_ANNOUNCED = re.compile(rf"({_CN}|\d{{1,2}})\s*(?:件|项|大|个)")
_LIST_NAME = re.compile(r"民生实事|实事项目|为民办实事")
_LIST_WORDS = re.compile(r"民生实事|实事|民生工程|项目|清单|工程")
_YEAR = re.compile(r"(20\d{2})")
WEIGHT = {
    "table": 1.2,
    "lines": 1.0,
    "inline": 1.0,
    "bare": 0.8,
    "headed": 0.8,
    "grouped": 1.0,
    "records": 1.2,
    "titles": 0.9,
    "quotes": 0.9,
    "separated": 0.6,
    "counted": 0.6,
}


def _marker_of(line: str) -> tuple[str, int, str] | None:
    found = match_marker(line)
    if found and found[0] != "plain":
        return found[0], found[1], found[3]
    if m := _DIGIT_SPACE.match(line):
        return "digit_space", int(m.group(1)), line[m.end() :]
    if m := _ALONE.fullmatch(line):  # "一" on its own line, the item's name on the next
        return ("alone_ar" if m.group(1).isdigit() else "alone_cn"), marker_number(m.group(1)), ""
    if m := _BULLET.match(line):
        return "bullet:" + m.group(0).strip(), 0, line[m.end() :]  # unnumbered: every item counts next
    if m := _GLUED.match(line):  # "一开展…行动 图片说明": a numeral glued to its heading, counted in order
        return "cn_glued", marker_number(m.group(1)), re.split(r"\s+", line[m.end() :], maxsplit=1)[0]
    return None


def _details(lines: list[str], at: list[int], family: str = "") -> tuple[tuple[str, ...], ...]:
    """The unmarked lines under each item of a line run (its detail, its unit and deadline lines); under a
    numbered item, its bullets too ("▶新增公共停车位800个": the measures, where its targets are)."""
    ends = [*at[1:], min(len(lines), at[-1] + 1 + MAX_GAP)]

    def under(text: str) -> bool:
        marker = _marker_of(text)
        return marker is None or marker[0].startswith("bullet:") and not family.startswith("bullet:")

    details = [
        [t for t in (line.strip() for line in lines[a + 1 : b]) if t and under(t)]
        for a, b in zip(at, ends, strict=True)
    ]
    last = []  # after the last item: its detail as the others have one, not the signature and date below
    for text in details[-1] if any(details[:-1]) else []:
        if is_admin_line(text):
            break
        last.append(text)
    return tuple(tuple(d) for d in [*details[:-1], last])


def line_runs(lines: list[str]) -> list[Run]:
    """Runs of lines that start with markers of one family numbered in order."""
    runs: list[Run] = []
    open_runs: dict[str, tuple[list[int], list[str], int]] = {}  # family → (item lines, items, last n)

    def close(family: str) -> None:
        at, items, _ = open_runs.pop(family)
        if len(items) >= MIN_ITEMS:
            context = context_of(lines, at[0])
            details = _details(lines, at, family)
            if family.startswith("alone"):  # the name is the first line under the number
                items[:] = [d[0] if d else "" for d in details]
                details = tuple(d[1:] for d in details)
            if all(items):
                runs.append(Run(tuple(items), "lines", family, at[0], context, details=details, at=tuple(at)))

    for i, line in enumerate(lines):
        marker = _marker_of(line.strip())
        if marker is None:
            continue
        family, number, rest = marker
        if family.startswith("bullet:"):
            number = open_runs[family][2] + 1 if family in open_runs else 1
        if family in open_runs:
            at, items, last = open_runs[family]
            gap = MAX_GAP if not family.startswith("alone") else MAX_SECTION  # a number over a section
            if number == last + 1 and i - at[-1] - 1 <= gap:
                items.append(clean_item(rest))
                at.append(i)
                open_runs[family] = (at, items, number)
                continue
            close(family)
        if number == 1:
            open_runs[family] = ([i], [clean_item(rest)], 1)
    for family in list(open_runs):
        close(family)
    return runs


def _in_order(matches: list[re.Match]) -> list[re.Match]:
    """The markers numbered 1, 2, 3… in the order they stand (others are passed over)."""
    chosen: list[re.Match] = []
    for m in matches:
        if marker_number(m.group(1)) == len(chosen) + 1:
            chosen.append(m)
    return chosen


def _adjacent(matches: list[re.Match], text: str) -> list[re.Match]:
    """The longest cluster of quoted names or titles standing side by side (“甲”、“乙”和“丙”): quotes
    scattered through prose are slogans, not a list."""
    best: list[re.Match] = []
    cluster: list[re.Match] = []
    for m in matches:
        if cluster and not re.fullmatch(r"[、，,\s和及与以及]{0,3}", text[cluster[-1].end() : m.start()]):
            cluster = []
        cluster.append(m)
        best = max(best, cluster, key=len)
    return list(best)


def _sentence_end(text: str, start: int) -> int:
    end = text.find("。", start)
    return len(text) if end < 0 else end


def inline_runs(lines: list[str]) -> list[Run]:
    """Runs inside one paragraph: markers in order, or parts after a lead-in."""
    runs: list[Run] = []
    for i, line in enumerate(lines):
        text = line.strip()
        for family, pattern in _INLINE_MARKERS:
            marks = _in_order(list(pattern.finditer(text)))
            if len(marks) < MIN_ITEMS:
                continue
            items = [text[a.end() : b.start()] for a, b in zip(marks, marks[1:], strict=False)]
            items.append(text[marks[-1].end() : _sentence_end(text, marks[-1].end())])
            runs.append(
                Run(
                    tuple(map(clean_item, items)),
                    "inline",
                    family,
                    i,
                    context_of(lines, i, text[: marks[0].start()]),
                )
            )
        for kind, pattern in (("titles", _TITLES), ("quotes", _QUOTES)):
            found = _adjacent(
                [m for m in pattern.finditer(text) if not _DOCUMENT_TITLE.search(m.group(1))], text
            )
            spoken = (
                kind == "quotes"
                and found
                and (
                    text[found[-1].end() :].startswith("…") or any(_SPEECH.search(m.group(1)) for m in found)
                )
            )
            if len(found) >= MIN_ITEMS and not spoken:
                names = tuple(clean_item(m.group(1)) for m in found)
                runs.append(Run(names, kind, kind, i, context_of(lines, i, text[: found[0].start()])))
        runs += separated_runs(lines, i, text) + counted_runs(lines, i, text)
        runs += named_quote_runs(lines, i, text) + alike_runs(lines, i, text) + bracketed_runs(lines, i, text)
    return runs


def _bare_item(line: str) -> bool:
    """A line that can be one item of a list without markers: a name or one sentence, not prose, not
    a bracketed note, not a bare number (a flattened table's cell)."""
    return (
        2 <= len(line) <= 100
        and re.search(r"[\u4e00-\u9fff]", line) is not None
        and "。" not in line.rstrip("。")
        and len(re.findall(r"[，,]", line)) <= 2
        and not re.fullmatch(r"[（(].*[）)]", line)
        and not _BOILERPLATE.match(line)
        and not re.search(r"[：:]", line)
        and not line.endswith(("，", ",", "!", "！", "?", "？"))  # a broken sentence, an exclamation
        and not is_admin_line(line)
    )


def bare_runs(lines: list[str]) -> list[Run]:
    """Lines with no marker at all, one item each, under a lead-in that names the list ("具体包括：",
    "2020年全市10大重点民生实事项目"); a bracketed remark between them ("(按得票多少排序)") is passed over."""
    runs = []
    covered = 0  # lines already read into a run are not lead-ins of another (linear, not quadratic)
    for i, line in enumerate(lines):
        lead = line.strip()
        if (
            i < covered
            or not lead
            or not (_LIST_WORDS.search(lead) and len(lead) <= 40 or lead.endswith(("：", ":")))
        ):
            continue
        j = i + 1
        while j < len(lines) and (
            not lines[j].strip() or re.fullmatch(r"[（(].{0,20}[）)]", lines[j].strip())
        ):
            j += 1
        items: list[str] = []
        while (
            j < len(lines)
            and len(items) < MAX_RUN
            and _bare_item(lines[j].strip())
            and _marker_of(lines[j].strip()) is None
            and not _LIST_NAME.search(lines[j])  # "这些重点民生实事项目中": the text about the list goes on
        ):
            items.append(clean_item(lines[j]))
            j += 1
        if len(items) >= MIN_ITEMS and not items[0].startswith("序号"):  # a table's header, not a list
            runs.append(Run(tuple(items), "bare", "lines", i + 1, context_of(lines, i + 1)))
            covered = j
    return runs


_HEADED = re.compile(
    r"([^，,。；;：:\s]{4,24}(?:[，,][^，,。；;：:\s]{4,24})?)。(.{10,})"
)  # one comma: 加强…，拓展…。
# "社区党群服务中心建设项目：优化…": a project's name, ending in the list's word, before a colon and its detail
_COLON_HEADED = re.compile(r"([^，,。；;：:\s]{2,22}(?:项目|工程|行动|计划|实事))[：:](.{6,})")


def headed_runs(lines: list[str]) -> list[Run]:
    """Paragraphs with no marker that each open with a short sentence naming the item, then its detail
    ("稳定和扩大就业。实现城镇新增就业50万人以上…"): three or more in a row, blank lines between allowed."""
    runs: list[Run] = []
    items: list[str] = []
    details: list[tuple[str, ...]] = []  # the detail after each heading, where its targets are read
    start = 0
    for i, line in enumerate([*lines, "。"]):
        text = line.strip()
        if not text and items:
            continue
        pieces = re.split(r"(?<=。)\s+", text)
        if len(pieces) >= MIN_ITEMS and all(map(_HEADED.fullmatch, pieces)):  # paragraphs run into one line
            runs += [replace(r, line=i, context=context_of(lines, i)) for r in headed_runs(pieces)]
            continue
        m = _HEADED.fullmatch(text) or _COLON_HEADED.fullmatch(text)
        if m and _marker_of(text) is None and len(items) < MAX_RUN:
            start = i if not items else start
            items.append(m.group(1))
            details.append((m.group(2).strip(),))
            continue
        if len(items) >= MIN_ITEMS:
            runs.append(
                Run(tuple(items), "headed", "lines", start, context_of(lines, start), details=tuple(details))
            )
        items, details = [], []
    return runs


def _longest(run: Run) -> int:
    return MAX_NUMBERED_ITEM if run.kind in ("lines", "inline") else MAX_ITEM


def find_runs(lines: list[str]) -> list[Run]:
    runs = line_runs(lines) + inline_runs(lines) + bare_runs(lines) + headed_runs(lines) + table_runs(lines)
    runs += grouped_runs(lines) + record_runs(lines)
    return [
        r for r in runs if all(item and len(item) <= _longest(r) for item in r.items) and _names_projects(r)
    ]


def _names_projects(run: Run) -> bool:
    """Whether a run's items name projects, judged on their heads (the text before 。 or ：)."""
    heads = [re.split(r"[。：:]", item)[0] for item in run.items]
    return not (
        facets_of_one_matter(heads)
        or areas_not_projects(heads)
        or exhortations(heads)
        or duties(list(run.items))
        or allocations(list(run.items))
        or categories_counted(list(run.items))
        or growth_goals(heads)
        or status_counts(heads)
    )


def announced_count(context: str) -> int | None:
    """The number of items a lead-in announces: "十件民生实事", "10项", "十大"."""
    for m in reversed(list(_ANNOUNCED.finditer(context))):
        n = marker_number(m.group(1))
        if MIN_ITEMS <= n <= 50:
            return n
    return None


def names_all_announced(run: Run) -> bool:
    """Whether the run is as long as the count its lead-in announces, with no 等 before the count
    (等10个项目 may close a list that names only some)."""
    tail = run.context.rstrip()[-40:]
    return announced_count(run.context) == len(run.items) and not re.search(
        r"等\s*(?:\d|[一二三四五六七八九十])", tail
    )


def score(run: Run, year: int | None) -> float:
    value = len(run.items) * WEIGHT[run.kind]
    context = run.context[-300:]
    lead_in = next((part for part in reversed(run.context.split("\n")) if part.strip()), "")
    years = {int(y) for y in _YEAR.findall(lead_in)}
    if year and year in years:
        value *= 1.5
    elif year and years and all(y < year for y in years):
        value *= 0.3  # last year's list in an article about this year's
    if _LIST_WORDS.search(context):
        value *= 1.3
    if announced_count(context) == len(run.items):
        value *= 1.5
    if run.family == "brackets":  # "确定了4个项目（甲、乙、丙、丁）": a count and its names, said outright
        value *= 1.2
    return value


def _under_numbers(run: Run, runs: list[Run]) -> bool:
    """A bulleted run whose bullets stand under the items of a numbered run ("一 / 构建健康服务体系 /
    ●加强专科建设 ●优化就医服务 / 二 / …"): the bullets are measures, the numbered items the list."""
    if not run.family.startswith("bullet:") or not run.at:
        return False
    first, last = run.at[0], run.at[-1]
    return any(
        r.kind == "lines" and not r.family.startswith("bullet:") and sum(first < a < last for a in r.at) >= 2
        for r in runs
    )


def best_run(lines: list[str], year: int | None = None) -> Run | None:
    """The document's list, or None when it has no run of parallel items."""
    runs = find_runs(lines)
    tables = [r for r in runs if r.kind == "table"]  # a 序号 header over numbered rows is the list
    runs = [r for r in runs if not _under_numbers(r, runs)]
    return max(tables or runs, key=lambda r: (score(r, year), -r.line), default=None)
