"""The demo's quarterly topic meetings, as `make run` loads them (the whole demo, through load_demo, on the
real clock): three 微山县 leaders' decisions of the first and second quarters of 2024, recorded and
marked done through the workflow on the days they happened (audited); the second-quarter pack reports
on the first meeting, the third-quarter pack (the quarter running on the demo day) on the second, with
the decision still open past its due date marked; loading again writes nothing."""

import datetime
import io
from collections import Counter

import docx
import pytest
from django.db import connection, transaction
from django.utils import timezone

from minsheng.core.audit import events_for
from minsheng.core.models import Person
from minsheng.plans.models import UnitRole
from minsheng.site.demo_meetings import DECISIONS, MEETINGS, load_demo_meetings
from minsheng.supervision.meetings.models import DecisionState, MeetingDecision

D = datetime.date
DEMO_TODAY = "2024-07-15"  # make run's demo clock (MINSHENG_TODAY)
LEADERS = ("张呈祥", "步新华", "蒋红星")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The whole demo as `minsheng demo` loads it, for this module; rolled back at its end."""
    from minsheng.site.demo import load_demo

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo()
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")  # uncommitted rows: see tests/crawl/conftest.py
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def demo_clock(demo, db, settings):
    settings.MINSHENG_TODAY = DEMO_TODAY


def leader(name: str) -> Person:
    return Person.objects.get(name=name, region__name="微山县")


def text_of(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def pack(client_for, username: str, name: str, quarter: str) -> str:
    response = client_for(username).get(
        "/supervision/meetings/pack.docx", {"leader": leader(name).pk, "quarter": quarter}
    )
    assert response.status_code == 200, (name, quarter)
    return text_of(response.content)


def line_of(text: str, decision: str) -> str:
    found = [line for line in text.split("\n") if decision.rstrip("。") in line]
    assert len(found) == 1, decision
    return found[0]


def test_three_leaders_have_decisions_of_both_quarters():
    decisions = MeetingDecision.objects.filter(year=2024).select_related("leader")
    counts = Counter((d.leader.name, d.quarter, d.state) for d in decisions)
    assert counts == {
        ("张呈祥", 1, "done"): 4,
        ("步新华", 1, "done"): 2,
        ("步新华", 1, "open"): 1,
        ("蒋红星", 1, "done"): 2,
        ("张呈祥", 2, "done"): 1,
        ("张呈祥", 2, "open"): 3,
        ("步新华", 2, "done"): 1,
        ("步新华", 2, "open"): 2,
        ("蒋红星", 2, "done"): 1,
        ("蒋红星", 2, "open"): 1,
    }
    assert {d.leader.region.name for d in decisions} == {"微山县"} and len(DECISIONS) == 18
    overdue = [d for d in decisions if d.state == DecisionState.OPEN and d.due_date < D(2024, 7, 15)]
    assert [(d.leader.name, d.project.seq, d.due_date) for d in overdue] == [
        ("张呈祥", "5.3", D(2024, 7, 10))
    ]
    for d in decisions:
        assert d.text and (d.state == DecisionState.OPEN) == (not d.done_note)
        if d.project is not None:  # the project's lead unit answers for it, as when the office records one
            assert d.project.leaders.filter(pk=d.leader.pk).exists()
            assert d.unit in [r.unit for r in d.project.unit_roles.all() if r.role == UnitRole.LEAD]


def test_each_decision_was_recorded_and_done_through_the_workflow_on_its_day():
    for d in MeetingDecision.objects.filter(year=2024).select_related("leader", "created_by"):
        events = list(events_for(d).order_by("at", "pk"))
        assert [e.action for e in events] == ["create"] + (["done"] if d.state == "done" else [])
        assert {e.actor_name for e in events} == {"微山县督查室"} and d.created_by.username == "weishan"
        held = MEETINGS[d.leader.name, d.quarter]
        assert timezone.localdate(d.created_at) == timezone.localdate(events[0].at) == held
        if d.done_at:
            assert held <= timezone.localdate(d.done_at) == timezone.localdate(events[1].at) <= D(2024, 7, 15)
    first = MeetingDecision.objects.filter(year=2024, quarter=1, state="done")
    assert all(D(2024, 4, 1) <= timezone.localdate(d.done_at) for d in first)  # done after the quarter


def test_the_second_quarter_pack_reports_on_the_first_meeting(client_for):
    text = pack(client_for, "leader", "张呈祥", "2024-Q2")  # the leader's own account
    assert "张呈祥同志分管重点民生实事项目2024年第二季度专题会议材料" in text
    line = line_of(text, "县卫生健康局4月底前完成10个房屋产权公有村卫生室的选址和设计审查")
    assert "责任单位县卫生健康局，时限2024年5月10日。已落实：10个村卫生室已于5月8日前全部开工" in line
    assert "无上次会议议定事项" not in text
    assert "7月10日前印发提高9类困难群众救助保障标准的通知" not in text  # decided at the Q2 meeting itself
    office = pack(client_for, "weishan", "步新华", "2024-Q2")
    assert "县综合行政执法局5月底前确定6处口袋公园选址" in office
    assert "落实中" in line_of(office, "7月底前完成新增供热、供气管网施工招标")


def test_the_third_quarter_pack_carries_the_second_forward_and_marks_the_overdue_one(client_for):
    text = pack(client_for, "weishan", "张呈祥", "2024-Q3")
    assert "截至2024年7月15日" in text
    for _name, quarter, _seq, decision, *_rest in [d for d in DECISIONS if d[0] == "张呈祥"]:
        assert (decision.rstrip("。") in text) == (quarter == 2)  # Q1's, all done by June, are not repeated
    overdue = line_of(text, "县民政局会同县财政局7月10日前印发提高9类困难群众救助保障标准的通知")
    assert overdue.endswith("时限2024年7月10日。逾期未落实")
    assert line_of(text, "剩余6处社区养老服务设施主体施工").endswith("时限2024年8月31日。落实中")
    assert "已落实：第二批9名患病儿童已于7月12日全部转诊入院。" in text
    carried = pack(client_for, "weishan", "步新华", "2024-Q3")  # an open Q1 decision is carried on
    assert line_of(carried, "7月底前完成新增供热、供气管网施工招标").endswith("落实中")
    assert "逾期未落实" not in carried and "逾期未落实" not in pack(
        client_for, "weishan", "蒋红星", "2024-Q3"
    )


def test_the_meetings_page_lists_a_leaders_decisions(client_for):
    zhang = leader("张呈祥")
    for username in ("weishan", "leader"):
        page = (
            client_for(username)
            .get("/supervision/meetings/", {"leader": zhang.pk, "quarter": "2024-Q3"})
            .content.decode()
        )
        assert "县民政局会同县财政局7月10日前印发提高9类困难群众救助保障标准的通知" in page
        assert "已建立书面月报制度，4月起各责任单位均按时报送。" in page  # a Q1 decision, done
    city = client_for("office").get("/supervision/meetings/", {"leader": zhang.pk})
    assert city.status_code == 200  # 微山县 is under the city's office
    assert "标记已落实" in city.content.decode()


def test_loading_again_writes_nothing():
    before = MeetingDecision.objects.count()
    assert load_demo_meetings() == 0 and MeetingDecision.objects.count() == before == len(DECISIONS)
