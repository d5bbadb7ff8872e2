"""Nothing internal reaches the public. Unique markers are planted in everything that must stay inside
(returned reports and their comments, reasons behind pace, problems with their responsible person and
a phone number, supervision notices, instructions, private photos and photos of returned reports, a
draft plan, a user's name and e-mail in the audit trail); then the anonymous public crawls every page
and file it can reach — the public board (following its links, so new public pages are covered), the
plan and project pages, the commitment pages, the open data and the anonymous API — and none of the
markers may appear.

Decision on 分管领导: their names are printed in the published notice, so the plan and project pages
and the API (which mirror the notice) may show them; the public board does not (it shows units, not
people). A leader's phone, like any contact data, appears nowhere."""

import html
import re

import pytest
from django.core.cache import cache

from minsheng.core.audit import log_action
from minsheng.core.models import Person
from minsheng.plans.models import Plan, Project
from minsheng.reporting.models import Attachment, Report
from minsheng.site.demo_reports import load_demo_reports
from minsheng.supervision.models import Instruction, Problem, SupervisionOrder
from minsheng.supervision.status.queries import default_as_of, plan_status
from tests.conftest import plan, project
from tests.test_public_board import approved, photo

PHONE = "13912345678"
MARKERS = {
    "return_comment": "泄露标记退回意见甲",
    "returned_narrative": "泄露标记退回报告进展乙",
    "lag_reason": "泄露标记未达序时原因丙",
    "report_problem": "泄露标记报告问题丁",
    "problem_description": "泄露标记问题描述戊",
    "problem_measure": "泄露标记整改措施己",
    "problem_person": "泄露标记责任人庚",
    "phone": PHONE,
    "notice_reasons": "泄露标记督办事由辛",
    "notice_response": "泄露标记督办回复壬",
    "instruction": "泄露标记批示内容癸",
    "instruction_reply": "泄露标记批示落实子",
    "private_caption": "泄露标记未公开照片丑",
    "returned_photo": "泄露标记退回报告照片寅",
    "draft_title": "泄露标记草案标题卯",
    "actor_name": "泄露标记操作人辰",
    "email": "leak-marker@example.cn",
}
LEADER = "泄露标记领导巳"  # a 分管领导: public in the notice, never on the board
BOARD = ("/public/",)  # where even the leader's name must not appear
LINK = re.compile(r'(?:href|src)="((?:/public/|/commitments/)[^"#]*)"')


@pytest.fixture
def planted(settings, tmp_path, users):
    settings.MINSHENG_TODAY = "2024-07-15"
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    load_demo_reports()  # so that projects are behind pace, with reasons
    item = project("济宁市", 2024, "1")
    other = project("济宁市", 2024, "2")
    indicator = item.indicators.get()

    office = users["office"]
    office.first_name, office.last_name, office.email = MARKERS["actor_name"], "", MARKERS["email"]
    office.save()
    log_action(item.plan, "update", office, {"标题": ["甲", "乙"]})
    log_action(item, "update", office, {"项目名称": ["甲", "乙"]})
    log_action(indicator, "update", office, {"目标值": ["1", "2"]})

    Report.objects.filter(project__in=[item, other], period="2024-06", kind="month").delete()
    good = approved(
        item,
        "2024-06",
        {indicator: "1100"},
        lag_reason=MARKERS["lag_reason"],
        problems=[MARKERS["report_problem"]],
        narrative="入户评估已完成。",
    )
    public_photo = photo(good, caption="公开的现场照片")
    photo(good, caption=MARKERS["private_caption"], public=False)
    returned = approved(
        other,
        "2024-06",
        {other.indicators.first(): "10"},
        narrative=MARKERS["returned_narrative"],
        return_comment=MARKERS["return_comment"],
    )
    returned_photo = photo(returned, caption=MARKERS["returned_photo"])
    Report.objects.filter(pk=returned.pk).update(state="returned", approved_at=None)

    Problem.objects.create(
        project=item,
        report=good,
        description=MARKERS["problem_description"],
        measure=MARKERS["problem_measure"],
        responsible_person=f"{MARKERS['problem_person']} {PHONE}",
    )
    unit = item.unit_roles.first().unit
    SupervisionOrder.objects.create(
        project=item,
        unit=unit,
        kind="notice",
        number="督〔2024〕9号",
        reasons=MARKERS["notice_reasons"],
        response=MARKERS["notice_response"],
    )
    Instruction.objects.create(
        project=item, leader=users["leader"], text=MARKERS["instruction"], reply=MARKERS["instruction_reply"]
    )
    leader = Person.objects.create(name=LEADER, title="副市长", region=item.plan.region)
    item.leaders.add(leader)
    Plan.objects.filter(pk=plan("济宁市", 2025).pk).update(title=MARKERS["draft_title"])

    reasons = set()
    for p in Plan.objects.filter(state__in=["published", "closed"]):
        for status in plan_status(p, default_as_of(p)).values():
            reasons |= {r for r in status.reasons if r != "已验收"}
    assert any("序时" in r for r in reasons) and any("逾期" in r for r in reasons)
    yield {"item": item, "other": other, "photos": [public_photo, returned_photo], "reasons": reasons}
    cache.clear()


