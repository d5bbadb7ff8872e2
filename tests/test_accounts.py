"""The office runs its accounts (forms posted as rendered): opening an account with its first role and a
temporary password shown once, granting and withdrawing roles, resetting a password, disabling an
account, adding a unit — within its regions only, each step audited — and each user's own password."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from minsheng.accounts import rules
from minsheng.core.audit import events_for
from minsheng.core.models import Membership, Unit
from tests.forms import form_data

User = get_user_model()


def _form(html: str, action: str) -> dict:
    start = html.rindex("<form", 0, html.index(f'action="{action}"'))
    return form_data(html[start : html.index("</form>", start) + 7])


def _password(response) -> str:
    return re.search(r"临时密码：([A-Za-z0-9]+)", response.content.decode()).group(1)


def can_log_in(username: str, password: str) -> bool:
    return Client().login(username=username, password=password)


@pytest.fixture
def minzheng_unit(db):
    return Unit.objects.get(name="市民政局", region__name="济宁市")


def test_a_temporary_password_is_strong_and_readable():
    words = {rules.temporary_password() for _ in range(50)}
    assert len(words) == 50
    assert all(len(w) == 12 and not set(w) & set("0O1lI") for w in words)


def test_the_office_opens_an_account_that_can_log_in(client_for, minzheng_unit):
    office = client_for("office")
    html = office.get("/office/accounts/").content.decode()
    data = _form(html, "/office/accounts/new/") | {
        "username": "zhangsan",
        "full_name": "张三",
        "role": "reporter",
        "unit": str(minzheng_unit.pk),
    }
    answer = office.post("/office/accounts/new/", data, follow=True)
    assert answer.status_code == 200 and "账号“zhangsan”已开通" in answer.content.decode()
    user = User.objects.get(username="zhangsan")
    assert can_log_in("zhangsan", _password(answer))
    assert list(Membership.objects.filter(user=user).values_list("role", "unit")) == [
        ("reporter", minzheng_unit.pk)
    ]
    assert events_for(user).first().changes["角色"] == [None, "市民政局单位填报员"]
    again = office.post("/office/accounts/new/", data | {"username": "ZhangSan"})
    assert again.status_code == 422 and "用户名“ZhangSan”已被使用。" in again.content.decode()
    bad = office.post("/office/accounts/new/", data | {"username": "张 三"})
    assert bad.status_code == 422 and "用户名只能包含" in bad.content.decode()
    no_unit = office.post("/office/accounts/new/", data | {"username": "lisi", "unit": ""})
    assert no_unit.status_code == 422 and "请选择本级或下级的单位。" in no_unit.content.decode()
    assert not User.objects.filter(username="lisi").exists()


def test_a_county_office_cannot_reach_the_citys_units_or_people(client_for, minzheng_unit, users):
    weishan = client_for("weishan")
    html = weishan.get("/office/accounts/").content.decode()
    data = _form(html, "/office/accounts/new/") | {
        "username": "wangwu",
        "full_name": "王五",
        "role": "reporter",
        "unit": str(minzheng_unit.pk),
    }
    answer = weishan.post("/office/accounts/new/", data)
    assert answer.status_code == 422 and "请选择列表中的单位。" in answer.content.decode()
    assert weishan.get(f"/office/accounts/{users['minzheng'].pk}/").status_code == 404
    assert ">minzheng</a>" not in html and ">weishan_minzheng</a>" in html
    assert client_for("minzheng").get("/office/accounts/").status_code == 403
    assert client_for(None).get("/office/accounts/").status_code == 302  # to the login page


def test_roles_passwords_and_disabling(client_for, users):
    office = client_for("office")
    target = users["minzheng"]
    url = f"/office/accounts/{target.pk}/"
    html = office.get(url).content.decode()
    grant = _form(html, f"{url}act/")
    grant = {k: v for k, v in grant.items() if k != "membership"} | {"action": "grant", "role": "deputy"}
    grant["region"] = re.search(r'<option value="(\d+)">济宁市</option>', html).group(1)
    assert office.post(f"{url}act/", grant).status_code == 302
    deputy = Membership.objects.get(user=target, role="deputy")
    assert (
        office.post(
            f"{url}act/", {"action": "withdraw", "membership": deputy.pk, "confirm": "on"}
        ).status_code
        == 302
    )
    assert not Membership.objects.filter(pk=deputy.pk).exists()
    reset = office.post(f"{url}act/", {"action": "reset", "confirm": "on"}, follow=True)
    password = _password(reset)
    assert can_log_in("minzheng", password)
    assert office.post(f"{url}act/", {"action": "deactivate", "confirm": "on"}).status_code == 302
    assert not can_log_in("minzheng", password)
    assert office.post(f"{url}act/", {"action": "activate"}).status_code == 302
    assert can_log_in("minzheng", password)
    assert [e.action for e in events_for(target).order_by("at", "pk")][-5:] == [
        "role_add",
        "role_remove",
        "password_reset",
        "deactivate",
        "activate",
    ]
    me = users["office"]
    own = Membership.objects.get(user=me, role="office")
    refused = office.post(
        f"/office/accounts/{me.pk}/act/", {"action": "withdraw", "membership": own.pk, "confirm": "on"}
    )
    assert refused.status_code == 422 and "不能撤销自己的督查室角色。" in refused.content.decode()
    assert (
        office.post(f"/office/accounts/{me.pk}/act/", {"action": "deactivate", "confirm": "on"}).status_code
        == 422
    )
    assert office.post(f"{url}act/", {"action": "promote"}).status_code == 400


def test_a_user_changes_their_own_password(client_for, users):
    unit = client_for("minzheng")
    wrong = unit.post(
        "/accounts/password/",
        {"old_password": "nope", "new_password1": "Xq7-canteen-2024", "new_password2": "Xq7-canteen-2024"},
    )
    assert wrong.status_code == 422 and "旧密码不正确" in wrong.content.decode()
    short = unit.post(
        "/accounts/password/", {"old_password": "x", "new_password1": "123", "new_password2": "123"}
    )
    assert short.status_code == 422
    users["minzheng"].set_password("old-Password-1")
    users["minzheng"].save()
    unit = client_for("minzheng")
    done = unit.post(
        "/accounts/password/",
        {
            "old_password": "old-Password-1",
            "new_password1": "Xq7-canteen-2024",
            "new_password2": "Xq7-canteen-2024",
        },
    )
    assert done.status_code == 302 and can_log_in("minzheng", "Xq7-canteen-2024")
    assert unit.get("/accounts/password/").status_code == 200  # still signed in here
    assert events_for(users["minzheng"]).first().action == "password"


def test_the_office_adds_a_unit_once(client_for):
    office = client_for("office")
    html = office.get("/office/units/").content.decode()
    data = _form(html, "/office/units/new/") | {"name": "市数据局", "kind": "department"}
    data["region"] = re.search(r'<option value="(\d+)">济宁市</option>', html).group(1)
    assert office.post("/office/units/new/", data).status_code == 302
    unit = Unit.objects.get(name="市数据局")
    assert events_for(unit).first().action == "create"
    twice = office.post("/office/units/new/", data)
    assert twice.status_code == 422 and "济宁市已有单位“市数据局”。" in twice.content.decode()


def test_the_audit_log_shows_the_offices_own_records_in_chinese(client_for, users):
    office = client_for("office")
    office.post(f"/office/accounts/{users['minzheng'].pk}/act/", {"action": "reset", "confirm": "on"})
    page = office.get("/office/audit/?kind=auth.user").content.decode()
    assert "<td>重置密码</td>" in page and "minzheng" in page
    weishan = client_for("weishan").get("/office/audit/?kind=auth.user").content.decode()
    assert "<td>重置密码</td>" not in weishan  # the city's account is not the county's to read
    bad = office.get("/office/audit/?since=昨天")
    assert bad.status_code == 400 and "日期“昨天”不对" in bad.content.decode()
    assert client_for("jiaoyu").get("/office/audit/").status_code == 403


def test_an_account_with_a_role_elsewhere_is_not_the_county_offices(client_for, users):
    """The city gives a city reporter a county role too: the county office must not be able to reset or
    disable the account (it would take over the city's reporter)."""
    from minsheng.core.models import Region

    Membership.objects.create(user=users["minzheng"], role="deputy", region=Region.objects.get(name="微山县"))
    weishan = client_for("weishan")
    assert weishan.get(f"/office/accounts/{users['minzheng'].pk}/").status_code == 404
    assert (
        weishan.post(
            f"/office/accounts/{users['minzheng'].pk}/act/", {"action": "reset", "confirm": "on"}
        ).status_code
        == 404
    )
    assert client_for("office").get(f"/office/accounts/{users['minzheng'].pk}/").status_code == 200


def test_the_last_role_is_not_withdrawn(client_for, users):
    office = client_for("office")
    only = Membership.objects.filter(user=users["minzheng"])
    assert only.count() == 1
    answer = office.post(
        f"/office/accounts/{users['minzheng'].pk}/act/",
        {"action": "withdraw", "membership": only.get().pk, "confirm": "on"},
    )
    assert answer.status_code == 422 and "这是该账号唯一的角色" in answer.content.decode()
    assert only.count() == 1


def test_weak_passwords_are_refused_in_chinese(client_for, users):
    users["minzheng"].set_password("old-Password-1")
    users["minzheng"].save()
    unit = client_for("minzheng")
    for weak, message in [("73920581", "只包含数字"), ("minzheng1", "相似"), ("abc12", "太短")]:
        answer = unit.post(
            "/accounts/password/",
            {"old_password": "old-Password-1", "new_password1": weak, "new_password2": weak},
        )
        assert answer.status_code == 422 and message in answer.content.decode(), (
            weak,
            answer.content.decode()[-800:],
        )


def test_destructive_steps_ask_for_a_tick(client_for, users):
    office = client_for("office")
    url = f"/office/accounts/{users['minzheng'].pk}/"
    assert 'name="confirm" required' in office.get(url).content.decode()
    unticked = office.post(f"{url}act/", {"action": "deactivate"})
    assert unticked.status_code == 400 and "请先勾选“确认”" in unticked.content.decode()
    users["minzheng"].refresh_from_db()
    assert users["minzheng"].is_active


def test_a_temporary_password_is_changed_before_anything_else(client_for, minzheng_unit):
    office = client_for("office")
    html = office.get("/office/accounts/").content.decode()
    data = _form(html, "/office/accounts/new/") | {
        "username": "zhaoliu",
        "full_name": "赵六",
        "role": "reporter",
        "unit": str(minzheng_unit.pk),
    }
    password = _password(office.post("/office/accounts/new/", data, follow=True))
    newcomer = Client()
    assert newcomer.login(username="zhaoliu", password=password)
    led = newcomer.get("/reports/")
    assert led.status_code == 302 and led["Location"] == "/accounts/password/"
    assert "临时密码" in newcomer.get("/accounts/password/").content.decode()
    done = newcomer.post(
        "/accounts/password/",
        {"old_password": password, "new_password1": "Canteen-rep-2024", "new_password2": "Canteen-rep-2024"},
    )
    assert done.status_code == 302 and newcomer.get("/reports/").status_code == 200
    again = Client()
    assert (
        again.login(username="zhaoliu", password="Canteen-rep-2024")
        and again.get("/reports/").status_code == 200
    )
    user = User.objects.get(username="zhaoliu")
    reset = _password(
        office.post(f"/office/accounts/{user.pk}/act/", {"action": "reset", "confirm": "on"}, follow=True)
    )
    after_reset = Client()
    assert after_reset.login(username="zhaoliu", password=reset)
    assert after_reset.get("/reports/")["Location"] == "/accounts/password/"
