"""Citizens follow a project or their own proposal without an account: a 关注码 and a page of every
message told; a phone (through a real local HTTP server standing in for the SMS gateway) receives them
once confirmed by the code the background worker sends to it (the citizen's request never waits for
the gateway; a failed code shows on their page and may be asked again); stopping forgets the number.
The tick tells each news once."""

import datetime
import re
import time

import pytest
from django.conf import settings as django_settings
from django.core import mail, signing
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minsheng.core.audit import events_for
from minsheng.core.models import Region
from minsheng.notifications.models import Notification
from minsheng.participation import abuse
from minsheng.participation.follows import codes, rules, workflow
from minsheng.participation.follows.models import Follow, FollowMessage
from minsheng.participation.models import Proposal
from minsheng.participation.public_forms import create_with_receipt
from minsheng.reporting.calendar.rules import SHANGHAI
from minsheng.site.tick import run
from minsheng.supervision.models import Acceptance
from tests.conftest import project
from tests.forms import form_data
from tests.test_tick_support import robot_server  # noqa: F401 (fixture)

MOMENT = datetime.datetime(2024, 7, 15, 9, tzinfo=SHANGHAI)
AGAIN = {"again": "1"}  # the page's 重新发送验证码 button


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"
    settings.EMAIL_HOST = ""
    settings.MINSHENG_SMS_URL = ""


@pytest.fixture
def canteens(db):
    return project("济宁市", 2024, "3")


@pytest.fixture
def gateway(settings, robot_server):  # noqa: F811
    settings.MINSHENG_SMS_URL = robot_server.url("/sms/send")
    settings.MINSHENG_SMS_TOKEN = "t0ken"
    settings.MINSHENG_SMS_SIGN = "【济宁民生实事】"
    return robot_server


def follow(client, path, **values):
    data = form_data(client.get(path).content.decode()) | values
    data[abuse.STARTED] = signing.dumps({"t": time.time() - 30}, salt=abuse._SALT)
    return client.post(path, data)


def accept(p):
    Acceptance.objects.create(
        project=p,
        evidence="完成",
        state="accepted",
        applied_at=datetime.datetime(2024, 7, 10, 9, tzinfo=SHANGHAI),
        decided_at=datetime.datetime(2024, 7, 12, 15, tzinfo=SHANGHAI),
    )


def texts(server) -> list[str]:
    return [h["json"]["content"] for h in server.hits if h["path"] == "/sms/send"]


def test_following_without_a_channel_gives_a_page_that_collects_the_news(client_for, canteens):
    citizen = client_for(None)
    public = citizen.get(f"/public/projects/{canteens.pk}/").content.decode()
    assert f'href="/public/projects/{canteens.pk}/follow/"' in public
    form = citizen.get(f"/public/projects/{canteens.pk}/follow/").content.decode()
    assert 'name="phone"' not in form and "关注码" in form  # no SMS gateway: no phone asked
    answer = follow(citizen, f"/public/projects/{canteens.pk}/follow/")
    assert answer.status_code == 302
    item = Follow.objects.get()
    assert answer["Location"] == f"/public/follows/{item.receipt}/"
    page = citizen.get(answer["Location"]).content.decode()
    assert item.receipt in page and canteens.name in page and "暂无新的进展" in page
    assert [e.action for e in events_for(item)] == ["create"]

    assert workflow.tell_followers(MOMENT) == 0  # nothing changed since following
    accept(canteens)
    assert workflow.tell_followers(MOMENT) == 1
    assert workflow.tell_followers(MOMENT) == 0  # told once
    page = citizen.get(answer["Location"]).content.decode()
    assert "项目已通过验收" in page
    assert not Notification.objects.filter(channel__in=["sms", "email"]).exists()  # nothing pushed


