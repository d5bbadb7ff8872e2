"""Published satisfaction results on the public board and in the bulletin: each project card names the
deputies' verdict and the survey's mean, the plan page sums them up, the project page links the
survey; an unpublished result is never shown; the board's cost does not grow with answers; the
bulletin gains a 满意度测评 section with a table (the six sections stay) once results exist."""

import datetime
import io

import docx
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minsheng.core.models import Membership, Role
from minsheng.participation.evaluations import workflow as service
from minsheng.participation.models import SurveyResponse
from minsheng.plans.models import Project
from minsheng.reporting.calendar.rules import SHANGHAI
from minsheng.supervision.bulletins.document import bulletin_docx
from minsheng.supervision.bulletins.queries import compose_for
from minsheng.supervision.bulletins.rules import SECTIONS, texts
from tests.conftest import plan


@pytest.fixture
def december(settings):
    settings.MINSHENG_TODAY = "2024-12-20"


def evaluate(users, p, verdicts: dict[str, str], publish=True):
    """An evaluation of `p` where every city deputy gives the verdicts (by project seq; others 满意)."""
    item = service.create(p, users["office"])
    service.step(item, "open", users["office"])
    ids = dict(p.projects.values_list("seq", "pk"))
    marks = {pk: verdicts.get(seq, "satisfied") for seq, pk in ids.items()}
    for name in ("deputy", "deputy2"):
        service.cast(item, users[name], marks)
    service.step(item, "close", users["office"])
    if publish:
        service.step(item, "publish", users["office"])
    return item


def answers(p, scores_by_seq: dict[str, list[int]], when=None):
    rows = []
    for seq, scores in scores_by_seq.items():
        item = p.projects.get(seq=seq)
        rows += [SurveyResponse(project=item, score=s, client=f"{seq}-{n}") for n, s in enumerate(scores)]
    SurveyResponse.objects.bulk_create(rows)
    if when:
        SurveyResponse.objects.filter(project__plan=p).update(created_at=when)


def card(page: str, project) -> str:
    return page.split(f'/public/projects/{project.pk}/"')[1].split("</article>")[0]


def test_cards_and_plan_page_show_published_results(client_for, users, december):
    city = plan("济宁市", 2024)
    first, second = city.projects.order_by("order")[:2]
    evaluate(users, city, {first.seq: "basic"})
    answers(city, {first.seq: [90, 85, 80, 88, 89, 87]})  # bulk: the board is touched by hand below
    from minsheng.plans.board import touch

    touch(city.pk)
    page = client_for(None).get(f"/public/plans/{city.pk}/").content.decode()
    assert '人大代表测评：<span class="verdict verdict-basic">基本满意</span>' in card(page, first)
    assert "群众满意度 86.5 分（6 人）" in card(page, first)
    assert '人大代表测评：<span class="verdict verdict-satisfied">满意</span>' in card(page, second)
    assert "群众满意度" not in card(page, second)
    assert f"/public/projects/{first.pk}/survey/" in card(page, first)
    assert "2 名代表参加测评" in page and "满意及基本满意占 100.0%" in page
    assert "群众满意度问卷：全部项目平均 86.5 分（共 6 份评价）" in page

    project_page = client_for(None).get(f"/public/projects/{first.pk}/").content.decode()
    assert "基本满意" in project_page and "群众满意度 86.5 分（6 人）" in project_page
    assert f'href="/public/projects/{first.pk}/survey/"' in project_page

    data = client_for(None).get(f"/public/plans/{city.pk}.json").json()
    assert data["plan"]["satisfaction"]["survey"] == {
        "mean": 86.5,
        "count": 6,
        "text": "全部项目平均 86.5 分（共 6 份评价）",
    }
    assert data["plan"]["satisfaction"]["evaluation"]["counts"] == {
        "满意": city.projects.count() - 1,
        "基本满意": 1,
        "不满意": 0,
    }


def test_an_unpublished_result_is_not_on_the_board(client_for, users, december):
    city = plan("济宁市", 2024)
    evaluate(users, city, {}, publish=False)
    page = client_for(None).get(f"/public/plans/{city.pk}/").content.decode()
    assert "人大代表测评" not in page and "代表参加测评" not in page


