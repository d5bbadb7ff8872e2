"""The 台账 workbook: a plan's ledger exported in the usual layout (序号, 项目名称, 目标任务, 牵头单位,
协办单位, 完成情况, 完成率, 存在问题, 下步打算), read back after a unit filled it offline, and saved as
draft reports — all or nothing.

Two columns follow the usual nine because the validation rules need them to accept a value: 未达序时原因
(a project behind pace) and 说明 (an indicator's note, e.g. why a value is missing). Two hidden columns
carry the project and indicator ids, and a hidden sheet the plan id, so the file can be read back."""

import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch

from minsheng.core.clock import now
from minsheng.core.dates import chinese_date, parse_id
from minsheng.core.spreadsheet import cell_text, print_on_a4, put_cell, workbook_bytes
from minsheng.notices.readers.grid import ReadError
from minsheng.notices.readers.safety import KIND_LABELS, MAX_UPLOAD_BYTES, OLE_MAGIC, ZIP_MAGICS, sniff
from minsheng.notices.readers.zipguard import safe_office_zip
from minsheng.notices.writers.word import CJK_FONT
from minsheng.plans.models import Indicator
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.ledger import rules as ledger
from minsheng.reporting.models import Report, ReportState
from minsheng.reporting.reports import workflow

SHEET, META_SHEET, FORMAT = "台账", "_minsheng", "minsheng-ledger-1"
# (header, width in characters); the last two are hidden.
COLUMNS = [
    ("序号", 6),
    ("项目名称", 26),
    ("目标任务", 30),
    ("牵头单位", 14),
    ("协办单位", 18),
    ("完成情况", 11),
    ("完成率", 9),
    ("存在问题", 28),
    ("下步打算", 28),
    ("未达序时原因", 18),
    ("说明", 16),
    ("项目标识", 8),
    ("指标标识", 8),
]
HEADERS = [h for h, _ in COLUMNS]
VISIBLE = len(COLUMNS) - 2
PROJECT_COLUMNS = ["序号", "项目名称", "牵头单位", "协办单位", "存在问题", "下步打算", "未达序时原因"]
NOT_XLSX = "上传的文件不是 Excel（.xlsx）台账，请在台账页面点击“导出 Excel”下载台账，填写后上传该文件。"


