"""The watchlist (重点关注清单) as a Word document for the office's meeting or for print: every project
of the filtered list, most at risk first, with why it is at risk, on A4 landscape in the bulletin's
official faces (python-docx). The filters applied are named under the title."""

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
from minsheng.supervision.bulletins.rules import percent

HEADER = [
    "序号",
    "项目",
    "牵头单位",
    "进度/序时",
    "颜色",
    "原因",
    "预计完成",
    "逾期报告",
    "未销号问题",
    "督办",
]
WIDTHS_CM = (1.1, 6.0, 3.2, 2.4, 1.3, 4.6, 2.6, 1.5, 1.6, 1.2)  # 25.5 cm: A4 landscape less the margins


def rows(items) -> list[list[str]]:
    out = []
    for n, r in enumerate(items, 1):
        s, p = r.status, r.item
        if s.finished:
            forecast = "已完成"
        elif s.forecast_date:
            late = f"（晚{r.delay_late}天）" if r.delay_late else ""
            forecast = f"{s.forecast_date:%Y-%m-%d}{late}"
        else:
            forecast = "无法预测"
        out.append(
            [
                str(n),
                f"{p.plan.region.name} {p.seq}. {p.name}",
                "、".join(u.unit.name for u in p.leads),
                f"{percent(s.progress)}/{percent(s.expected)}",
                s.colour_label,
                "；".join(s.reasons) or "—",
                forecast,
                str(s.overdue_reports or "—"),
                str(r.open_problems or "—"),
                str(r.open_orders or "—"),
            ]
        )
    return out


def watchlist_docx(items, as_of: datetime.date, title: str, filters: str = "") -> bytes:
    document, fonts = a4_document((2.0, 2.0, 2.1, 2.1))
    landscape(document)
    _page_numbers(document.sections[0], fonts["body"])
    _run(_paragraph(document, "center", exact=False), title, fonts["title"], 18)
    scope = f"筛选：{filters}；" if filters else ""
    _run(
        _paragraph(document, "center"),
        f"（{scope}截至{chinese_date(as_of)}，按风险由高到低排列，共{len(items)}个）",
        fonts["body"],
        12,
    )
    if items:
        _grid(document, fonts, HEADER, rows(items), WIDTHS_CM, left_columns=(1, 2, 5))
    else:
        _run(_paragraph(document, indent=True), "没有符合条件的项目。", fonts["body"], 14)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