def test_a_phone_gets_the_code_then_the_news_by_text(client_for, canteens, gateway, worker):
    citizen = client_for(None)
    form = citizen.get(f"/public/projects/{canteens.pk}/follow/").content.decode()
    assert 'name="phone"' in form
    answer = follow(citizen, f"/public/projects/{canteens.pk}/follow/", phone="138 1234 5678")
    item = Follow.objects.get()
    assert item.phone == "13812345678" and not item.confirmed_at
    worker()
    [code_text] = texts(gateway)
    assert code_text.startswith("【济宁民生实事】") and canteens.name[:10] in code_text
    assert gateway.hits[0]["json"]["mobile"] == "13812345678"
    assert gateway.hits[0]["authorization"] == "Bearer t0ken"
    code = re.search(r"验证码 (\d{6})", code_text).group(1)

    page = citizen.get(answer["Location"]).content.decode()
    assert 'name="code"' in page and "13812345678" not in page  # the number is never shown whole
    wrong = "000000" if code != "000000" else "111111"
    citizen.post(f"/public/follows/{item.receipt}/confirm/", {"code": wrong})
    item.refresh_from_db()
    assert not item.confirmed_at and item.code_tries == 1
    citizen.post(f"/public/follows/{item.receipt}/confirm/", {"code": code})
    item.refresh_from_db()
    assert item.confirmed_at and item.pushed
    page = citizen.get(answer["Location"]).content.decode()
    assert "138****5678" in page and 'name="code"' not in page

    accept(canteens)
    result = run(MOMENT)
    assert result.told == 1 and "告知关注群众进展 1 条" in result.summary()
    news = texts(gateway)[-1]
    assert "项目已通过验收" in news and f"/public/follows/{item.receipt}/" in news
    run(MOMENT)
    assert len(texts(gateway)) == 2  # the code and the one news, each once
    assert all("13812345678" not in str(e.changes) for e in events_for(item))


def test_a_failing_gateway_is_retried_by_the_tick(client_for, canteens, gateway, worker):
    gateway.answer = {"code": 500, "msg": "余额不足"}
    follow(client_for(None), f"/public/projects/{canteens.pk}/follow/", phone="13812345678")
    worker()
    row = Notification.objects.get(channel="sms")
    assert row.state == "pending" and "余额不足" in row.error
    gateway.answer = {"code": 0}
    run(MOMENT)
    row.refresh_from_db()
    assert row.state == "sent"


def test_the_request_queues_the_code_and_the_worker_sends_it(client_for, canteens, gateway, worker):
    """A slow gateway holds the worker, not the citizen: the request saves the follow and queues a job
    given ids only; the gateway hears nothing until the worker runs."""
    from django_tasks_db.models import DBTaskResult

    gateway.delay = 0.5
    citizen = client_for(None)
    answer = follow(citizen, f"/public/projects/{canteens.pk}/follow/", phone="13812345678")
    assert answer.status_code == 302 and gateway.hits == []
    item = Follow.objects.get()
    assert item.code_hash == "" and not Notification.objects.filter(channel="sms").exists()
    [job] = DBTaskResult.objects.filter(task_path=codes.send_code.module_path)
    assert job.args_kwargs == {"args": [item.pk, 1], "kwargs": {}}  # no code, no number
    page = citizen.get(answer["Location"]).content.decode()
    assert "已关注。验证码正在发送到您的手机" in page  # the message after following
    assert "未收到可稍后刷新本页" in page and 'name="code"' in page and 'name="again"' not in page

    worker()
    [text] = texts(gateway)
    code = re.search(r"验证码 (\d{6})", text).group(1)
    item.refresh_from_db()
    assert rules.code_matches(django_settings.SECRET_KEY, item.receipt, code, item.code_hash)
    assert codes.send(item.pk, 1) == "gone" and len(texts(gateway)) == 1  # a job run twice sends once
    page = citizen.get(answer["Location"]).content.decode()
    assert "（已发送到您的手机）" in page and "正在发送" not in page
    actions = [(e.action, e.via) for e in events_for(item)]
    assert ("update", "worker") in actions and ("create", "web") in actions


def test_an_email_gets_its_code_from_the_worker(client_for, canteens, settings, worker):
    settings.EMAIL_HOST = "smtp.example.org"
    answer = follow(client_for(None), f"/public/projects/{canteens.pk}/follow/", email="ren@example.org")
    assert answer.status_code == 302 and mail.outbox == []
    worker()
    [message] = mail.outbox
    assert message.to == ["ren@example.org"] and re.search(r"验证码 \d{6}", message.body)