def crawl(client, start: list[str]) -> dict[str, str]:
    """Every page reachable from `start` through links to /public/ and /commitments/, with its body."""
    seen, todo = {}, list(start)
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        seen[url] = body.decode("utf-8", errors="replace")
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            todo += [html.unescape(u) for u in LINK.findall(seen[url]) if html.unescape(u) not in seen]
    return seen


def test_nothing_internal_reaches_the_public(client_for, planted):
    client = client_for(None)
    item, other = planted["item"], planted["other"]
    plans = list(Plan.objects.order_by("pk"))
    public_plans = [p for p in plans if p.is_public]
    start = ["/", "/public/", "/public/?q=老人", "/public/?q=市民政局"]
    for p in public_plans:
        start += [
            f"/public/plans/{p.pk}/",
            f"/public/plans/{p.pk}.csv",
            f"/public/plans/{p.pk}.json",
            f"/public/plans/{p.pk}/?q=老人",
            f"/public/plans/{p.pk}/?colour=red",
        ]
    start += [f"/public/photos/{a.pk}/" for a in Attachment.objects.all()]
    start += [f"/plans/{p.pk}/" for p in plans]
    for project_id in [
        item.pk,
        other.pk,
        *Project.objects.filter(plan__year=2025).values_list("pk", flat=True),
    ]:
        start += [
            f"/projects/{project_id}/",
            f"/public/projects/{project_id}/",
            f"/commitments/{project_id}/",
            f"/api/v1/projects/{project_id}",
        ]
    start += ["/api/v1/plans"]
    for p in plans:
        start += [f"/api/v1/plans/{p.pk}", f"/api/v1/plans/{p.pk}/status", f"/api/v1/plans/{p.pk}/compliance"]
    pages = crawl(client, start)

    public_projects = Project.objects.filter(plan__state__in=["published", "closed"]).values_list(
        "pk", flat=True
    )
    assert {f"/public/projects/{pk}/" for pk in public_projects} <= set(pages)  # the links were followed
    assert f"/commitments/{item.pk}/" in pages
    leaks = []
    for url, body in pages.items():
        for name, marker in MARKERS.items():
            if marker in body:
                leaks.append((url, name))
        leaks += [(url, f"reason: {r}") for r in planted["reasons"] if r in body]
        if url.startswith(BOARD) and LEADER in body:
            leaks.append((url, "leader"))
    assert not leaks, leaks[:20]

    assert (
        client.get(f"/public/photos/{planted['photos'][0].pk}/").status_code == 200
    )  # the crawl saw content
    assert client.get(f"/public/photos/{planted['photos'][1].pk}/").status_code == 404  # a returned report
    assert "公开的现场照片" in pages[f"/public/projects/{item.pk}/"]
    assert LEADER in pages[f"/projects/{item.pk}/"]  # the notice's 分管领导, as decided
    status = client.get(f"/api/v1/plans/{item.plan_id}/status").json()
    assert status["projects"] and all(row["reasons"] == [] for row in status["projects"])
    assert any(
        client_for("office").get(f"/api/v1/plans/{item.plan_id}/status").json()["projects"][i]["reasons"]
        for i in range(len(status["projects"]))
    )


def test_signed_in_users_without_a_role_see_no_reasons(client_for, planted):
    rows = client_for("outsider").get(f"/api/v1/plans/{planted['item'].plan_id}/status").json()["projects"]
    assert rows and all(row["reasons"] == [] for row in rows)


def test_plan_and_project_pages_hide_the_audit_trail_and_reports_from_the_public(client_for, planted):
    item = planted["item"]
    anonymous = client_for(None).get(f"/projects/{item.pk}/").content.decode()
    assert "变更记录" not in anonymous and "进度报告" not in anonymous and "/reports/" not in anonymous
    assert "变更记录" not in client_for(None).get(f"/plans/{item.plan_id}/").content.decode()
    office = client_for("office").get(f"/projects/{item.pk}/").content.decode()
    assert "变更记录" in office and MARKERS["actor_name"] in office and "进度报告" in office


def test_the_reports_api_gives_the_public_nothing_internal(client_for, planted):
    """Reports are work papers: the public and role-less accounts get an empty list, a deputy the approved ones."""
    url = f"/api/v1/projects/{planted['item'].pk}/reports"
    for who in (None, "outsider"):
        answer = client_for(who).get(url)
        assert answer.status_code == 200 and answer.json() == []
        assert MARKERS["report_problem"] not in answer.content.decode()
    assert client_for("deputy").get(url).json() != []
