"""The June 2024 city bulletin from the demo reports: the facts match the status engine and the
reporting ranking, and `minsheng bulletin` writes a Word document (and a PDF, where LibreOffice is
installed) with the title, the six sections, the chart and a row for every project."""

import datetime
import io
import shutil
from collections import Counter

import docx
import pytest
from django.core.management import CommandError, call_command

from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.compliance.queries import plan_compliance
from minsheng.reporting.models import Report, ReportState
from minsheng.site.demo_reports import load_demo_reports
from minsheng.supervision.bulletins.queries import compose_for, gather
from minsheng.supervision.bulletins.rules import COLOUR_NAMES, SECTIONS, texts
from minsheng.supervision.models import Problem
from minsheng.supervision.status.queries import end_of, plan_status
from tests.conftest import plan

JUNE_END = datetime.date(2024, 6, 30)
TITLE = "关于2024年6月份全市重点民生实事项目进展情况的通报"


@pytest.fixture(autouse=True)
def demo_clock(settings, tmp_path):
    settings.MINSHENG_TODAY = "2024-07-15"
    settings.MEDIA_ROOT = tmp_path / "media"


def test_june_facts_match_the_status_engine_reports_and_problems(db, django_assert_max_num_queries):
    load_demo_reports()
    city = plan("济宁市", 2024)
    statuses = plan_status(city, JUNE_END)
    with django_assert_max_num_queries(32):  # the same for 3 projects or 300 (May end computed and stored)
        facts = gather(city, "2024-06")
    with django_assert_max_num_queries(20):  # May end read back from the month-end table
        gather(city, "2024-06")
    may = plan_status(city, datetime.date(2024, 5, 31))
    assert facts.as_of == JUNE_END and len(facts.projects) == 30
    assert Counter(p.colour for p in facts.projects) == Counter(s.colour for s in statuses.values())
    by_seq = {p.seq: p for p in facts.projects}
    for project in city.projects.all():
        status, line = statuses[project.pk], by_seq[project.seq]
        assert (line.progress, line.expected, line.colour) == (
            status.progress,
            status.expected,
            status.colour,
        )
        assert line.previous_colour == may[project.pk].colour  # for 补齐: the month end before
        if status.colour in ("yellow", "orange", "red"):
            latest = (
                Report.objects.filter(
                    project=project,
                    kind=calendar.MONTH,
                    state=ReportState.APPROVED,
                    approved_at__lte=end_of(JUNE_END),
                )
                .order_by("-period_end")
                .first()
            )
            assert line.lag_reason == (latest.lag_reason if latest else "")
    assert any(p.lag_reason for p in facts.projects)  # the demo's behind projects give reasons
    open_problems = Problem.objects.filter(project__plan=city, state="open", created_at__lte=end_of(JUNE_END))
    assert len(facts.problems) == open_problems.count() > 0
    ranking = plan_compliance(city, JUNE_END)
    assert sum(r.on_time for r in facts.reporting) == sum(t.on_time for t in ranking)
    assert facts.next_report_due == datetime.datetime(2024, 7, 25, 18, tzinfo=calendar.SHANGHAI)

    text = texts(compose_for(city, "2024-06"))
    counts = Counter(s.colour for s in statuses.values())
    for colour, label in COLOUR_NAMES.items():
        assert f"{label}{counts.get(colour, 0)}项" in text["overview"]


def test_command_writes_the_june_city_bulletin_as_word(db, tmp_path):
    load_demo_reports()
    city = plan("济宁市", 2024)
    out = tmp_path / "june.docx"
    stdout = io.StringIO()
    call_command("bulletin", "--plan", str(city.pk), "--month", "2024-06", "--out", str(out), stdout=stdout)
    assert "已写入" in stdout.getvalue()

    document = docx.Document(str(out))
    paragraphs = [p.text for p in document.paragraphs]
    assert "重点民生实事督查通报" in paragraphs and TITLE in paragraphs and "2024年第6期" in paragraphs
    assert any(p.startswith("济宁市人民政府督查室\t2024年7月15日") for p in paragraphs)
    for _, heading in SECTIONS:
        assert heading in paragraphs
    statuses = plan_status(city, JUNE_END)
    counts = Counter(s.colour for s in statuses.values())
    body = "\n".join(paragraphs)
    assert "全市2024年30项重点民生实事项目总体完成进度" in body
    assert f"绿色（序时推进）{counts['green']}项" in body and f"红色（严重滞后）{counts['red']}项" in body
    assert len(document.inline_shapes) == 1  # the chart of projects by colour

    table = document.tables[-1]
    assert [c.text for c in table.rows[0].cells] == [
        "序号",
        "项目名称",
        "牵头单位",
        "完成进度",
        "序时进度",
        "状态颜色",
    ]
    projects = list(city.projects.order_by("order", "pk"))
    assert len(table.rows) - 1 == len(projects) == 30
    first, status = projects[0], statuses[projects[0].pk]
    assert [c.text for c in table.rows[1].cells] == [
        first.seq,
        first.name,
        "市民政局",
        f"{status.progress * 100:.1f}%",
        f"{status.expected * 100:.1f}%",
        f"{status.colour_label}色",
    ]
    assert table.rows[1].cells[1].text == "改造2000户困难老年人家庭设施"


