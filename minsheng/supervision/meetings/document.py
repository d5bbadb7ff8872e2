"""The quarterly topic-meeting pack as a Word document (python-docx), in the bulletin's official faces:
the title, then 一、总体情况 (the leader's projects by colour), 二、项目进展 (a table with each project's
progress, colour and colours at the quarter's month ends, 补齐 marked), 三、存在问题和单位说明,
四、督办、批示和延期, 五、上次会议议定事项落实情况, and 六、本次会议议定事项 with lines to fill in."""

import io
from collections import Counter

from minsheng.core.dates import chinese_date
from minsheng.supervision.bulletins.document import (
    BODY_PT,
    _grid,
    _page_numbers,
    _paragraph,
    _run,
    _section_text,
    a4_document,
)
from minsheng.supervision.bulletins.rules import percent
from minsheng.supervision.meetings.models import DecisionState
from minsheng.supervision.meetings.queries import Pack
from minsheng.supervision.status.rules import COLOURS

TABLE_HEADER = ["序号", "项目名称", "牵头单位", "完成进度", "序时进度", "颜色", "各月末颜色"]
TABLE_WIDTHS_CM = (1.1, 4.3, 2.6, 1.6, 1.6, 1.3, 3.1)


def title(pack: Pack) -> str:
    return f"{pack.leader.name}同志分管重点民生实事项目{pack.label}专题会议材料"


def overview_text(pack: Pack) -> str:
    known = [p.status for p in pack.projects if p.status]
    if not known:
        return (
            f"截至{chinese_date(pack.as_of)}，{pack.leader.name}同志分管的{pack.year}年重点民生实事项目暂无。"
        )
    counts = Counter(s.colour for s in known)
    parts = "，".join(f"{COLOURS[c].name}{counts[c]}个" for c in COLOURS if counts[c])
    made_up = sum(any(c.caught_up for c in p.colours) for p in pack.projects)
    behind = sum(s.colour in ("yellow", "orange", "red") for s in known)
    text = f"截至{chinese_date(pack.as_of)}，{pack.leader.name}同志分管{len(known)}个项目：{parts}。"
    if behind:
        text += f"其中进展滞后或报送逾期的{behind}个，需重点研究。"
    if made_up:
        text += f"本季度曾落后、此后已补齐序时进度的{made_up}个。"
    return text


def _colours(item) -> str:
    return "、".join(
        f"{c.day.month}月{'' if c.day.day >= 28 else str(c.day.day) + '日'}{c.label}" for c in item.colours
    )


def table_rows(pack: Pack) -> list[list[str]]:
    rows = []
    for n, item in enumerate(pack.projects, start=1):
        s = item.status
        rows.append(
            [
                str(n),
                f"{item.project.plan.region.name} {item.project.seq}. {item.project.name}",
                item.lead,
                percent(s.progress) if s else "—",
                percent(s.expected) if s else "—",
                s.colour_label if s else "—",
                _colours(item),
            ]
        )
    return rows


def _name(item) -> str:
    return f"{item.project.seq}. {item.project.name.strip().rstrip('。；;')}"


def _clause(text: str) -> str:
    """A text set inside a sentence: without its closing stop."""
    return text.strip().rstrip("。；;")


def problems_text(pack: Pack) -> str:
    lines = []
    for item in pack.projects:
        name = _name(item)
        for problem in item.problems:
            lines.append(f"{name}：{_clause(problem.description)}（{problem.get_state_display()}）。")
        if item.explanation:
            lines.append(f"{name}，单位说明：{_clause(item.explanation)}。")
    return "\n".join(lines) or "本季度各项目无未销号问题，无单位进度说明。"


def supervision_text(pack: Pack) -> str:
    lines = []
    for item in pack.projects:
        name = _name(item)
        for order in item.orders:
            grade = f"{order.grade_of.label}" if order.grade_of else ""
            number = f" {order.number}" if order.number else ""
            lines.append(
                f"{name}：{chinese_date(order.issued_at.date())}向{order.unit.name}发出{grade}"
                f"{order.get_kind_display()}{number}，{order.get_state_display()}。"
            )
        for instruction in item.instructions:
            reply = "已回复" if instruction.reply else "待回复"
            lines.append(f"{name}：领导批示“{_clause(instruction.text)}”（{reply}）。")
        for extension in item.extensions:
            lines.append(
                f"{name}：申请延期至{chinese_date(extension.new_date)}（{extension.get_state_display()}）。"
            )
    return "\n".join(lines) or "本季度无督办单、领导批示和延期申请。"


def earlier_text(pack: Pack) -> str:
    lines = []
    for n, decision in enumerate(pack.earlier, start=1):
        where = f"（{decision.project.name}）" if decision.project else ""
        who = f"，责任单位{decision.unit.name}" if decision.unit else ""
        due = f"，时限{chinese_date(decision.due_date)}" if decision.due_date else ""
        state = decision.get_state_display()
        if decision.state == DecisionState.OPEN and decision.due_date and decision.due_date < pack.as_of:
            state = "逾期未落实"  # past its due date on the pack's day: the meeting must see it
        note = f"：{decision.done_note.strip()}" if decision.done_note else ""
        lines.append(f"{n}. {_clause(decision.text)}{where}{who}{due}。{state}{note}")
    return "\n".join(lines) or "无上次会议议定事项。"


def pack_docx(pack: Pack) -> bytes:
    from docx.shared import Pt

    document, fonts = a4_document((3.7, 3.5, 2.8, 2.6))
    _page_numbers(document.sections[0], fonts["body"])
    heading = _paragraph(document, "center", exact=False)
    heading.paragraph_format.space_after = Pt(12)
    _run(heading, title(pack), fonts["title"], 20)
    sections = [
        ("一、总体情况", overview_text(pack)),
        ("二、项目进展", ""),
        ("三、存在问题和单位说明", problems_text(pack)),
        ("四、督办、批示和延期", supervision_text(pack)),
        ("五、上次会议议定事项落实情况", earlier_text(pack)),
        ("六、本次会议议定事项", "1. \n2. \n3. "),
    ]
    for name, text in sections:
        _run(_paragraph(document, indent=True), name, fonts["heading"], BODY_PT)
        if name.startswith("二"):
            _grid(document, fonts, TABLE_HEADER, table_rows(pack), TABLE_WIDTHS_CM, left_columns=(1, 2, 6))
        elif name.startswith("六"):
            for line in text.split("\n"):
                _run(_paragraph(document, indent=True), line + "_" * 30, fonts["body"], BODY_PT)
        else:
            _section_text(document, fonts, text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