def test_a_failed_code_shows_on_the_page_and_may_be_asked_again(client_for, canteens, gateway, worker):
    gateway.answer = {"code": 500, "msg": "余额不足"}
    citizen = client_for(None)
    answer = follow(citizen, f"/public/projects/{canteens.pk}/follow/", phone="13812345678")
    worker()
    item = Follow.objects.get()
    page = citizen.get(answer["Location"]).content.decode()
    assert "验证码未能发送到您的手机" in page and 'name="again"' in page
    assert "余额不足" not in page  # the gateway's own words are for the office (the outbox row)
    void = re.search(r"验证码 (\d{6})", texts(gateway)[0]).group(1)

    gateway.answer = {"code": 0}
    asked = citizen.post(f"/public/follows/{item.receipt}/confirm/", AGAIN, follow=True).content.decode()
    assert "正在重新发送验证码" in asked and "未收到可稍后刷新本页" in asked
    assert len(texts(gateway)) == 1  # asking again does not wait for the gateway either
    item.refresh_from_db()
    assert item.code_hash == ""  # the failed code no longer confirms anything
    assert (
        Notification.objects.get(key=f"follow{item.pk}:code").state == "failed"
    )  # nor will the tick send it
    twice = citizen.post(f"/public/follows/{item.receipt}/confirm/", AGAIN, follow=True).content.decode()
    assert "验证码正在发送或已经发出" in twice

    worker()
    run(MOMENT)  # the tick retries nothing: the voided code stays unsent
    assert len(texts(gateway)) == 2
    code = re.search(r"验证码 (\d{6})", texts(gateway)[1]).group(1)
    if void != code:
        citizen.post(f"/public/follows/{item.receipt}/confirm/", {"code": void})
        item.refresh_from_db()
        assert not item.confirmed_at
    citizen.post(f"/public/follows/{item.receipt}/confirm/", {"code": code})
    item.refresh_from_db()
    assert item.confirmed_at
    done = citizen.post(f"/public/follows/{item.receipt}/confirm/", AGAIN, follow=True).content.decode()
    assert "该关注无需验证码" in done
    assert len(texts(gateway)) == 2  # nothing to ask for once confirmed
    assert [e.changes for e in events_for(item) if e.action == "update"][1] == {
        "验证码": ["发送失败", "重新发送"]
    }


def test_codes_asked_again_are_limited(client_for, canteens, gateway, worker):
    gateway.status, gateway.answer = 503, {}
    citizen = client_for(None)
    answer = follow(citizen, f"/public/projects/{canteens.pk}/follow/", phone="13812345678")
    worker()
    receipt = Follow.objects.get().receipt
    for _ in range(codes.CODE_SENDS - 1):
        citizen.post(f"/public/follows/{receipt}/confirm/", AGAIN)
        worker()
    assert len(texts(gateway)) == codes.CODE_SENDS
    page = citizen.get(answer["Location"]).content.decode()
    assert 'name="again"' not in page  # no button to ask again
    assert f"已发送 {codes.CODE_SENDS} 次均未成功" in page
    refused = citizen.post(f"/public/follows/{receipt}/confirm/", AGAIN, follow=True).content.decode()
    assert "均未成功" in refused
    worker()
    assert len(texts(gateway)) == codes.CODE_SENDS


def test_a_follow_clicked_at_once_is_taken(client_for, canteens):
    """One click and nothing typed: the form's minimum time does not apply; its other guards do."""
    citizen = client_for(None)
    url = f"/public/projects/{canteens.pk}/follow/"
    data = form_data(citizen.get(url).content.decode())  # the start token as rendered, this very second
    assert citizen.post(url, data | {abuse.HONEYPOT: "http://spam.example"}).status_code == 400
    assert citizen.post(url, data | {abuse.STARTED: "forged"}).status_code == 400
    answer = citizen.post(url, data)
    assert answer.status_code == 302 and Follow.objects.count() == 1


def test_wrong_codes_drop_the_number(client_for, canteens, gateway, worker):
    citizen = client_for(None)
    follow(citizen, f"/public/projects/{canteens.pk}/follow/", phone="13812345678")
    worker()
    item = Follow.objects.get()
    code = re.search(r"验证码 (\d{6})", texts(gateway)[0]).group(1)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        citizen.post(f"/public/follows/{item.receipt}/confirm/", {"code": wrong})
    item.refresh_from_db()
    assert item.phone == "" and not item.confirmed_at and item.active
    answer = citizen.post(f"/public/follows/{item.receipt}/confirm/", {"code": code}, follow=True)
    assert "重新关注" in answer.content.decode()
    assert "drop address" in [e.action for e in events_for(item)]


def test_stopping_needs_a_tick_and_forgets_the_number(client_for, canteens, gateway, worker):
    citizen = client_for(None)
    follow(citizen, f"/public/projects/{canteens.pk}/follow/", phone="13812345678")
    worker()
    item = Follow.objects.get()
    citizen.post(f"/public/follows/{item.receipt}/stop/", {})
    item.refresh_from_db()
    assert item.active
    citizen.post(f"/public/follows/{item.receipt}/stop/", {"sure": "yes"})
    item.refresh_from_db()
    assert not item.active and item.phone == ""
    accept(canteens)
    assert workflow.tell_followers(MOMENT) == 0
    assert "取消关注" in [e.action for e in events_for(item)] or "unfollow" in [
        e.action for e in events_for(item)
    ]


