"""Projects written as labelled records, one field per line (plain functions):

    01 项目名称：提升县域生态环境
    项目内容：
    连通城区河道水系……
    责任单位：
    水务局、城管局
    进展与成效：
    ……

Each record opens with 项目名称 (its number before it, on the same line or alone above it; the value on the
same line or the next). The fields that say what is promised (内容, 目标, units, deadline) are the record's
detail, a label alone on its line joined to the value under it; what a report says was done (进展、成效)
is left out, as achieved figures are not targets."""

import re

from minsheng.notices.extraction.run import MAX_RUN, MIN_ITEMS, Run, clean_item, context_of

_NAME = re.compile(r"(?:\d{1,2}\s*)?(?:项目名称|实事名称|事项名称)\s*[:：]?\s*(.*)")
_PROMISE = (
    r"项目内容|建设内容|主要内容|建设规模|目标任务|年度目标|牵头单位|责任单位|配合单位|完成时限|完成时间"
)
_REPORT = r"进展与成效|进展情况|工作进展|完成情况|推进情况|实施成效|存在问题|下一步"
_FIELD = re.compile(rf"({_PROMISE}|{_REPORT})\s*[:：]?\s*(.*)")
_ALONE_NUMBER = re.compile(r"\d{1,2}")


def record_runs(lines: list[str]) -> list[Run]:
    texts = [line.strip() for line in lines]
    names: list[str] = []
    details: list[list[str]] = []
    start, keep, label = 0, False, None  # keep: the current field is kept; label: waiting for its value
    for i, text in enumerate(texts):
        if not text or _ALONE_NUMBER.fullmatch(text):
            continue
        if (m := _NAME.fullmatch(text)) and len(names) < MAX_RUN:
            start = i if not names else start
            names.append(m.group(1) or "")
            details.append([])
            keep, label = False, None
            continue
        if not names:
            continue
        if not names[-1]:  # "项目名称：" alone: the name is the next line
            names[-1] = text
            continue
        if field := _FIELD.fullmatch(text):
            keep = re.fullmatch(_PROMISE, field.group(1)) is not None
            label = field.group(1) if keep and not field.group(2) else None
            if keep and field.group(2):
                details[-1].append(f"{field.group(1)}：{field.group(2)}")
            continue
        if keep:
            details[-1].append(f"{label}：{text}" if label else text)
            label = None
    named = [(clean_item(n), tuple(d)) for n, d in zip(names, details, strict=True) if clean_item(n)]
    if len(named) < MIN_ITEMS:
        return []
    items, kept = zip(*named, strict=True)
    return [Run(tuple(items), "records", "labels", start, context_of(lines, start), details=tuple(kept))]
