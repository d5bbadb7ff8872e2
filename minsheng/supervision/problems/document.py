"""The three lists (问题 / 责任 / 整改) as a Word document, for the office's meeting papers and files:
one row per problem of the filtered list, on A4 landscape in the bulletin's official faces."""

import datetime
import io

from minsheng.core.dates import chinese_date
from minsheng.supervision.bulletins.document import (
    _grid,
    _page_numbers,
    _paragraph,
    _run,
    a4_document,
    landscape,
)
from minsheng.supervision.problems.rules import is_overdue

HEADER = [
    "序号",
    "项目",
    "问题描述",
    "来源",
    "责任单位（责任人）",
    "整改时限",
    "整改措施",
    "状态",
    "核验情况",
]
WIDTHS_CM = (1.0, 3.6, 5.0, 1.6, 2.8, 2.2, 4.3, 1.6, 3.4)  # 25.5 cm


def rows(problems, today: datetime.date) -> list[list[str]]:
    out = []
    for n, p in enumerate(problems, 1):
        who = p.responsible_unit.name if p.responsible_unit else "—"
        if p.responsible_person:
            who += f"（{p.responsible_person}）"
        deadline = f"{p.deadline:%Y-%m-%d}" if p.deadline else "未定"
        if is_overdue(p.deadline, p.state, today):
            deadline += "（逾期）"
        out.append(
            [
                str(n),
                f"{p.project.plan.region.name} {p.project.seq}. {p.project.name}",
                p.description,
                p.get_source_display(),
                who,
                deadline,
                p.measure or "—",
                p.get_state_display(),
                p.verification or "—",
            ]
        )
    return out


def problems_docx(problems, title: str, today: datetime.date) -> bytes:
    document, fonts = a4_document((2.0, 2.0, 2.1, 2.1))
    landscape(document)
    _page_numbers(document.sections[0], fonts["body"])
    _run(_paragraph(document, "center", exact=False), title, fonts["title"], 18)
    _run(
        _paragraph(document, "center"),
        f"（截至{chinese_date(today)}，共{len(problems)}条）",
        fonts["body"],
        12,
    )
    if problems:
        _grid(document, fonts, HEADER, rows(problems, today), WIDTHS_CM, left_columns=(1, 2, 4, 6, 8))
    else:
        _run(_paragraph(document, indent=True), "没有符合条件的问题。", fonts["body"], 14)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