@pytest.mark.parametrize(
    ("phone", "said"),
    [("0537-1234567", "只能发往手机"), ("12345", "电话号码格式不对"), ("13812345678", "")],
)
def test_what_a_phone_must_be(client_for, canteens, settings, phone, said):
    settings.MINSHENG_SMS_URL = "http://127.0.0.1:9/sms"  # configured, never reached: no code sent yet
    answer = follow(client_for(None), f"/public/projects/{canteens.pk}/follow/", phone=phone)
    if said:
        assert answer.status_code == 422 and said in answer.content.decode()
        assert not Follow.objects.exists()
    else:
        assert answer.status_code == 302 and Follow.objects.get().phone == phone


def test_a_phone_is_refused_when_no_gateway_is_configured(client_for, canteens):
    answer = follow(client_for(None), f"/public/projects/{canteens.pk}/follow/", phone="13812345678")
    assert answer.status_code == 422 and "未开通短信" in answer.content.decode()
    assert not Follow.objects.exists()


def test_forged_and_hidden_targets_are_not_found(client_for, canteens):
    citizen = client_for(None)
    draft = project("济宁市", 2024, "1").plan
    assert citizen.get("/public/follows/ABCDEFGHJK/").status_code == 404
    assert citizen.get("/public/follows/not-a-code/").status_code == 404
    assert citizen.post("/public/follows/ABCDEFGHJK/stop/", {"sure": "yes"}).status_code == 404
    assert citizen.get("/public/projects/999999/follow/").status_code == 404
    assert citizen.get("/proposals/track/ABCDEFGHJK/follow/").status_code == 404
    assert citizen.get("/public/follows/?receipt=ABCDEFGHJK").status_code == 404
    assert draft.state in ("published", "active", "closed")  # the fixture's plans are public


def test_the_lookup_finds_a_follow_typed_loosely(client_for, canteens):
    citizen = client_for(None)
    follow(citizen, f"/public/projects/{canteens.pk}/follow/")
    receipt = Follow.objects.get().receipt
    answer = citizen.get(f"/public/follows/?receipt={receipt[:5].lower()}-{receipt[5:]}")
    assert answer.status_code == 302 and answer["Location"] == f"/public/follows/{receipt}/"


def test_a_proposer_follows_their_proposal_through_its_states(client_for, db):
    region = Region.objects.filter(kind="city").first()
    proposal = create_with_receipt(
        Proposal,
        region=region,
        year=2025,
        category="教育",
        title="增设校车线路",
        content="建议为城郊学校增设校车线路，方便学生上下学。",
        client="x",
    )
    citizen = client_for(None)
    status = citizen.get(f"/proposals/track/{proposal.receipt}/").content.decode()
    assert f'href="/proposals/track/{proposal.receipt}/follow/"' in status
    answer = follow(citizen, f"/proposals/track/{proposal.receipt}/follow/")
    item = Follow.objects.get()
    assert answer["Location"] == f"/public/follows/{item.receipt}/" and item.proposal == proposal
    Proposal.objects.filter(pk=proposal.pk).update(state="accepted", reply="已受理，转教育局研究。")
    assert workflow.tell_followers(MOMENT) == 1
    page = citizen.get(answer["Location"]).content.decode()
    assert "已受理" in page and "转教育局研究" in page


def test_the_tick_reads_every_follow_in_a_fixed_number_of_queries(canteens):
    """One follow or eleven over six projects, each with news: the same number of queries."""
    green = {"colour": "green", "finished": False, "overdue": False, "due": "2024-12-31"}

    def counted() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert workflow.tell_followers(MOMENT) == Follow.objects.count()
        return len(queries)

    create_with_receipt(Follow, project=canteens, told=green, client="x")
    accept(canteens)
    one = counted()
    FollowMessage.objects.all().delete()
    Follow.objects.update(told=green)
    for seq in ("1", "2", "4", "5", "6"):
        other = project("济宁市", 2024, seq)
        accept(other)
        create_with_receipt(Follow, project=other, told=green, client="x")
        create_with_receipt(Follow, project=canteens, told=green, client="x")
    assert counted() <= one


def test_the_demo_carries_followers_told_what_changed(client_for, db):
    from minsheng.site.demo import load_demo

    load_demo(password="another-password")
    follows = Follow.objects.filter(client="demo")
    assert follows.count() == 3
    told = FollowMessage.objects.filter(follow__in=follows)
    assert told.exists(), "the demo's followers were told nothing between June and the demo day"
    item = told.first().follow
    page = client_for(None).get(f"/public/follows/{item.receipt}/").content.decode()
    assert item.project.name in page and told.first().body in page
    assert workflow.tell_followers(MOMENT) == 0  # the demo day's state is what they were last told