# ── export ──────────────────────────────────────────────────────────────────────────────────────────


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _row_height(texts: list[tuple[str, int]], lines: int) -> float:
    for text, width in texts:
        per_line = max(1, width // 2)  # CJK characters are two width units
        lines = max(lines, sum(-(-len(part) // per_line) or 1 for part in (text or "").split("\n")))
    return min(409, 14 * lines + 6)


def export_ledger(plan, rows: list[ledger.LedgerRow], as_of) -> bytes:
    """The plan's ledger as an .xlsx workbook (one sheet 台账 plus the hidden sheet with the plan id)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    side = Side(style="thin", color="000000")
    border = Border(left=side, right=side, top=side, bottom=side)
    body = {
        "font": Font(name=CJK_FONT, size=10.5),
        "border": border,
        "alignment": Alignment(vertical="center", wrap_text=True),
    }
    centred = {**body, "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True)}
    bold = {**centred, "font": Font(name=CJK_FONT, size=10.5, bold=True)}
    title = f"{plan.title} 工作台账（截至 {chinese_date(as_of)}）"
    put_cell(
        sheet,
        1,
        1,
        title,
        {
            "font": Font(name=CJK_FONT, size=16, bold=True),
            "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
        },
    )
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=VISIBLE)
    sheet.row_dimensions[1].height = 36
    for c, header in enumerate(HEADERS, 1):
        put_cell(sheet, 2, c, header, bold)
    r = 3
    for category, group in ledger.group_rows(rows):
        if category:
            put_cell(sheet, r, 1, category, {**body, "font": Font(name=CJK_FONT, size=10.5, bold=True)})
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=VISIBLE)
            r += 1
        for row in group:
            r = _write_project(sheet, r, row, body, centred)
    for c, (_, width) in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    for c in (VISIBLE + 1, VISIBLE + 2):
        sheet.column_dimensions[get_column_letter(c)].hidden = True
    sheet.freeze_panes = "C3"
    print_on_a4(sheet, landscape=True)
    sheet.print_area = f"A1:{get_column_letter(VISIBLE)}{max(r - 1, 2)}"
    meta = book.create_sheet(META_SHEET)
    for i, (key, value) in enumerate(
        [("format", FORMAT), ("plan_id", plan.pk), ("plan", plan.title), ("exported_at", now().isoformat())],
        1,
    ):
        put_cell(meta, i, 1, key, {})
        put_cell(meta, i, 2, value, {})
    meta.sheet_state = "hidden"
    return workbook_bytes(book)


def _write_project(sheet, r: int, row: ledger.LedgerRow, body: dict, centred: dict) -> int:
    from openpyxl.comments import Comment

    first, last = r, r + len(row.lines) - 1
    problems = "\n".join(row.problems)
    project_cells = {
        "序号": row.seq,
        "项目名称": row.name,
        "牵头单位": "、".join(row.lead_units),
        "协办单位": "、".join(row.co_units),
        "存在问题": problems,
        "下步打算": row.next_steps,
        "未达序时原因": row.lag_reason,
    }
    for line in row.lines:
        target = f"{line.text}（{line.target}）" if line.text else ""
        cells = {
            **project_cells,
            "目标任务": target,
            "完成情况": _number(line.value),
            "完成率": float(line.rate) if line.rate is not None else None,
            "说明": line.comment,
            "项目标识": row.project_id,
            "指标标识": line.indicator_id,
        }
        for c, header in enumerate(HEADERS, 1):
            if header in PROJECT_COLUMNS and r > first:
                put_cell(sheet, r, c, None, body)  # covered by the merge; the border still shows
                continue
            style = centred if header in ("序号", "完成情况", "完成率") else body
            value = cells[header]
            cell = put_cell(sheet, r, c, None if value == "" else value, style)
            if header == "完成率":
                cell.number_format = "0.0%"
            elif header == "完成情况" and row.pending and line.value is not None:
                cell.comment = Comment("该数值取自已提交、尚未审核的报送（待审核）。", "minsheng")
        sheet.row_dimensions[r].height = _row_height(
            [(target, 30), (line.comment, 16)]
            + ([] if r > first else [(row.name, 26), (problems, 28), (row.next_steps, 28)]),
            1,
        )
        r += 1
    if last > first:
        for header in PROJECT_COLUMNS:
            c = HEADERS.index(header) + 1
            sheet.merge_cells(start_row=first, start_column=c, end_row=last, end_column=c)
    return r


# ── reading back ────────────────────────────────────────────────────────────────────────────────────


@dataclass
class Entry:
    """What the workbook says about one project."""

    project_id: int
    rows: list[int] = field(default_factory=list)
    values: list[tuple[int, str, str, int]] = field(default_factory=list)  # (indicator, raw, note, row)
    problems: str = ""
    next_steps: str = ""
    lag_reason: str = ""

    @property
    def is_empty(self) -> bool:
        texts = (self.problems, self.next_steps, self.lag_reason)
        return not any(raw for _, raw, _, _ in self.values) and not any(t.strip() for t in texts)


def check_upload(data: bytes, filename: str = "") -> None:
    """The upload is a safe .xlsx by its content, or ReadError with a message for the user."""
    if not data:
        raise ReadError("文件为空，请选择填写好的台账文件（.xlsx）。")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ReadError(
            f"文件超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB 上限，请删除图片等无关内容后再导入。"
        )
    try:
        kind = sniff(data, filename)
    except ReadError as e:
        if data.startswith((*ZIP_MAGICS, OLE_MAGIC)) and "通知" not in str(e):
            raise  # a damaged, encrypted, old-format or bomb archive: its own message says so
        raise ReadError(NOT_XLSX) from None
    if kind != "xlsx":
        raise ReadError(f"上传的文件是{KIND_LABELS.get(kind, kind)}，不是 Excel（.xlsx）台账。{NOT_XLSX}")


def _int(value) -> int | None:
    text = cell_text(value)
    return parse_id(text)


def read_ledger(data: bytes, plan, filename: str = "") -> dict[int, Entry]:
    """The entries of a workbook exported for `plan`, keyed by project id, in the sheet's order."""
    from openpyxl import load_workbook

    check_upload(data, filename)
    data = safe_office_zip(data, "xlsx")  # openpyxl only ever sees verified, bounded parts
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for damaged files
        raise ReadError("无法读取该 Excel 文件，文件可能已损坏，请重新导出后再填写。") from None
    if META_SHEET not in book.sheetnames:
        raise ReadError(
            "该文件不是从本平台导出的台账（缺少计划标识）。请在台账页面点击“导出 Excel”下载台账，填写后再导入。"
        )
    meta = {cell_text(a): b for a, b in book[META_SHEET].iter_rows(max_col=2, values_only=True)}
    if _int(meta.get("plan_id")) != plan.pk:
        other = cell_text(meta.get("plan")) or "另一个计划"
        raise ReadError(
            f"该文件是“{other}”的台账，不是本计划（{plan.title}）的，请下载本计划的台账后再填写。"
        )
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    columns = {
        cell_text(v): i for i, v in enumerate(next(sheet.iter_rows(min_row=2, max_row=2, values_only=True)))
    }
    missing = [h for h in ("完成情况", "项目标识", "指标标识") if h not in columns]
    if missing:
        raise ReadError(f"台账第 2 行缺少“{'”“'.join(missing)}”列，请使用导出的台账原样填写，不要删除列。")
    entries: dict[int, Entry] = {}
    for number, cells in enumerate(sheet.iter_rows(min_row=3, values_only=True), 3):

        def get(header, cells=cells):
            i = columns.get(header)
            return cells[i] if i is not None and i < len(cells) else None

        project_id = _int(get("项目标识"))
        if project_id is None:
            continue  # a title, a category heading or a row the user added
        entry = entries.setdefault(project_id, Entry(project_id))
        entry.rows.append(number)
        for name, header in (
            ("problems", "存在问题"),
            ("next_steps", "下步打算"),
            ("lag_reason", "未达序时原因"),
        ):
            if not getattr(entry, name) and cell_text(get(header)):
                setattr(entry, name, cell_text(get(header)))
        indicator = _int(get("指标标识"))
        if indicator is not None:
            entry.values.append((indicator, cell_text(get("完成情况")), cell_text(get("说明")), number))
    return entries


# ── saving ──────────────────────────────────────────────────────────────────────────────────────────


@dataclass
class ImportResult:
    period: calendar.Period
    saved: list[Report] = field(default_factory=list)
    not_mine: int = 0  # projects the user does not lead
    closed: list[str] = field(default_factory=list)  # already submitted or approved: left as they are
    empty: list[str] = field(default_factory=list)
    unknown: int = 0  # ids no longer in the plan
    errors: list[str] = field(default_factory=list)


def _row_errors(project, entry: Entry, messages: list[str]) -> list[str]:
    """Each message of a refused project with the sheet row it comes from."""
    rows = {
        i.text[:20] + "：": n
        for i in project.indicators.all()
        for ind, _, _, n in entry.values
        if ind == i.pk
    }
    out = []
    for message in messages:
        row = next((n for prefix, n in rows.items() if message.startswith(prefix)), entry.rows[0])
        out.append(f"第 {row} 行（项目 {project.seq}）：{message}")
    return out


def import_ledger(
    plan, period_key: str, entries: dict[int, Entry], user, confirm: bool = False
) -> ImportResult:
    """Save a draft report for `period_key` of every project in `entries` the user reports for, through
    the workflow (validation, locking, audit, versions). One transaction: any error saves nothing."""
    try:
        period = calendar.parse_period(period_key)
    except calendar.PeriodError as e:
        raise ReadError(str(e)) from None
    result = ImportResult(period)
    rules = workflow.rules_for(plan)
    if period.end < plan.begins or period.start > plan.ends:
        raise ReadError(f"{period.label}不在计划年度（{plan.year}年）内。")
    locked = ledger.lock_message(period, rules, now())
    if locked:
        raise ReadError(locked)
    projects = {
        p.pk: p
        for p in plan.projects.filter(pk__in=list(entries))
        .select_related("plan")
        .prefetch_related(
            "unit_roles", Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk"))
        )
    }
    existing = {
        r.project_id: r
        for r in Report.objects.filter(project__in=list(projects), kind=period.kind, period=period.key)
    }
    with transaction.atomic():
        for project_id, entry in entries.items():
            project = projects.get(project_id)
            if project is None:
                result.unknown += 1
            elif not workflow.can_report(user, project):
                result.not_mine += 1
            elif existing.get(project_id) and existing[project_id].state not in (
                ReportState.DRAFT,
                ReportState.RETURNED,
            ):
                result.closed.append(
                    f"{project.seq} {project.name}（{existing[project_id].get_state_display()}）"
                )
            elif entry.is_empty:
                result.empty.append(f"{project.seq} {project.name}")
            else:
                _save(project, period, entry, existing.get(project_id), user, confirm, result)
        if result.errors:
            transaction.set_rollback(True)
            result.saved = []
    return result


def _save(project, period, entry: Entry, report, user, confirm: bool, result: ImportResult) -> None:
    data = {
        "values": [{"indicator": ind, "value": raw, "comment": note} for ind, raw, note, _ in entry.values],
        "narrative": report.narrative if report else "",
        "problems": ledger.split_problems(entry.problems),
        "next_steps": entry.next_steps,
        "lag_reason": entry.lag_reason,
        "confirm": confirm,
        **ledger.kept_fields(report),
    }
    try:
        saved = workflow.save_report(project, period.key, data, user)
    except workflow.ReportError as e:
        result.errors.extend(_row_errors(project, entry, e.messages))
    else:
        saved.project = project
        result.saved.append(saved)
