"""Units and people from an .xlsx the office fills in (/office/import/): a sheet 单位 (单位名称, 所属区划,
类型) and a sheet 人员 (用户名, 姓名, 角色, 单位, 所属区划). Every row is checked before anything is
written; a workbook with any wrong row writes nothing and lists each row's problem in Chinese. Then
the units are added, each new account opened with a temporary password and an existing account of the
office's given the role it lacks — all in one transaction, each step audited by the workflow."""

import io
from dataclasses import dataclass, field

from django.db import transaction

from minsheng.accounts import rules, workflow
from minsheng.core.models import Role, Unit, UnitKind
from minsheng.core.spreadsheet import cell_text, put_cell, workbook_bytes
from minsheng.notices.readers.grid import ReadError
from minsheng.notices.readers.zipguard import safe_office_zip
from minsheng.notices.writers.word import CJK_FONT
from minsheng.reporting.ledger.workbook import check_upload

UNIT_HEADERS = ["单位名称", "所属区划", "类型"]
PEOPLE_HEADERS = ["用户名", "姓名", "角色", "单位", "所属区划"]
KINDS = {UnitKind(k).label: k for k in (UnitKind.DEPARTMENT, UnitKind.GOVERNMENT, UnitKind.ENTERPRISE)}
KINDS |= {
    "部门": UnitKind.DEPARTMENT,
    "事业单位": UnitKind.DEPARTMENT,
    "政府": UnitKind.GOVERNMENT,
    "管委会": UnitKind.GOVERNMENT,
}
EXAMPLE = "示例："  # a row whose first cell starts so is the template's example, never imported
ROLES = {Role(r).label: r for r in rules.GRANTED} | {
    "填报员": "reporter",
    "审核人": "approver",
    "代表": "deputy",
}
MAX_ROWS = 2000


@dataclass
class Outcome:
    units: list[Unit] = field(default_factory=list)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # username, name, temporary password
    granted: list[str] = field(default_factory=list)


