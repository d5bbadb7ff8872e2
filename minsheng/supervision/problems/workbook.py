"""The three lists (问题 / 责任 / 整改) as an .xlsx workbook: one row per problem of the filtered list.
Texts a spreadsheet would read as a formula (=, +, -, @ …) are written as quoted text, with the
project's one cell writer."""

from minsheng.core.spreadsheet import grid_styles, print_on_a4, put_cell, workbook_bytes
from minsheng.core.templatetags.people import who
from minsheng.notices.writers.word import CJK_FONT
from minsheng.supervision.problems.rules import is_overdue

# (header, width in characters)
COLUMNS = [
    ("序号", 6),
    ("计划", 18),
    ("项目", 28),
    ("问题来源", 10),
    ("问题描述", 36),
    ("责任单位", 16),
    ("责任人", 10),
    ("整改时限", 12),
    ("是否逾期", 9),
    ("整改措施", 36),
    ("状态", 9),
    ("核验情况", 28),
    ("核验人", 10),
    ("核验时间", 17),
    ("登记人", 14),
    ("登记时间", 17),
]


def _row(n: int, p, today) -> list:
    plan = p.project.plan
    return [
        n,
        f"{plan.region.name}{plan.year}年",
        f"{p.project.seq}. {p.project.name}",
        p.get_source_display(),
        p.description,
        p.responsible_unit.name if p.responsible_unit else "",
        p.responsible_person,
        p.deadline,
        "逾期" if is_overdue(p.deadline, p.state, today) else "",
        p.measure,
        p.get_state_display(),
        p.verification,
        who(p.verified_by, ""),
        _moment(p.verified_at),
        who(p.created_by, "系统"),  # the full name, as on the problem's page
        _moment(p.created_at),
    ]


def _moment(value) -> str:
    from django.utils import timezone

    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def export_problems(problems, title: str, today) -> bytes:
    """The problems (with project, plan, region, unit, verifier and registrant loaded) as a workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "问题清单"
    body, head = grid_styles(CJK_FONT)
    put_cell(
        sheet,
        1,
        1,
        title,
        {
            "font": Font(name=CJK_FONT, size=16, bold=True),
            "alignment": Alignment(horizontal="center", vertical="center"),
        },
    )
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    sheet.row_dimensions[1].height = 32
    for c, (header, width) in enumerate(COLUMNS, 1):
        put_cell(sheet, 2, c, header, head)
        sheet.column_dimensions[get_column_letter(c)].width = width
    r = 3
    for n, p in enumerate(problems, 1):
        for c, value in enumerate(_row(n, p, today), 1):
            cell = put_cell(sheet, r, c, None if value == "" else value, body)
            if COLUMNS[c - 1][0] == "整改时限" and value:
                cell.number_format = "yyyy-mm-dd"
        r += 1
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(COLUMNS))}{max(r - 1, 2)}"
    print_on_a4(sheet, landscape=True)
    return workbook_bytes(book)
