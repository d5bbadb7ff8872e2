"""The ten-day dispatch as a Word document (/dashboard/dispatch.docx): the title, the window, the summary
sentence and the four tables, read back with python-docx; the same access as the page."""

import datetime
import io

import docx
import pytest
from docx.oxml.ns import qn

from minsheng.supervision.models import SupervisionOrder
from tests.conftest import project
from tests.test_dispatch_page import file_report, problem

URL = "/dashboard/dispatch.docx"


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


def document(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    assert (
        response["Content-Disposition"].startswith("attachment;")
        and "filename*=UTF-8''" in response["Content-Disposition"]
    )
    return docx.Document(io.BytesIO(response.content))


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_document_has_the_window_summary_and_four_tables(client_for):
    item, other = project("济宁市", 2024, "1"), project("济宁市", 2024, "4")
    file_report(item, "2024-06", submitted="2024-07-10")
    problem(item, "2024-07-08", description="场地尚未落实", deadline=datetime.date(2024, 8, 1))
    unit = other.unit_roles.filter(role="lead").first().unit
    SupervisionOrder.objects.create(
        project=other,
        unit=unit,
        kind="notice",
        number="督〔2024〕7号",
        reasons="进度滞后",
        state="issued",
        respond_by=datetime.date(2024, 7, 11),
        issued_at=datetime.datetime(2024, 7, 1, 9, tzinfo=datetime.UTC),
    )
    page = client_for("office").get("/dashboard/dispatch/")
    doc = document(client_for("office").get(URL))
    text = [p.text for p in doc.paragraphs]
    assert text[0] == "民生实事旬调度情况"
    assert "济宁市　2024年7月6日至2024年7月15日" in text
    summary = page.context["data"].summary
    assert f"{summary}。" in text and summary.startswith("本旬新报送月报1份")
    headings = [t for t in text if t[:2] in ("一、", "二、", "三、", "四、")]
    assert [h[:5] for h in headings] == ["一、新报送", "二、状态变", "三、新问题", "四、逾期事"]

    tables = [rows(t) for t in doc.tables]
    assert tables[0][0] == ["项目", "牵头单位", "周期", "提交时间", "状态"]
    assert tables[0][1][0].startswith("济宁市 1. ") and tables[0][1][2:] == [
        "2024-06",
        "2024-07-10 10:00",
        "已提交",
    ]
    problems = next(t for t in tables if t[0][0] == "问题")
    assert problems[1][:2] == ["场地尚未落实", "单位报告"] and problems[1][4] == "2024-08-01"
    overdue = next(t for t in tables if t[0][0] == "类别")
    assert ["逾期未回复督办单", "督〔2024〕7号"] in [r[:2] for r in overdue]
    assert "2024-07-11（逾期4天）" in [r[4] for r in overdue]
    assert all(r[0] == "逾期未报月报" for r in overdue[1:] if r[1].startswith("逾期月报"))

    run = doc.paragraphs[0].runs[0]
    assert run._element.rPr.rFonts.get(qn("w:eastAsia"))  # the Chinese face is named
    assert doc.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia"))


def test_empty_sections_and_a_xun_window(client_for):
    doc = document(client_for("office").get(URL, {"xun": "2024-01-1"}))
    text = [p.text for p in doc.paragraphs]
    assert any("2024年1月上旬（2024年1月1日至2024年1月10日）" in t for t in text)
    for sentence in ["本旬无新报送的月报。", "本旬无新问题。", "本旬无逾期事项。"]:
        assert sentence in text
    assert "本旬新报送月报0份，状态变差0个，新增问题0条，逾期事项0项。" in text


def test_the_leader_gets_his_projects_and_access_is_the_pages(client_for):
    from minsheng.core.models import Person

    person = Person.objects.get(name="张呈祥")
    his = person.projects.filter(plan__year=2024).order_by("pk").first()
    other = his.plan.projects.exclude(leaders=person).first()
    problem(his, "2024-07-08", description="分管项目的问题")
    problem(other, "2024-07-08", description="其他项目的问题")
    doc = document(client_for("leader").get(URL))
    cells = {c for t in doc.tables for r in rows(t) for c in r}
    assert "分管项目的问题" in cells and "其他项目的问题" not in cells
    assert "（只含本人分管的项目）" in [p.text for p in doc.paragraphs]
    everything = document(client_for("leader").get(URL, {"mine": "0"}))
    assert "其他项目的问题" in {c for t in everything.tables for r in rows(t) for c in r}
    assert client_for(None).get(URL).status_code == 302
    assert client_for("minzheng").get(URL).status_code == 403
