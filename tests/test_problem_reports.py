"""The 民生码 and the public's problem reports: every public project has a QR code (a real SVG that
decodes to its public page) and a printable sign; a citizen reports a problem without login and gets a
receipt; the office accepts it into the problem list (source 群众反映) or says why not; the citizen
follows it by the receipt, never seeing the phone; a draft plan's project has neither."""

import datetime
import re
import time

import pytest
from django.core import signing

from minsheng.core.audit import events_for
from minsheng.participation import abuse
from minsheng.participation.models import ProblemReport
from minsheng.supervision.models import Problem
from tests.conftest import project
from tests.forms import form_data


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


@pytest.fixture
def canteens(db):
    return project("济宁市", 2024, "3")


def url(p) -> str:
    return f"/public/projects/{p.pk}/report/"


def report(client, p, **values):
    data = form_data(client.get(url(p)).content.decode())
    data |= {"description": "夏镇街道老年食堂已挂牌但一直没有开门营业。", "phone": "13812345678"}
    data |= values
    data[abuse.STARTED] = signing.dumps({"t": time.time() - 30}, salt=abuse._SALT)
    return client.post(url(p), data)


def test_the_public_page_offers_the_code_and_the_report(client_for, canteens):
    page = client_for(None).get(f"/public/projects/{canteens.pk}/").content.decode()
    assert (
        f'href="/public/projects/{canteens.pk}/report/"' in page
        and f'href="/public/projects/{canteens.pk}/sign/"' in page
    )
    sign = client_for(None).get(f"/public/projects/{canteens.pk}/sign/").content.decode()
    assert canteens.name in sign and f'src="/public/projects/{canteens.pk}/qr.svg"' in sign
    svg = client_for(None).get(f"/public/projects/{canteens.pk}/qr.svg")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert svg.content.startswith(b"<svg") and b"<path" in svg.content


def test_the_code_encodes_the_public_page(client_for, canteens):
    from minsheng.dashboard.public.sign import qr_svg

    svg = client_for(None).get(f"/public/projects/{canteens.pk}/qr.svg").content
    assert svg == qr_svg(f"http://testserver/public/projects/{canteens.pk}/")
    assert svg != qr_svg(f"http://testserver/public/projects/{canteens.pk + 1}/")


def test_a_draft_plans_project_has_no_code_and_takes_no_report(client_for):
    draft = project("济宁市", 2025, "1")
    anonymous = client_for(None)
    for path in ("qr.svg", "sign/", "report/"):
        assert anonymous.get(f"/public/projects/{draft.pk}/{path}").status_code == 404


def test_a_citizen_reports_and_the_office_accepts_it_into_the_problem_list(client_for, canteens, users):
    citizen = client_for(None)
    answer = report(citizen, canteens)
    assert answer.status_code == 302
    receipt_page = citizen.get(answer["Location"]).content.decode()
    receipt = re.search(r'class="receipt">([A-Z0-9]+)<', receipt_page).group(1)
    assert "回执码只显示一次" in citizen.get(answer["Location"]).content.decode()  # shown once
    item = ProblemReport.objects.get(receipt=receipt)
    assert item.state == "pending" and item.phone == "13812345678"
    office = client_for("office")
    queue = office.get("/supervision/public-reports/").content.decode()
    assert "老年食堂已挂牌" in queue and "13812345678" in queue  # the office may call back
    assert (
        office.post(f"/supervision/public-reports/{item.pk}/moderate/", {"decision": "accept"}).status_code
        == 302
    )
    item.refresh_from_db()
    problem = Problem.objects.get(pk=item.problem_id)
    assert (problem.source, problem.project_id, problem.responsible_unit.name) == (
        "public",
        canteens.pk,
        "市民政局",
    )
    assert problem.deadline == datetime.date(2024, 7, 30)  # 15 days to rectify: it can fall overdue
    from minsheng.notifications.models import Notification

    assert Notification.objects.filter(recipient=users["office"], title__startswith="【群众反映】").exists()
    assert Notification.objects.filter(
        recipient=users["minzheng"], title__startswith="【群众反映问题】"
    ).exists()
    assert [e.action for e in events_for(item).order_by("at", "pk")] == ["create", "accept"]
    followed = citizen.get(f"/public/problem-reports/{receipt}/").content.decode()
    assert "已列入问题清单" in followed and "13812345678" not in followed
    again = office.post(
        f"/supervision/public-reports/{item.pk}/moderate/", {"decision": "reject", "reply": "x"}, follow=True
    )
    assert "该反映已由他人处理：已列入问题清单。" in again.content.decode()
    assert Problem.objects.filter(source="public").count() == 1  # decided once
    lookup = citizen.get(f"/public/problem-reports/?receipt={receipt.lower()}")
    assert lookup.status_code == 302 and lookup["Location"] == f"/public/problem-reports/{receipt}/"
    assert citizen.get("/public/problem-reports/?receipt=ABCDEFGHJK").status_code == 404


def test_a_refusal_needs_a_reason_the_citizen_can_read(client_for, canteens):
    report(client_for(None), canteens)
    item = ProblemReport.objects.get()
    office = client_for("office")
    silent = office.post(
        f"/supervision/public-reports/{item.pk}/moderate/", {"decision": "reject"}, follow=True
    )
    assert "不予采纳时请写明理由" in silent.content.decode()
    office.post(
        f"/supervision/public-reports/{item.pk}/moderate/",
        {"decision": "reject", "reply": "该食堂已于7月1日开业。"},
    )
    item.refresh_from_db()
    assert item.state == "rejected" and not Problem.objects.exists()
    assert (
        "该食堂已于7月1日开业。"
        in client_for(None).get(f"/public/problem-reports/{item.receipt}/").content.decode()
    )


def test_bad_reports_are_refused_in_chinese_and_nothing_is_written(client_for, canteens):
    citizen = client_for(None)
    short = report(citizen, canteens, description="没开")
    assert short.status_code == 422 and "反映的问题太短" in short.content.decode()
    phone = report(citizen, canteens, phone="12345")
    assert phone.status_code == 422 and "电话号码格式不对" in phone.content.decode()
    bot = report(citizen, canteens, **{abuse.HONEYPOT: "http://spam"})
    assert bot.status_code == 400
    assert not ProblemReport.objects.exists()


def test_only_the_projects_offices_moderate(client_for, canteens):
    report(client_for(None), canteens)
    item = ProblemReport.objects.get()
    assert (
        client_for("weishan")
        .post(f"/supervision/public-reports/{item.pk}/moderate/", {"decision": "accept"})
        .status_code
        == 404
    )
    assert client_for("minzheng").get("/supervision/public-reports/").status_code == 403
    assert "老年食堂" not in client_for("weishan").get("/supervision/public-reports/").content.decode()
    item.refresh_from_db()
    assert item.state == "pending"
    assert client_for(None).get("/public/problem-reports/NOSUCHCODE/").status_code == 404
