"""The problem list's .xlsx export: the filtered rows, overdue marked, formula injection escaped."""

import datetime
import io
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from minsheng.supervision.models import Problem
from tests.conftest import plan, project


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


@pytest.fixture
def problems(db):
    p = project("济宁市", 2024, "1")
    lead = p.unit_roles.get(role="lead").unit
    return [
        Problem.objects.create(
            project=p,
            description='=HYPERLINK("http://evil","点我")',
            responsible_unit=lead,
            measure="+1+2",
            responsible_person="@王",
            deadline=datetime.date(2024, 7, 1),
            state="rectifying",
        ),
        Problem.objects.create(
            project=p,
            description="资金未到位",
            responsible_unit=lead,
            source="public",
            deadline=datetime.date(2024, 9, 1),
        ),
        Problem.objects.create(
            project=project("济宁市", 2024, "7"),
            description="用地未落实",
            state="verified",
            verification="-已核验",
        ),
    ]


def rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[2]]
    return sheet, [dict(zip(header, list(r), strict=True)) for r in sheet.iter_rows(min_row=3)]


def test_export_has_the_filtered_rows(client_for, problems):
    url = f"/plans/{plan('济宁市', 2024).pk}/problems/export.xlsx"
    response = client_for("office").get(url + "?source=public")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "济宁市2024年问题清单（20240715）.xlsx" in unquote(response["Content-Disposition"])
    sheet, lines = rows(response)
    assert sheet.title == "问题清单" and "问题、责任、整改清单" in sheet["A1"].value
    assert [r["问题描述"].value for r in lines] == ["资金未到位"]
    line = lines[0]
    assert line["问题来源"].value == "群众反映" and line["责任单位"].value == "市民政局"
    assert line["整改时限"].value.date() == datetime.date(2024, 9, 1) and line["是否逾期"].value is None
    _, everything = rows(client_for("office").get(url))
    assert len(everything) == 3


def test_formula_like_texts_stay_text(client_for, problems):
    response = client_for("office").get(f"/plans/{plan('济宁市', 2024).pk}/problems/export.xlsx?overdue=1")
    _, lines = rows(response)
    assert len(lines) == 1
    line = lines[0]
    assert line["是否逾期"].value == "逾期" and line["状态"].value == "整改中"
    for header in ("问题描述", "整改措施", "责任人"):
        cell = line[header]
        assert cell.data_type == "s" and cell.quotePrefix, header
    assert line["问题描述"].value.startswith("=HYPERLINK")
    _, verified = rows(client_for("office").get("/problems/export.xlsx?state=verified"))
    assert verified[0]["核验情况"].quotePrefix


def test_export_is_scoped_like_the_list(client_for, problems):
    _, mine = rows(client_for("jiaoyu").get("/problems/export.xlsx"))
    assert [r["问题描述"].value for r in mine] == ["用地未落实"]
    assert (
        client_for("weishan").get(f"/plans/{plan('济宁市', 2024).pk}/problems/export.xlsx").status_code == 404
    )
    assert client_for("outsider").get("/problems/export.xlsx").status_code == 404


def test_the_three_lists_export_to_word_with_the_same_rows(client_for, problems):
    import docx

    base = f"/plans/{plan('济宁市', 2024).pk}/problems/"
    office = client_for("office")
    page = office.get(base + "?overdue=1").content.decode()
    assert f'href="{base}export.docx?overdue=1"' in page
    answer = office.get(base + "export.docx?overdue=1")
    assert answer.status_code == 200 and "济宁市2024年问题清单（20240715）.docx" in unquote(
        answer["Content-Disposition"]
    )
    document = docx.Document(io.BytesIO(answer.content))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][:3] == ["序号", "项目", "问题描述"]
    assert [row.cells[2].text for row in table.rows[1:]] == ['=HYPERLINK("http://evil","点我")']
    assert (
        table.rows[1].cells[5].text == "2024-07-01（逾期）"
        and table.rows[1].cells[4].text == "市民政局（@王）"
    )
    assert "共1条" in "\n".join(p.text for p in document.paragraphs)
    assert client_for("weishan").get(base + "export.docx").status_code == 404
    _, mine = rows(client_for("jiaoyu").get("/problems/export.xlsx"))
    everything = docx.Document(io.BytesIO(client_for("jiaoyu").get("/problems/export.docx").content)).tables[
        0
    ]
    assert len(everything.rows) - 1 == len(mine)


def test_export_names_the_registrant_by_full_name(client_for, problems, users):
    Problem.objects.filter(pk=problems[0].pk).update(created_by=users["office"])
    Problem.objects.filter(pk=problems[1].pk).update(created_by=users["outsider"])
    users["outsider"].first_name = ""
    users["outsider"].save(update_fields=["first_name"])
    _, lines = rows(client_for("office").get(f"/plans/{plan('济宁市', 2024).pk}/problems/export.xlsx"))
    by = {r["问题描述"].value: r["登记人"].value for r in lines}
    assert by == {
        '=HYPERLINK("http://evil","点我")': "济宁市督查室",
        "资金未到位": "outsider",
        "用地未落实": "系统",
    }
