"""The 台账 workbook: export in the usual layout, safe against formula injection, and the import back of a
workbook filled offline with openpyxl — all or nothing, with row numbers for every error."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from minsheng.reporting.models import Report
from minsheng.reporting.reports import workflow
from tests.conftest import plan, project

HX = {"HTTP_HX_REQUEST": "true"}
WEEK = "2024-W29"


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


def _export(client, p=None) -> bytes:
    p = p or plan("济宁市", 2024)
    response = client.get(f"/plans/{p.pk}/ledger.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return response.content


def _rows_of(sheet, p) -> list[int]:
    return [c.row for c in sheet["L"] if c.value == p.pk]


def _fill(content: bytes, values: dict, texts: dict | None = None) -> bytes:
    """Like a unit filling the workbook in Excel: 完成情况 per indicator id, texts per (project, column)."""
    book = load_workbook(io.BytesIO(content))
    sheet = book["台账"]
    for cell in sheet["M"]:
        if cell.value in values:
            sheet.cell(cell.row, 6, values[cell.value])
    for (p, column), text in (texts or {}).items():
        sheet[f"{column}{_rows_of(sheet, p)[0]}"] = text
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client, data: bytes, period=WEEK, name="台账.xlsx", htmx=False, p=None, **extra):
    p = p or plan("济宁市", 2024)
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(
        f"/plans/{p.pk}/ledger/import/", {"period": period, "file": file, **extra}, **(HX if htmx else {})
    )


def test_the_export_has_the_usual_layout(client_for, users):
    p4 = project("济宁市", 2024, "4")
    report = workflow.save_report(
        p4,
        "2024-07",
        {
            "values": [
                {"indicator": i.pk, "value": v}
                for i, v in zip(p4.indicators.all(), ["110", "1700"], strict=True)
            ],
            "problems": ["用地紧张"],
            "next_steps": "协调用地",
        },
        users["minzheng"],
    )
    workflow.submit(report, users["minzheng"])
    book = load_workbook(io.BytesIO(_export(client_for("office"))))
    sheet = book["台账"]
    assert sheet["A1"].value == "关于办好2024年“重点民生实事”的通知 工作台账（截至 2024年7月15日）"
    assert [c.value for c in sheet[2]][:11] == [
        "序号",
        "项目名称",
        "目标任务",
        "牵头单位",
        "协办单位",
        "完成情况",
        "完成率",
        "存在问题",
        "下步打算",
        "未达序时原因",
        "说明",
    ]
    first, second = _rows_of(sheet, p4)
    assert second == first + 1
    merged = {str(r) for r in sheet.merged_cells.ranges}
    for column in "ABDEHIJ":
        assert f"{column}{first}:{column}{second}" in merged
    assert sheet[f"B{first}"].value == p4.name and sheet[f"D{first}"].value == "市民政局"
    assert sheet[f"F{first}"].value == 110 and sheet[f"F{second}"].value == 1700
    assert sheet[f"F{first}"].data_type == "n" and sheet[f"G{first}"].number_format == "0.0%"
    assert sheet[f"G{first}"].value == pytest.approx(0.55)
    assert sheet[f"H{first}"].value == "用地紧张" and sheet[f"I{first}"].value == "协调用地"
    assert "待审核" in sheet[f"F{first}"].comment.text
    assert sheet[f"B{first}"].alignment.wrap_text and sheet[f"B{first}"].font.name == "宋体"
    assert sheet.freeze_panes == "C3" and sheet.print_title_rows == "$2:$2"
    assert sheet.column_dimensions["B"].width > 20
    assert sheet.column_dimensions["L"].hidden and sheet.column_dimensions["M"].hidden
    assert [c.value for c in sheet[first]][11:] == [p4.pk, p4.indicators.first().pk]
    no_targets = project("济宁市", 2024, "23")
    assert len(_rows_of(sheet, no_targets)) == 1  # a project without indicators still gets its row
    meta = book["_minsheng"]
    assert meta.sheet_state == "hidden" and meta["B2"].value == plan("济宁市", 2024).pk
    assert sheet["A3"].value == "一、老年人保障方面"


def test_a_text_that_looks_like_a_formula_stays_text(client_for, users):
    p1 = project("济宁市", 2024, "1")
    p1.name = "=1+1"
    p1.save()
    workflow.save_report(
        p1,
        WEEK,
        {
            "values": [{"indicator": p1.indicators.get().pk, "value": "10"}],
            "problems": ["@SUM(A1)"],
            "lag_reason": "-落后",
        },
        users["minzheng"],
    )
    report = Report.objects.get(project=p1)
    workflow.submit(report, users["minzheng"])
    content = _export(client_for("office"))
    sheet = load_workbook(io.BytesIO(content))["台账"]
    row = _rows_of(sheet, p1)[0]
    for column, text in [("B", "=1+1"), ("H", "@SUM(A1)"), ("J", "-落后")]:
        cell = sheet[f"{column}{row}"]
        assert cell.value == text and cell.data_type == "s" and cell.quotePrefix
    xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


def test_round_trip_export_fill_import_and_see_the_values(client_for):
    p1, p3, p7 = project("济宁市", 2024, "1"), project("济宁市", 2024, "3"), project("济宁市", 2024, "7")
    client = client_for("minzheng")
    page = client.get(f"/plans/{plan('济宁市', 2024).pk}/ledger/import/").content.decode()
    assert 'name="period"' in page and f'value="{WEEK}" selected' in page and "ledger.js" in page
    filled = _fill(
        _export(client),
        {p1.indicators.get().pk: 1100, p3.indicators.get().pk: "120", p7.indicators.first().pk: 5},
        {(p1, "H"): "资金未到位\n用地紧张", (p1, "I"): "加快施工", (p3, "J"): "", (p3, "I"): "继续推进"},
    )
    response = _upload(client, filled)
    html = response.content.decode()
    assert response.status_code == 200, html
    assert (
        "已保存 2 份2024年第29周（07-15至07-21）草稿" in html and "跳过 " in html and "非本单位牵头" in html
    )
    assert f"/ledger/?period={WEEK}" in html
    r1 = Report.objects.get(project=p1, period=WEEK)
    assert r1.state == "draft" and r1.values.get().value == 1100
    assert r1.problems == ["资金未到位", "用地紧张"] and r1.next_steps == "加快施工"
    assert Report.objects.get(project=p3, period=WEEK).values.get().value == 120
    assert not Report.objects.filter(project=p7).exists()  # 市教育局's row is skipped
    grid = client.get(f"/ledger/?period={WEEK}").content.decode()
    assert 'value="1100"' in grid and 'value="120"' in grid


def test_any_error_saves_nothing_and_names_the_rows(client_for):
    p1, p3, p4 = project("济宁市", 2024, "1"), project("济宁市", 2024, "3"), project("济宁市", 2024, "4")
    client = client_for("minzheng")
    content = _export(client)
    sheet = load_workbook(io.BytesIO(content))["台账"]
    second_row_of_p4 = _rows_of(sheet, p4)[1]
    filled = _fill(
        content,
        {
            p1.indicators.get().pk: 1100,
            p3.indicators.get().pk: "很多",
            p4.indicators.last().pk: -3,
            p4.indicators.first().pk: 110,
        },
    )
    response = _upload(client, filled)
    html = response.content.decode()
    assert response.status_code == 422
    assert "没有保存任何数据" in html
    assert f"第 {_rows_of(sheet, p3)[0]} 行（项目 3）" in html and "“很多”不是数字" in html
    assert f"第 {second_row_of_p4} 行（项目 4）" in html and "不能为负数" in html
    assert not Report.objects.exists()


def test_submitted_reports_and_empty_rows_are_left_alone(client_for, users):
    p1, p3 = project("济宁市", 2024, "1"), project("济宁市", 2024, "3")
    report = workflow.save_report(
        p1, WEEK, {"values": [{"indicator": p1.indicators.get().pk, "value": "1100"}]}, users["minzheng"]
    )
    workflow.submit(report, users["minzheng"])
    client = client_for("minzheng")
    filled = _fill(_export(client), {p1.indicators.get().pk: 1200, p3.indicators.get().pk: 130})
    html = _upload(client, filled, htmx=True).content.decode()
    assert "<html" not in html and "已保存 1 份" in html and "已提交" in html and "未填写，已跳过" in html
    report.refresh_from_db()
    assert report.values.get().value == 1100 and report.state == "submitted"


def test_confirmation_for_high_values_and_a_month(client_for):
    p1 = project("济宁市", 2024, "1")
    client = client_for("minzheng")
    filled = _fill(_export(client), {p1.indicators.get().pk: 3500})
    assert "请确认" in _upload(client, filled, period="2024-07").content.decode()
    html = _upload(client, filled, period="2024-07", confirm="on").content.decode()
    assert "已保存 1 份2024年7月草稿" in html
    assert Report.objects.get(project=p1, kind="month", period="2024-07").values.get().value == 3500


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.xlsx", b"", "文件为空"),
        ("a.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "不是 Excel（.xlsx）台账"),
        ("a.xlsx", "序号,项目名称\n1,养老\n".encode(), "不是 Excel（.xlsx）台账"),
        ("a.xlsx", b"PK\x03\x04broken", "已损坏"),
    ],
)
def test_uploads_that_are_not_a_ledger_workbook(client_for, name, data, message):
    html = _upload(client_for("minzheng"), data, name=name).content.decode()
    assert message in html and not Report.objects.exists()


def test_a_zip_that_is_not_a_workbook_and_a_workbook_not_ours(client_for):
    from openpyxl import Workbook

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "不是 Excel（.xlsx）台账" in _upload(client_for("minzheng"), buffer.getvalue()).content.decode()
    other = io.BytesIO()
    Workbook().save(other)
    assert "不是从本平台导出的台账" in _upload(client_for("minzheng"), other.getvalue()).content.decode()


def test_a_workbook_of_another_plan_is_refused(client_for):
    weishan = _export(client_for("office"), plan("微山县", 2024))
    html = _upload(client_for("minzheng"), weishan).content.decode()
    assert "不是本计划" in html and "关于办好2024年民生实事的通知" in html
    assert not Report.objects.exists()


def test_a_locked_period_is_refused(client_for):
    p1 = project("济宁市", 2024, "1")
    client = client_for("minzheng")
    html = _upload(
        client, _fill(_export(client), {p1.indicators.get().pk: 100}), period="2024-W20"
    ).content.decode()
    assert "锁定" in html and not Report.objects.exists()


def test_who_may_import(client_for):
    p1 = project("济宁市", 2024, "1")
    url = f"/plans/{plan('济宁市', 2024).pk}/ledger/import/"
    office = client_for("office")
    assert office.get(url).status_code == 200
    html = _upload(office, _fill(_export(office), {p1.indicators.get().pk: 100})).content.decode()
    assert "已保存 0 份" in html and "非本单位牵头" in html and not Report.objects.exists()
    for username in ("deputy", "outsider"):
        assert client_for(username).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    assert client_for("minzheng").get(f"/plans/{plan('济宁市', 2025).pk}/ledger/import/").status_code == 404


def test_the_upload_shows_progress(client_for):
    page = client_for("minzheng").get(f"/plans/{plan('济宁市', 2024).pk}/ledger/import/").content.decode()
    assert re.search(r'hx-indicator="#import-busy"', page) and 'id="ledger-upload-progress"' in page
    assert 'hx-encoding="multipart/form-data"' in page


def test_a_workbook_whose_parts_lie_about_their_size_is_refused(client_for):
    """A filled ledger whose sheet declares 5 KB but inflates to 300 MB: refused before openpyxl reads it."""
    from tests.notices.hostile_formats import deflated_zeros, members_of, zip_of

    client = client_for("minzheng")
    members = members_of(_export(client))
    sheet = next(m for m in members if m.name.endswith(b"sheet1.xml"))
    sheet.stored, sheet.size = deflated_zeros(300), 5000
    html = _upload(client, zip_of(members)).content.decode()
    assert "已拒绝" in html or "已损坏" in html or "疑似" in html, html[-2000:]
    assert not Report.objects.exists()
