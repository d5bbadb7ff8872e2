"""Login throttling: failures are counted in the database (every app process sees them), per account
and client address (the proxy's header when one is configured), and a stranger cannot lock a user
out of a correct login from a browser the user has logged in with before. Lockouts are audited."""

import datetime
import threading

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import Client
from django.utils import timezone

from minsheng.core import login, throttle
from minsheng.core.models import AuditEvent, Throttle
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"


def attempt(client, username, password, addr="192.0.2.10", **headers):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=addr, **headers)


def fail_times(n, username="deputy", addr="192.0.2.10", client=None, **headers):
    for _ in range(n):
        answer = attempt(client or Client(), username, "wrong", addr, **headers)
        assert answer.status_code in (200, 429)


def test_failures_are_counted_for_every_process(db):
    """Each gunicorn worker has its own memory: a count kept there restarts on the next worker."""
    for _ in range(3):
        assert attempt(Client(), "deputy", "wrong").status_code == 200
    cache.clear()  # the next requests land on another worker
    fail_times(2)
    locked = attempt(Client(), "deputy", PASSWORD)
    assert locked.status_code == 429
    assert "登录失败次数过多，请 15 分钟后再试" in locked.content.decode()
    assert Throttle.objects.filter(scope="login-pair", locked_until__gt=timezone.now()).count() == 1
    assert attempt(Client(), "office", PASSWORD).status_code == 302  # another account is not locked


def test_the_lock_tells_the_user_at_once_and_is_audited(db):
    fail_times(4)
    tripped = attempt(Client(), "deputy", "wrong")
    assert tripped.status_code == 429 and "登录失败次数过多" in tripped.content.decode()
    event = AuditEvent.objects.get(action="lockout")
    assert event.object_repr == "deputy" and event.model == "auth.user" and event.via == "web"
    assert "连续 5 次密码错误" in event.changes["登录锁定"][1]
    assert event.action_label == "登录锁定"


def test_behind_a_proxy_the_client_is_the_proxys_last_entry(db, settings):
    settings.MINSHENG_CLIENT_IP_HEADER = "X-Forwarded-For"
    proxy = "127.0.0.1"  # every request comes from the proxy
    # a stranger guessing, forging an earlier entry to look like the user
    fail_times(6, "office", proxy, HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9")
    assert attempt(Client(), "office", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    # the user, from their own address, logs in with the right password
    user = attempt(Client(), "office", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert user.status_code == 302


def test_a_stranger_cannot_lock_a_user_out_of_their_own_browser(db):
    own = Client()
    assert attempt(own, "office", PASSWORD, "198.51.100.7").status_code == 302
    assert login.DEVICE_COOKIE in own.cookies
    own.post("/accounts/logout/")
    # guesses from many addresses: each address stays under its own limit, the account trips its lock
    for n in range(login.PER_ACCOUNT):
        attempt(Client(), "office", "wrong", f"203.0.113.{n % 10}")
    assert AuditEvent.objects.filter(action="lockout", object_repr="office").count() == 1
    # a browser that never logged in to the account must wait, even with the right password …
    assert attempt(Client(), "office", PASSWORD, "198.51.100.7").status_code == 429
    # … the user's own browser logs in at once
    assert attempt(own, "office", PASSWORD, "198.51.100.7").status_code == 302


def test_a_trusted_browser_is_slowed_down_too(db):
    own = Client()
    assert attempt(own, "office", PASSWORD).status_code == 302
    own.post("/accounts/logout/")
    fail_times(login.PER_DEVICE, "office", client=own)
    assert attempt(own, "office", PASSWORD).status_code == 429
    event = AuditEvent.objects.get(action="lockout")
    assert "已登录过的设备" in event.changes["登录锁定"][1]
    assert attempt(Client(), "office", PASSWORD, "198.51.100.8").status_code == 302  # elsewhere: fine


def test_a_forged_device_cookie_is_ignored(db):
    fail_times(login.PER_PAIR, "office")
    client = Client()
    client.cookies[login.DEVICE_COOKIE] = "office:forged"
    assert attempt(client, "office", PASSWORD).status_code == 429


def test_guessing_many_accounts_from_one_address_is_limited(db):
    for n in range(login.PER_CLIENT):
        attempt(Client(), f"nobody{n}", "wrong", "203.0.113.50")
    assert attempt(Client(), "office", PASSWORD, "203.0.113.50").status_code == 429
    assert attempt(Client(), "office", PASSWORD, "203.0.113.51").status_code == 302
    event = AuditEvent.objects.get(action="lockout")
    assert event.model == "core.throttle" and "多个账号" in event.changes["登录锁定"][1]


def test_the_cool_down_ends(db):
    fail_times(login.PER_PAIR)
    assert attempt(Client(), "deputy", PASSWORD).status_code == 429
    later = timezone.now() - login.LOCK - datetime.timedelta(seconds=1)
    Throttle.objects.update(locked_until=later, window_start=later)  # fifteen minutes have passed
    assert attempt(Client(), "deputy", PASSWORD).status_code == 302
    assert attempt(Client(), "deputy", "wrong").status_code == 200  # counting starts again


def test_a_success_forgets_the_failures_of_that_client(db):
    fail_times(login.PER_PAIR - 1)
    assert attempt(Client(), "deputy", PASSWORD).status_code == 302
    fail_times(login.PER_PAIR - 1)
    assert attempt(Client(), "deputy", PASSWORD).status_code == 302


def test_the_admin_login_is_throttled_too(db):
    for _ in range(login.PER_PAIR):
        Client().post("/admin/login/", {"username": "admin", "password": "wrong"}, REMOTE_ADDR="192.0.2.10")
    client = Client()
    answer = client.post(
        "/admin/login/", {"username": "admin", "password": PASSWORD}, REMOTE_ADDR="192.0.2.10"
    )
    assert answer.status_code != 302 and "登录失败次数过多" in answer.content.decode()
    assert AuditEvent.objects.get(action="lockout").via == "admin"


@pytest.mark.django_db(transaction=True)
def test_failures_at_the_same_moment_are_all_counted_and_lock_once():
    """Eight processes record a failure of one key at once: none is lost, exactly one trips the lock."""
    barrier, results, errors = threading.Barrier(8), [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(throttle.fail("login-pair", "k" * 64, 5, login.LOCK))
        except Exception as e:  # noqa: BLE001 — reported by the assertion below
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sorted(results) == [False] * 7 + [True]
    row = Throttle.objects.get()
    assert row.count == 8 and row.locked_until > timezone.now()


def test_a_username_is_one_account_whatever_its_case(db):
    fail_times(3, "Deputy")
    fail_times(2, "DEPUTY ")
    assert attempt(Client(), "deputy", PASSWORD).status_code == 429