def template() -> bytes:
    """The workbook to fill in, with one example row on each sheet (marked 示例：, never imported)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    for n, (title, headers, example) in enumerate(
        [
            ("单位", UNIT_HEADERS, [f"{EXAMPLE}市数据局", "济宁市", "部门单位"]),
            ("人员", PEOPLE_HEADERS, [f"{EXAMPLE}zhangsan", "张三", "单位填报员", "市数据局", "济宁市"]),
        ]
    ):
        sheet = book.active if n == 0 else book.create_sheet()
        sheet.title = title
        for c, header in enumerate(headers, 1):
            put_cell(sheet, 1, c, header, {"font": Font(name=CJK_FONT, bold=True)})
            put_cell(sheet, 2, c, example[c - 1])
            sheet.column_dimensions[chr(64 + c)].width = 18
    return workbook_bytes(book)


def _rows(book, title: str, headers: list[str]) -> list[tuple[int, dict]]:
    if title not in book.sheetnames:
        return []
    sheet = book[title]
    rows = sheet.iter_rows(values_only=True)
    found = [cell_text(v) for v in next(rows, ())]
    missing = [h for h in headers if h not in found]
    if missing:
        raise ReadError(f"“{title}”表第 1 行缺少“{'”“'.join(missing)}”列，请使用导入模板填写。")
    out = []
    for number, cells in enumerate(rows, 2):
        values = {h: cell_text(cells[found.index(h)]) if found.index(h) < len(cells) else "" for h in headers}
        if values[headers[0]].startswith(EXAMPLE):
            continue  # the template's example row
        if any(values.values()):
            out.append((number, values))
        if len(out) > MAX_ROWS:
            raise ReadError(f"“{title}”表超过 {MAX_ROWS} 行，请分批导入。")
    return out


def read(data: bytes, filename: str = "") -> tuple[list, list]:
    from openpyxl import load_workbook

    check_upload(data, filename)
    data = safe_office_zip(data, "xlsx")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for damaged files
        raise ReadError("无法读取该 Excel 文件，文件可能已损坏，请用导入模板重新填写。") from None
    units, people = _rows(book, "单位", UNIT_HEADERS), _rows(book, "人员", PEOPLE_HEADERS)
    if not units and not people:
        raise ReadError("没有读到“单位”或“人员”表中的数据，请使用导入模板填写。")
    return units, people


class Checked:
    """The checked rows, ready to write: the office's regions and units by name, and each row's problems."""

    def __init__(self, actor):
        self.actor = actor
        self.regions: dict[str, list] = {}
        for region in workflow.regions_for(actor):
            self.regions.setdefault(region.name, []).append(region)
        self.units = {(u.region_id, u.name): u for u in workflow.units_for(actor)}
        self.errors: list[str] = []

    def region(self, sheet: str, number: int, name: str):
        found = self.regions.get(name, [])
        if len(found) != 1:
            why = "不在本级及下级范围内" if not found else "有重名，请联系管理员"
            self.errors.append(f"{sheet}表第 {number} 行：区划“{name or '（空）'}”{why}。")
            return None
        return found[0]


def check(actor, units: list, people: list) -> tuple[Checked, list, list]:
    plan = Checked(actor)
    new_units, new_people = [], []
    planned = set()
    for number, row in units:
        region = plan.region("单位", number, row["所属区划"])
        kind = KINDS.get(row["类型"] or "部门单位")
        if not row["单位名称"] or len(row["单位名称"]) > 100:
            plan.errors.append(f"单位表第 {number} 行：请填写单位名称（最多 100 字）。")
        elif kind is None:
            plan.errors.append(f"单位表第 {number} 行：类型应为 部门单位、政府（管委会） 或 企业。")
        elif (
            region is not None
            and (key := (region.pk, row["单位名称"])) not in plan.units
            and key not in planned
        ):
            planned.add(key)
            new_units.append((row["单位名称"], region, kind))
    usernames = set()
    for number, row in people:
        where = f"人员表第 {number} 行"
        role = ROLES.get(row["角色"])
        if problem := rules.username_problem(row["用户名"]):
            plan.errors.append(f"{where}：{problem}")
        elif row["用户名"].lower() in usernames:
            plan.errors.append(f"{where}：用户名“{row['用户名']}”在表中重复。")
        if not row["姓名"]:
            plan.errors.append(f"{where}：请填写姓名。")
        if role is None:
            plan.errors.append(
                f"{where}：角色“{row['角色']}”不对，应为 {'、'.join(str(Role(r).label) for r in rules.GRANTED)}。"
            )
            continue
        usernames.add(row["用户名"].lower())
        region = plan.region("人员", number, row["所属区划"])
        unit_name = row["单位"] if rules.GRANTED[role] == "unit" else ""
        if (
            region is not None
            and unit_name
            and (region.pk, unit_name) not in plan.units | dict.fromkeys(planned)
        ):
            plan.errors.append(f"{where}：{region.name}没有单位“{unit_name}”，请先在单位表中列出。")
        elif rules.GRANTED[role] == "unit" and not unit_name:
            plan.errors.append(f"{where}：{Role(role).label}须填写单位。")
        new_people.append((row["用户名"], row["姓名"], role, unit_name, region))
    return plan, new_units, new_people


def apply(actor, units: list, people: list) -> Outcome:
    """Check every row, then write all of them or nothing (ReadError lists the problems)."""
    plan, new_units, new_people = check(actor, units, people)
    if plan.errors:
        raise ReadError(
            *plan.errors[:50], *(["……另有问题未列出，请先改正以上各行。"] if len(plan.errors) > 50 else [])
        )
    outcome = Outcome()
    managed = {u.username.lower(): u for u in workflow.manageable_users(actor)}
    from django.contrib.auth import get_user_model

    taken = {
        u.lower()
        for u in get_user_model()
        .objects.filter(username__in=[p[0] for p in new_people])
        .values_list("username", flat=True)
    }
    with transaction.atomic():
        for name, region, kind in new_units:
            unit = workflow.create_unit(actor, name, region, kind)
            plan.units[region.pk, name] = unit
            outcome.units.append(unit)
        for username, full_name, role, unit_name, region in new_people:
            unit = plan.units.get((region.pk, unit_name)) if unit_name else None
            if username.lower() in managed:
                workflow.grant(actor, managed[username.lower()], role, unit, region)
                outcome.granted.append(f"{username}：{unit or region}{Role(role).label}")
            elif username.lower() in taken:
                raise ReadError(f"用户名“{username}”已被其他区划使用，请换一个。")
            else:
                user, password = workflow.create_account(actor, username, full_name, role, unit, region)
                outcome.accounts.append((user.username, full_name, password))
    return outcome