def test_publishing_shows_at_once_on_a_cached_board(client_for, users, december):
    city = plan("济宁市", 2024)
    client = client_for(None)
    assert "人大代表测评" not in client.get(f"/public/plans/{city.pk}/").content.decode()  # now cached
    evaluate(users, city, {})
    assert "人大代表测评" in client.get(f"/public/plans/{city.pk}/").content.decode()


def _count(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_board_cost_does_not_grow_with_results(client_for, users, december):
    county = plan("微山县", 2024)
    item = county.projects.order_by("order").first()
    client = client_for(None)
    urls = [f"/public/plans/{county.pk}/", f"/public/projects/{item.pk}/", f"/public/plans/{county.pk}.json"]
    before = {url: _count(client, url) for url in urls}
    for name in ("deputy", "deputy2"):
        Membership.objects.create(user=users[name], role=Role.DEPUTY, region=county.region)
    evaluate(users, county, {item.seq: "unsatisfied"})
    answers(county, {p.seq: [70, 80, 90] for p in county.projects.all()})
    for n in range(3):
        Project.objects.create(plan=county, seq=f"9{n}", order=900 + n, name=f"新增项目{n}")
    after = {url: _count(client, url) for url in urls}
    assert after == before, (before, after)


def test_bulletin_gains_a_satisfaction_section_with_its_table(users, december):
    city = plan("济宁市", 2024)
    first = city.projects.order_by("order").first()
    assert [s["heading"] for s in compose_for(city, "2024-12")["sections"]] == [h for _, h in SECTIONS]

    evaluate(users, city, {first.seq: "unsatisfied"})
    answers(city, {first.seq: [60, 70]}, when=datetime.datetime(2024, 12, 5, 10, tzinfo=SHANGHAI))
    sections = compose_for(city, "2024-12")
    assert [s["heading"] for s in sections["sections"]] == [h for _, h in SECTIONS] + ["七、满意度测评"]
    text = texts(sections)["satisfaction"]
    assert "结果已公布。2 名代表参加测评" in text and f"代表测评为不满意的项目：{first.name}" in text
    assert "群众满意度问卷共收到 2 份评价，涉及 1 个项目，平均 65.0 分" in text
    table = sections["figures"]["satisfaction"]["table"]
    assert len(table) == city.projects.count()
    assert table[0] == {
        "seq": first.seq,
        "name": first.name,
        "verdict": "不满意",
        "survey": "65.0分（2人，样本不足）",
    }
    assert table[1]["verdict"] == "满意" and table[1]["survey"] == "暂无评价"
    # November's bulletin: nothing was published or answered by its month's end
    assert "satisfaction" not in texts(compose_for(city, "2024-11"))

    document = docx.Document(
        io.BytesIO(bulletin_docx("通报", "2024年第12期", sections, datetime.date(2024, 12, 20)))
    )
    paragraphs = [p.text for p in document.paragraphs]
    assert "七、满意度测评" in paragraphs and "表1  各项目满意度测评结果" in paragraphs
    found = [
        t
        for t in document.tables
        if [c.text for c in t.rows[0].cells] == ["序号", "项目名称", "人大代表测评", "群众满意度"]
    ]
    assert len(found) == 1 and len(found[0].rows) == city.projects.count() + 1
    assert [c.text for c in found[0].rows[1].cells] == [
        first.seq,
        first.name,
        "不满意",
        "65.0分（2人，样本不足）",
    ]
    assert [c.text for c in document.tables[-1].rows[0].cells][0:2] == [
        "序号",
        "项目名称",
    ]  # the progress table last


def test_survey_answers_alone_give_the_section(users, december):
    city = plan("济宁市", 2024)
    first = city.projects.order_by("order").first()
    answers(city, {first.seq: [100] * 5}, when=datetime.datetime(2024, 12, 1, 9, tzinfo=SHANGHAI))
    sections = compose_for(city, "2024-12")
    text = texts(sections)["satisfaction"]
    assert text.startswith("群众满意度问卷共收到 5 份评价") and "代表" not in text.split("（")[0]
    assert sections["figures"]["satisfaction"]["table"][0]["verdict"] == "未测评"
    assert sections["figures"]["satisfaction"]["table"][0]["survey"] == "100.0分（5人）"