def test_command_refuses_bad_input_in_chinese(db, tmp_path):
    city = plan("济宁市", 2024)
    with pytest.raises(CommandError, match="尚未开始"):
        call_command(
            "bulletin", "--plan", str(city.pk), "--month", "2024-09", "--out", str(tmp_path / "a.docx")
        )
    with pytest.raises(CommandError, match=r"\.docx 或 \.pdf"):
        call_command(
            "bulletin", "--plan", str(city.pk), "--month", "2024-06", "--out", str(tmp_path / "a.txt")
        )
    with pytest.raises(CommandError, match="没有编号为"):
        call_command("bulletin", "--plan", "99999", "--month", "2024-06", "--out", str(tmp_path / "a.docx"))
    assert not list(tmp_path.glob("a.*"))


@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")),
    reason="LibreOffice (soffice) is not installed here; CI installs it for the PDF bulletin",
)
def test_command_writes_the_bulletin_as_pdf(db, tmp_path):
    import pdfplumber

    city = plan("济宁市", 2024)
    out = tmp_path / "june.pdf"
    call_command(
        "bulletin", "--plan", str(city.pk), "--month", "2024-06", "--out", str(out), stdout=io.StringIO()
    )
    assert out.read_bytes().startswith(b"%PDF")
    with pdfplumber.open(out) as pdf:
        first = pdf.pages[0].extract_text() or ""
        last = pdf.pages[-1].extract_text() or ""
        assert len(pdf.pages) >= 3
    assert "2024年第6期" in first.replace(" ", "") and "一、总体情况" in first
    assert "序号项目名称牵头单位完成进度序时进度状态颜色" in last.replace(" ", "")  # the header repeats


def test_without_cjk_fonts_the_chart_and_document_fall_back(monkeypatch):
    from minsheng.supervision.bulletins import document as bulletin_docx

    monkeypatch.setattr(bulletin_docx, "installed_fonts", lambda: frozenset())
    assert bulletin_docx.pick_font(bulletin_docx.BODY_FONTS) == "宋体"
    png = bulletin_docx.colour_chart({"green": 3, "red": 1})
    assert png.startswith(b"\x89PNG")


def test_without_matplotlib_the_document_has_no_chart(monkeypatch):
    import sys

    from minsheng.supervision.bulletins import document as bulletin_docx
    from minsheng.supervision.bulletins.rules import compose
    from tests.test_bulletin_rules import FACTS

    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)  # import fails
    assert bulletin_docx.colour_chart({"green": 1}) is None
    data = bulletin_docx.bulletin_docx("标题", "第1期", compose(FACTS), datetime.date(2024, 7, 1))
    document = docx.Document(io.BytesIO(data))
    assert not document.inline_shapes and len(document.tables[-1].rows) == 7


def test_projects_the_office_confirmed_naming_are_named(db):
    from minsheng.supervision.models import SupervisionOrder

    city = plan("济宁市", 2024)
    named, proposed = city.projects.order_by("order")[:2]
    moment = datetime.datetime(2024, 6, 20, 10, tzinfo=calendar.SHANGHAI)
    for project, state in [(named, "issued"), (proposed, "proposed")]:
        SupervisionOrder.objects.create(
            project=project,
            unit=project.unit_roles.first().unit,
            kind="urge",
            reasons="三季度末仍落后",
            state=state,
            trigger="named_in_bulletin:2024",
            issued_at=moment if state == "issued" else None,
        )
    text = texts(compose_for(city, "2024-06"))["behind"]
    assert f"予以通报批评：{named.name}。" in text
    assert "予以通报批评" not in texts(compose_for(city, "2024-05"))["behind"]  # not issued yet in May


def test_units_summoned_for_an_interview_are_named_in_the_month_of_the_sheet(db):
    """约谈: a 督办单 of the rung "behind two month ends in a row", confirmed in June, names the project
    and its lead unit in June's bulletin only."""
    from minsheng.supervision.models import SupervisionOrder

    city = plan("济宁市", 2024)
    summoned, proposed = city.projects.order_by("order")[2:4]
    for project, state, day in [(summoned, "issued", 12), (proposed, "proposed", 12)]:
        SupervisionOrder.objects.create(
            project=project,
            unit=project.unit_roles.first().unit,
            kind="notice",
            grade="warning",
            number="督〔2024〕9号" if state == "issued" else "",
            reasons="连续两个月落后序时进度",
            state=state,
            trigger="behind_two_months:2024-05",
            issued_at=datetime.datetime(2024, 6, day, 10, tzinfo=calendar.SHANGHAI)
            if state == "issued"
            else None,
        )
    june = texts(compose_for(city, "2024-06"))["behind"]
    lead = "、".join(r.unit.name for r in summoned.unit_roles.filter(role="lead").order_by("order", "pk"))
    assert f"已下发警示督办单，约谈牵头单位负责人：{summoned.name}（{lead}）。" in june
    assert proposed.name not in june.split("约谈")[-1]
    assert "约谈" not in texts(compose_for(city, "2024-05"))["behind"]
    assert "约谈" not in texts(compose_for(city, "2024-07", datetime.date(2024, 7, 31)))["behind"]
