"""The list the office marks itself (标出清单), for a notice whose list the importer missed or misread:
each marked line of the document becomes one draft project, in the shape `extract()` gives (plain
functions, no database).

A line loses its numbering marker ("1.", "一、", "（1）", "①", "第一件", "●", a table row's 序号 cell),
its unit clauses ("（牵头单位：市教育局）", "由市民政局牵头") become its units, and its name is its heading:
the first sentence, up to "。" or "：", or the first clause of a long item. A line in traditional script
is read through a simplified copy and keeps its own wording, as the importer does."""

import re

from minsheng.notices.extraction.enumerated_lines import match_marker
from minsheng.notices.extraction.metadata import deadline_from_text
from minsheng.notices.extraction.run import HEADING_LONGEST, clean_item, heading_of, without_count_note
from minsheng.notices.extraction.script import for_analysis, restore, without_mirror_noise
from minsheng.notices.extraction.tables import flat
from minsheng.notices.extraction.targets import targets_for_project
from minsheng.notices.extraction.unitclauses import item_units

MAX_MARKED = 500  # lines marked at once: a plan lists tens of projects
_BULLET = re.compile(r"(?:——|—|●|•|·|■|□|◆|◇|★|☆|▲|△|√|▶|►|○|◎|※|-|\*)\s*")
_ROW_NUMBER = re.compile(r"\d{1,3}(?:\t|\s+(?=[\u4e00-\u9fff“《]))")  # a table row's 序号 cell: "1\t名称"
_HEADING = re.compile(r"[^，,。；;：:、\d\s]{2,12}(?:方面|领域|类|板块)[：:]?|【[^】]{1,20}】")
CATEGORY_DOUBT = "此行像是类别标题，请确认它是一个项目；不是的话请回到“标出清单”取消勾选。"


def without_marker(line: str) -> str:
    """The line without its numbering marker or bullet ("1. ●" loses both), and without the 序号 cell of a
    table row copied as text."""
    text = line.strip()
    for _ in range(3):
        found = match_marker(text)
        if found and found[0] != "plain" and found[3]:
            text = found[3]
        elif m := _BULLET.match(text) or _ROW_NUMBER.match(text):
            text = text[m.end() :].strip()
        else:
            break
    return text.strip()


def _name_of(text: str) -> str:
    """The heading of an item: its first sentence, up to "。" or "：", or the first clause of a long one."""
    name = text
    first, dot, rest = name.partition("。")
    if dot and rest.strip():
        name = first
    head = re.split(r"[：:]|——", name, maxsplit=1)
    if len(head) == 2 and len(head[0].strip()) >= 2 and head[1].strip():
        name = head[0]
    name = without_count_note(clean_item(name).rstrip("。；;，,"))
    return heading_of(name) if len(name) > HEADING_LONGEST else name


def _project(seq: int, line: str, year: int | None) -> dict:
    text = without_marker(line)
    cells = [c.strip() for c in text.split("\t") if c.strip()]  # a table row copied as text
    if len(cells) > 1:
        text = cells[0] + "：" + "；".join(c.rstrip("。；;") for c in cells[1:])
    found = item_units([text])
    rest = clean_item(found["texts"][0]) or text
    name = _name_of(rest) or rest[:HEADING_LONGEST]
    content = flat(text)
    doubts = [CATEGORY_DOUBT] if _HEADING.fullmatch(text) else []
    return {
        "seq": str(seq),
        "category": None,
        "name": name,
        "summary": "",
        "content": content,
        "lead_units": found["lead_units"],
        "co_units": [u for u in found["co_units"] if u not in found["lead_units"]],
        "leaders": found["leaders"],
        "deadline": deadline_from_text(found["deadline_text"], year),
        "deadline_text": found["deadline_text"],
        "targets": targets_for_project(name, content, year),
        "warnings": doubts,
    }


def _restored(project: dict, analysed: str, source: str) -> dict:
    """A project read from the simplified copy, in the notice's own script."""
    for key in ("name", "content"):
        project[key] = restore(project[key], analysed, source)
    for key in ("lead_units", "co_units"):
        project[key] = [restore(u, analysed, source) for u in project[key]]
    for t in project["targets"]:
        t["text"], t["unit"] = restore(t["text"], analysed, source), restore(t["unit"], analysed, source)
    return project


def projects_from_lines(lines: list[str], year: int | None = None) -> list[dict]:
    """One draft project per non-empty line, numbered 1, 2, 3… in the order given. `year`: the plan's
    year, so that a year is not read as a target."""
    original = [t for t in (without_mirror_noise(line).strip() for line in lines) if t]
    analysed, traditional = for_analysis(original)
    projects = [_project(i, line, year) for i, line in enumerate(analysed, 1)]
    if traditional:  # each line restored from itself: a word found in one line is not taken from another
        projects = [_restored(*args) for args in zip(projects, analysed, original, strict=True)]
    return projects
