"""Quarterly topic meetings: the pack of a leader's projects for a quarter as a real .docx (opened with
python-docx), the decisions recorded after the meeting, marked done, and reported in the next pack."""

import datetime
import io

import docx
import pytest

from minsheng.core.audit import events_for
from minsheng.core.models import Person
from minsheng.site.demo_orders import load_demo_orders
from minsheng.site.demo_reports import load_demo_reports
from minsheng.supervision.meetings import rules
from minsheng.supervision.meetings.models import MeetingDecision
from minsheng.supervision.meetings.queries import gather

D = datetime.date


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


@pytest.fixture
def leader(db):
    load_demo_reports()
    load_demo_orders()
    return Person.objects.get(name="张呈祥")  # 微山县's leader in charge (account "leader")


def text_of(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_quarters():
    assert rules.quarter_of(D(2024, 7, 15)) == (2024, 3)
    assert rules.bounds(2024, 1) == (D(2024, 1, 1), D(2024, 3, 31))
    assert rules.month_ends(2024, 2) == [D(2024, 4, 30), D(2024, 5, 31), D(2024, 6, 30)]
    assert rules.label(2024, 4) == "2024年第四季度"
    assert rules.parse("2024-q2") == (2024, 2) and rules.parse("2024-Q5") is None and rules.parse("x") is None


def test_the_pack_gathers_the_leaders_projects_of_the_quarter(leader):
    pack = gather(leader, 2024, 2)
    assert pack.as_of == D(2024, 6, 30) and pack.projects
    assert all(leader in p.project.leaders.all() for p in pack.projects)
    for item in pack.projects:
        assert [c.day for c in item.colours] == [D(2024, 4, 30), D(2024, 5, 31), D(2024, 6, 30)]
        assert item.colours[-1].colour == item.status.colour
    running = gather(leader, 2024, 3)  # the quarter still runs: as of today
    assert running.as_of == D(2024, 7, 15)
    assert [c.day for c in running.projects[0].colours] == [D(2024, 7, 15)]


def test_the_pack_downloads_as_a_word_document(client_for, leader):
    response = client_for("leader").get(f"/supervision/meetings/pack.docx?leader={leader.pk}&quarter=2024-Q2")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    text = text_of(response.content)
    assert "张呈祥同志分管重点民生实事项目2024年第二季度专题会议材料" in text
    for heading in (
        "一、总体情况",
        "二、项目进展",
        "三、存在问题和单位说明",
        "四、督办、批示和延期",
        "六、本次会议议定事项",
    ):
        assert heading in text
    pack = gather(leader, 2024, 2)
    for item in pack.projects:
        assert item.project.name in text
    assert "截至2024年6月30日，张呈祥同志分管" in text


def test_decisions_are_recorded_marked_done_and_reported_next_quarter(client_for, leader):
    office = client_for("weishan")
    page = office.get(f"/supervision/meetings/?leader={leader.pk}&quarter=2024-Q2").content.decode()
    assert "记录2024年第二季度会议议定事项" in page
    item = gather(leader, 2024, 2).projects[0].project
    response = office.post(
        "/supervision/meetings/decisions/new/",
        {
            "leader": leader.pk,
            "quarter": "2024-Q2",
            "project": item.pk,
            "text": "7月底前完成用地手续。",
            "due_date": "2024-07-31",
        },
    )
    assert response.status_code == 302
    decision = MeetingDecision.objects.get()
    assert (decision.year, decision.quarter, decision.project, decision.due_date) == (
        2024,
        2,
        item,
        D(2024, 7, 31),
    )
    assert decision.unit is not None and events_for(decision).first().action == "create"
    assert "7月底前完成用地手续" in text_of(
        client_for("leader")
        .get(f"/supervision/meetings/pack.docx?leader={leader.pk}&quarter=2024-Q3")
        .content
    )
    empty = office.post(f"/supervision/meetings/decisions/{decision.pk}/done/", {"note": ""})
    assert empty.status_code == 302 and MeetingDecision.objects.get().state == "open"
    office.post(f"/supervision/meetings/decisions/{decision.pk}/done/", {"note": "用地手续已于7月25日办结。"})
    decision.refresh_from_db()
    assert decision.state == "done" and [e.action for e in events_for(decision).order_by("at", "pk")] == [
        "create",
        "done",
    ]
    later = text_of(
        client_for("weishan")
        .get(f"/supervision/meetings/pack.docx?leader={leader.pk}&quarter=2024-Q3")
        .content
    )
    assert "已落实：用地手续已于7月25日办结。" in later
    refused = office.post(
        "/supervision/meetings/decisions/new/", {"leader": leader.pk, "quarter": "2024-Q2", "text": ""}
    )
    assert refused.status_code == 422 and "请填写议定事项" in refused.content.decode()


def test_who_may_open_and_record(client_for, leader):
    assert client_for("minzheng").get("/supervision/meetings/").status_code == 403  # a unit
    assert client_for("leader").get("/supervision/meetings/").status_code == 200
    leader_post = client_for("leader").post(
        "/supervision/meetings/decisions/new/", {"leader": leader.pk, "quarter": "2024-Q2", "text": "记录"}
    )
    assert leader_post.status_code == 403 and not MeetingDecision.objects.exists()  # the office records
    other = Person.objects.exclude(pk=leader.pk).filter(projects__isnull=False).first()
    if other is not None and not other.region.path.startswith(leader.region.path):
        assert client_for("weishan").get(f"/supervision/meetings/?leader={other.pk}").status_code == 404


def test_a_quarter_not_understood_or_still_to_come_is_refused_in_chinese(client_for, leader):
    office = client_for("weishan")
    for bad in ("2024-Q9", "1999-Q1x", "2030-Q1"):
        for url in ("/supervision/meetings/", "/supervision/meetings/pack.docx"):
            response = office.get(url, {"leader": leader.pk, "quarter": bad})
            assert response.status_code == 400, (url, bad)
            assert "请选择本季度或以前的季度" in response.content.decode()
    posted = office.post(
        "/supervision/meetings/decisions/new/", {"leader": leader.pk, "quarter": "2030-Q1", "text": "x"}
    )
    assert posted.status_code == 400 and not MeetingDecision.objects.exists()


def test_the_project_page_shows_its_meeting_decisions_to_signed_in_users(client_for, leader):
    item = gather(leader, 2024, 2).projects[0].project
    MeetingDecision.objects.create(
        leader=leader, year=2024, quarter=2, project=item, text="7月底前完成用地手续。"
    )
    page = client_for("weishan").get(f"/projects/{item.pk}/").content.decode()
    assert "专题会议议定事项" in page and "7月底前完成用地手续。" in page and "2024年第2季度" in page
    assert "7月底前完成用地手续" not in client_for(None).get(f"/projects/{item.pk}/").content.decode()


def test_the_page_lists_open_decisions_first_and_marks_those_past_their_date(client_for, leader):
    from minsheng.supervision.meetings import workflow

    office = client_for("weishan")
    weishan = office.get("/").wsgi_request.user
    done = workflow.record(leader, 2024, 1, "一季度事项已办结。", weishan, due_date=D(2024, 4, 30))
    workflow.mark_done(done, "已办结。", weishan)
    late = workflow.record(leader, 2024, 2, "7月10日前印发通知。", weishan, due_date=D(2024, 7, 10))
    due = workflow.record(leader, 2024, 2, "8月底前完成验收准备。", weishan, due_date=D(2024, 8, 31))
    page = office.get(f"/supervision/meetings/?leader={leader.pk}&quarter=2024-Q3").content.decode()
    assert page.index(f'id="decision-{late.pk}"') < page.index(f'id="decision-{done.pk}"')
    assert page.index(f'id="decision-{due.pk}"') < page.index(f'id="decision-{done.pk}"')
    item = page[page.index(f'id="decision-{late.pk}"') :][:600]
    assert "逾期未落实" in item  # the demo day is 15 July
    assert "逾期未落实" not in page[page.index(f'id="decision-{due.pk}"') :][:600]


def test_open_decisions_are_listed_by_due_date_undated_last_then_the_done_ones(client_for, leader):
    from minsheng.supervision.meetings import workflow

    office = client_for("weishan")
    weishan = office.get("/").wsgi_request.user

    def record(quarter: int, text: str, due=None):
        return workflow.record(leader, 2024, quarter, text, weishan, due_date=due)

    undated = record(2, "持续跟踪群众反映。")
    september = record(2, "9月底前完成竣工验收。", D(2024, 9, 30))
    july = record(1, "7月20日前完成招标。", D(2024, 7, 20))
    august = record(2, "8月底前完成主体工程。", D(2024, 8, 31))
    done_q1 = record(1, "一季度事项。", D(2024, 3, 31))
    done_q2 = record(2, "二季度事项。", D(2024, 6, 30))
    for done in (done_q1, done_q2):
        workflow.mark_done(done, "已办结。", weishan)
    page = office.get(f"/supervision/meetings/?leader={leader.pk}&quarter=2024-Q3").content.decode()
    listed = sorted(
        [july, august, september, undated, done_q2, done_q1],
        key=lambda d: page.index(f'id="decision-{d.pk}"'),
    )
    assert listed == [july, august, september, undated, done_q2, done_q1]
