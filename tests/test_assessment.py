"""考核 from the year's records: the events read as of a day (a report missing until it is filed late,
a return, each missed deadline of a 督办单, a project accepted early), the pages of the office, a
leader and a unit (forms posted as rendered), the Word and Excel exports opened by their libraries, and
a query count that does not grow with the rows."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minsheng.core.audit import events_for
from minsheng.core.models import AuditEvent, Region, Unit
from minsheng.reporting.calendar.rules import SHANGHAI, parse_period
from minsheng.reporting.models import Report, ReportVersion
from minsheng.supervision.assessment import ledger, queries, rules
from minsheng.supervision.models import Acceptance, AssessmentEntry, AssessmentScheme, SupervisionOrder
from tests.conftest import project
from tests.forms import form_data

D = datetime.date


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


def at(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def canteens(db):
    return project("济宁市", 2024, "3")  # led by 市民政局 (minzheng, minzheng_head)


@pytest.fixture
def city(db):
    return Region.objects.get(name="济宁市")


@pytest.fixture
def minzheng(db):
    return Unit.objects.get(name="市民政局", region__name="济宁市")


def _report(p, period, submitted, state="approved"):
    key = parse_period(period)
    return Report.objects.create(
        project=p,
        kind=key.kind,
        period=period,
        period_start=key.start,
        period_end=key.end,
        state=state,
        submitted_at=submitted,
    )


def kinds(city, unit, day, p, kind=None):
    events = queries.gather(city, 2024, day, [unit.pk]).events
    return sorted(
        (e.kind, e.day) for e in events if e.project_id == p.pk and (kind is None or e.kind == kind)
    )


def test_a_report_is_missing_until_it_is_filed_and_then_late(city, minzheng, canteens):
    # February's monthly report: due 25 February 18:00, with two days' grace until the 27th.
    # Missing from the evening of the 27th, when the grace ran out.
    assert (rules.MONTH_MISSING, D(2024, 2, 27)) in kinds(city, minzheng, D(2024, 3, 5), canteens)
    assert (rules.MONTH_MISSING, D(2024, 2, 27)) in kinds(city, minzheng, D(2024, 2, 27), canteens)
    assert D(2024, 2, 27) not in [
        d for _, d in kinds(city, minzheng, D(2024, 2, 26), canteens, rules.MONTH_MISSING)
    ]
    _report(canteens, "2024-02", at(2024, 3, 10, 9))
    assert (rules.MONTH_MISSING, D(2024, 2, 27)) in kinds(
        city, minzheng, D(2024, 3, 5), canteens
    )  # as it was
    late = kinds(city, minzheng, D(2024, 3, 31), canteens, rules.MONTH_LATE)
    assert late == [(rules.MONTH_LATE, D(2024, 3, 10))]
    assert (rules.MONTH_MISSING, D(2024, 2, 27)) not in kinds(city, minzheng, D(2024, 3, 31), canteens)
    _report(canteens, "2024-03", at(2024, 3, 25, 9))  # on time: no event
    months = [d for k, d in kinds(city, minzheng, D(2024, 4, 30), canteens) if k.startswith("month")]
    assert D(2024, 3, 27) not in months


def test_a_return_counts_against_the_lead_unit(city, minzheng, canteens):
    report = _report(canteens, "2024-05", at(2024, 5, 24, 9), state="returned")
    ReportVersion.objects.create(report=report, version=2, state="returned", content={})
    assert kinds(city, minzheng, D(2024, 7, 15), canteens, rules.RETURNED) == [
        (rules.RETURNED, D(2024, 7, 15))
    ]


def test_each_missed_deadline_of_a_sheet_counts_at_its_grade(city, minzheng, canteens):
    order = SupervisionOrder.objects.create(
        project=canteens,
        unit=minzheng,
        kind="notice",
        grade="warning",
        reasons="进度滞后",
        state="issued",
        issued_at=at(2024, 5, 20, 10),
        respond_by=D(2024, 6, 7),
    )
    rise = AuditEvent.objects.create(
        action="raise",
        model="supervision.supervisionorder",
        object_id=str(order.pk),
        object_repr="x",
        changes={"等级": ["提示", "警示"], "回复时限": ["2024-05-30", "2024-06-07"]},
    )
    AuditEvent.objects.filter(pk=rise.pk).update(at=at(2024, 5, 31, 1))
    assert kinds(city, minzheng, D(2024, 5, 30), canteens, rules.ORDER_LATE["prompt"]) == []
    # Before the rise's day the deadline in force was 30 May: late and unanswered on the 31st's eve.
    orders = [e for e in kinds(city, minzheng, D(2024, 6, 5), canteens) if e[0].startswith("order")]
    assert orders == [(rules.ORDER_LATE["prompt"], D(2024, 5, 31))]
    SupervisionOrder.objects.filter(pk=order.pk).update(state="answered", responded_at=at(2024, 6, 10, 9))
    orders = [e for e in kinds(city, minzheng, D(2024, 7, 15), canteens) if e[0].startswith("order")]
    assert orders == [
        (rules.ORDER_LATE["prompt"], D(2024, 5, 31)),
        (rules.ORDER_LATE["warning"], D(2024, 6, 10)),
    ]


def test_an_early_acceptance_earns_points_and_no_report_is_owed_after_it(city, minzheng, canteens):
    before = kinds(city, minzheng, D(2024, 7, 15), canteens, rules.WEEK_MISSING)
    assert any(d > D(2024, 6, 10) for _, d in before)
    Acceptance.objects.create(
        project=canteens,
        evidence="完成",
        state="accepted",
        applied_at=at(2024, 6, 1),
        decided_at=at(2024, 6, 3, 15),
    )
    after = kinds(city, minzheng, D(2024, 7, 15), canteens)
    assert (rules.FINISHED_EARLY, D(2024, 6, 3)) in after
    assert not [d for k, d in after if k == rules.WEEK_MISSING and d > D(2024, 6, 12)]


def test_the_office_sees_the_ranking_and_exports_it(client_for, city, minzheng, canteens):
    office = client_for("office")
    page = office.get("/supervision/assessment/")
    html = page.content.decode()
    assert page.status_code == 200 and "济宁市2024年重点民生实事责任单位考核" in html and "市民政局" in html
    book = ledger.build(city, 2024, D(2024, 7, 15))
    row = book.row_of(minzheng)
    assert row is not None and row.score.score < 100  # the test data files no report: many missing
    assert f"<strong>{rules.points_text(row.score.score)}</strong>" in html

    import docx
    import openpyxl

    word = office.get("/supervision/assessment/export.docx")
    assert word.status_code == 200 and "attachment" in word["Content-Disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
    assert "一、考核办法" in text and "各责任单位基础分100分" in text and "五、扣分、加分明细" in text
    tables = docx.Document(io.BytesIO(word.content)).tables
    assert tables[0].rows[0].cells[1].text == "责任单位" and len(tables[0].rows) == len(book.rows) + 1
    workbook = openpyxl.load_workbook(io.BytesIO(office.get("/supervision/assessment/export.xlsx").content))
    assert workbook.sheetnames == ["得分排名", "各区划", "扣加分明细"]
    ranking = workbook["得分排名"]
    names = [ranking.cell(r, 2).value for r in range(3, ranking.max_row + 1)]
    assert "市民政局" in names and ranking.cell(3 + names.index("市民政局"), 10).value == float(
        row.score.score
    )
    assert workbook["扣加分明细"].max_row == 2 + sum(len(r.score.lines) for r in book.rows)
    assert office.get("/supervision/assessment/export.pdf").status_code == 404


def test_a_unit_sees_its_own_score_and_no_other(client_for, minzheng):
    unit = client_for("minzheng")
    landing = unit.get("/supervision/assessment/")
    assert (
        landing.status_code == 302 and landing["Location"] == f"/supervision/assessment/units/{minzheng.pk}/"
    )
    page = unit.get(landing["Location"]).content.decode()
    assert "市民政局（本单位）" in page and "扣分、加分明细" in page and "月报未报" in page
    other = Unit.objects.get(name="市卫生健康委", region__name="济宁市")
    assert unit.get(f"/supervision/assessment/units/{other.pk}/").status_code == 404
    assert client_for("outsider").get(f"/supervision/assessment/units/{minzheng.pk}/").status_code == 404
    assert client_for("weishan").get(f"/supervision/assessment/units/{minzheng.pk}/").status_code == 404


def test_a_wrong_year_or_day_is_refused_in_chinese(client_for):
    office = client_for("office")
    for query, message in [
        ("year=2031", "年度“2031”没有已发布的计划"),
        ("day=7月", "日期“7月”不对"),
        ("year=2024&day=2024-09-01", "日期“2024-09-01”还没到"),
    ]:
        answer = office.get(f"/supervision/assessment/?{query}")
        assert answer.status_code == 400 and message in answer.content.decode()
    assert office.get("/supervision/assessment/?region=999999").status_code == 404


def _form(html: str, action: str) -> dict:
    start = html.rindex("<form", 0, html.index(f'action="{action}"'))
    return form_data(html[start : html.index("</form>", start) + 7])


def test_the_office_edits_its_scheme_and_the_scores_follow(client_for, city, minzheng):
    office = client_for("office")
    before = ledger.build(city, 2024, D(2024, 7, 15)).row_of(minzheng).score.score
    page = office.get("/supervision/assessment/rules/").content.decode()
    data = form_data(page[page.index('<form method="post"') :])
    assert data["month_missing"] == "2" and data.get("red_line_serious") == "on"
    refused = office.post("/supervision/assessment/rules/", data | {"month_missing": "-5"})
    assert refused.status_code == 422 and "不能为负数" in refused.content.decode()
    assert not AssessmentScheme.objects.exists()
    assert office.post("/supervision/assessment/rules/", data | {"month_missing": "5"}).status_code == 302
    stored = AssessmentScheme.objects.get(region=city, year=2024)
    assert stored.values["month_missing"] == "5" and events_for(stored).first().changes == {
        "月报未报（扣分/次）": [None, "5"]
    } | {k: v for k, v in events_for(stored).first().changes.items() if k != "月报未报（扣分/次）"}
    after = ledger.build(city, 2024, D(2024, 7, 15)).row_of(minzheng).score.score
    assert after < before
    weishan = Region.objects.get(name="微山县")
    assert queries.scheme_for(weishan, 2024)[0].month_missing == Decimal(5)  # inherited below
    assert client_for("leader").get("/supervision/assessment/rules/").status_code == 403


def test_the_office_records_a_praise_and_withdraws_it(client_for, city, minzheng, canteens):
    office = client_for("office")
    html = office.get("/supervision/assessment/").content.decode()
    data = _form(html, "/supervision/assessment/entries/new/") | {
        "unit": str(minzheng.pk),
        "kind": "praise",
        "counted_on": "2024-06-18",
        "reason": "市长批示表扬。",
    }
    before = ledger.build(city, 2024, D(2024, 7, 15)).row_of(minzheng).score
    empty = office.post("/supervision/assessment/entries/new/", data | {"reason": ""})
    assert empty.status_code == 422 and "请写明事由及依据。" in empty.content.decode()
    wrong = office.post("/supervision/assessment/entries/new/", data | {"kind": "deduction", "points": ""})
    assert wrong.status_code == 422 and "请填写分值" in wrong.content.decode()
    assert not AssessmentEntry.objects.exists()
    assert office.post("/supervision/assessment/entries/new/", data).status_code == 302
    entry = AssessmentEntry.objects.get()
    after = ledger.build(city, 2024, D(2024, 7, 15)).row_of(minzheng).score
    assert after.added == before.added + 2 and any(
        line.event.reason == "市长批示表扬。" for line in after.lines
    )
    assert ledger.build(city, 2024, D(2024, 6, 17)).row_of(minzheng).score.added == 0  # not yet on that day
    assert (
        client_for("leader").post(f"/supervision/assessment/entries/{entry.pk}/withdraw/").status_code == 404
    )
    weishan = Region.objects.get(name="微山县")
    theirs = AssessmentEntry.objects.create(
        region=weishan, year=2024, unit=minzheng, kind="praise", day=D(2024, 6, 1), reason="表扬"
    )
    assert (
        client_for("leader").post(f"/supervision/assessment/entries/{theirs.pk}/withdraw/").status_code == 403
    )  # sees, may not change
    theirs.delete()
    assert office.post(f"/supervision/assessment/entries/{entry.pk}/withdraw/").status_code == 302
    assert ledger.build(city, 2024, D(2024, 7, 15)).row_of(minzheng).score.added == before.added
    assert [e.action for e in events_for(entry).order_by("at", "pk")] == ["create", "withdraw"]


def test_the_ranking_costs_the_same_queries_whatever_the_rows(client_for, city, minzheng, canteens):
    office = client_for("office")

    def add(months, count):
        for month in months:
            report = _report(canteens, month, at(2024, int(month[-2:]) + 1, 3, 9), state="returned")
            ReportVersion.objects.create(report=report, version=2, state="returned", content={})
        for n in range(count):
            SupervisionOrder.objects.create(
                project=canteens,
                unit=minzheng,
                kind="notice",
                grade="prompt",
                reasons=f"督办{n}",
                state="issued",
                issued_at=at(2024, 5, 1),
                respond_by=D(2024, 5, 11),
            )
            AssessmentEntry.objects.create(
                region=city, year=2024, unit=minzheng, kind="praise", day=D(2024, 6, n + 1), reason=f"表扬{n}"
            )

    add(["2024-01"], 1)  # one of each: a list of none is no query at all
    office.get("/supervision/assessment/")
    with CaptureQueriesContext(connection) as few:
        assert office.get("/supervision/assessment/").status_code == 200
    add(["2024-02", "2024-03", "2024-04"], 4)
    with CaptureQueriesContext(connection) as many:
        assert office.get("/supervision/assessment/").status_code == 200
    shapes = [q["sql"][:80] for q in few.captured_queries]
    extra = [q["sql"][:400] for q in many.captured_queries if q["sql"][:80] not in shapes]
    assert len(many) == len(few), extra


def test_switching_the_year_takes_that_years_day(client_for):
    page = client_for("office").get("/supervision/assessment/?year=2024&day=2023-12-31")
    assert page.status_code == 200 and page.context["ledger"].day == D(2024, 7, 15)


def test_a_project_not_accepted_by_its_due_date_counts_against_its_lead(city, minzheng, canteens):
    from minsheng.plans.models import Project

    Project.objects.filter(pk=canteens.pk).update(deadline=D(2024, 6, 30))
    assert kinds(city, minzheng, D(2024, 6, 30), canteens, rules.UNFINISHED) == []
    assert kinds(city, minzheng, D(2024, 7, 1), canteens, rules.UNFINISHED) == [
        (rules.UNFINISHED, D(2024, 7, 1))
    ]
    from minsheng.supervision.models import Extension

    Extension.objects.create(
        project=canteens,
        unit=minzheng,
        original_date=D(2024, 6, 30),
        new_date=D(2024, 9, 30),
        reason="延期",
        state="granted",
        granted_on=D(2024, 6, 20),
    )
    assert kinds(city, minzheng, D(2024, 7, 15), canteens, rules.UNFINISHED) == []  # the extension counts


def test_an_entry_dated_in_the_future_is_refused_with_the_form(client_for, minzheng):
    office = client_for("office")
    html = office.get("/supervision/assessment/").content.decode()
    data = _form(html, "/supervision/assessment/entries/new/") | {
        "unit": str(minzheng.pk),
        "kind": "praise",
        "counted_on": "2024-08-01",
        "reason": "表扬",
    }
    answer = office.post("/supervision/assessment/entries/new/", data)
    assert answer.status_code == 422 and "计分日期不能晚于今天。" in answer.content.decode()
    assert "表扬</textarea>" in answer.content.decode()  # what was typed stays


def test_a_county_goes_back_to_the_citys_scheme(client_for):
    weishan = Region.objects.get(name="微山县")
    office = client_for("weishan")
    page = office.get("/supervision/assessment/rules/").content.decode()
    data = form_data(page[page.index('<form method="post"') :])
    assert office.post("/supervision/assessment/rules/", data | {"month_missing": "4"}).status_code == 302
    assert queries.scheme_for(weishan, 2024)[1].region == weishan
    own = office.get("/supervision/assessment/").content.decode()
    assert "本级考核细则计分" in own and "两处得分可能不同" in own  # the city scores the same units too
    back = office.post(
        "/supervision/assessment/rules/", {"region": weishan.pk, "year": 2024, "action": "inherit"}
    )
    assert back.status_code == 302 and queries.scheme_for(weishan, 2024)[1] is None
    inherited = office.get("/supervision/assessment/").content.decode()
    assert "默认考核细则计分" in inherited and "两处得分可能不同" not in inherited
