"""The public proposal form (no login): round trip, spam guard, checks in Chinese, rate limit, receipt."""

import time

import pytest
from django.core import signing
from django.db import IntegrityError

from minsheng.core.clock import today
from minsheng.core.models import Region
from minsheng.participation import abuse, public_forms
from minsheng.participation.models import Proposal
from minsheng.participation.proposals import workflow
from tests.forms import form_data

NEW = "/proposals/new/"


def aged(data: dict, seconds: int = 30) -> dict:
    """The form as if the page had been open for some seconds (the guard refuses under 3)."""
    return {**data, abuse.STARTED: signing.dumps({"t": time.time() - seconds}, salt=abuse._SALT)}


def filled(client, **values) -> dict:
    data = form_data(client.get(NEW).content.decode())
    region = Proposal._meta.get_field("region").related_model.objects.get(name="微山县")
    data.update(
        title="增设老年人助餐点",
        content="希望在夏镇街道各社区增设老年人助餐点，方便高龄老人就近吃饭。",
        region=str(region.pk),
        category="养老服务",
        beneficiaries="社区高龄老人",
        phone="138 1234 5678",
    )
    data.update(values)
    return aged(data)


@pytest.mark.django_db
def test_form_has_fields_guard_and_next_year(client):
    response = client.get(NEW)
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("标题", "建议内容", "区划", "类别", "受益群体", "联系电话（选填）", "仅用于回访，不会公开"):
        assert label in html
    assert f"提出 {today().year + 1} 年民生实事建议" in html
    assert 'aria-hidden="true"' in html and f'name="{abuse.HONEYPOT}"' in html
    assert 'tabindex="-1" autocomplete="off"' in html
    assert f'name="{abuse.STARTED}"' in html
    data = form_data(html)
    assert data[abuse.HONEYPOT] == "" and data[abuse.STARTED]
    assert ">养老服务<" in html and ">其他<" in html
    assert "微山县" in html and "济宁市" in html
    assert "夏镇街道" not in html  # towns are not offered


@pytest.mark.django_db
def test_round_trip_saves_and_shows_receipt(client):
    response = client.post(NEW, filled(client))
    assert response.status_code == 302 and response.url == "/proposals/new/done/"
    proposal = Proposal.objects.get()
    assert proposal.title == "增设老年人助餐点" and proposal.region.name == "微山县"
    assert proposal.category == "养老服务" and proposal.beneficiaries == "社区高龄老人"
    assert proposal.phone == "13812345678" and proposal.state == "submitted"
    assert proposal.year == today().year + 1 and proposal.client
    done = client.get(response.url)
    html = done.content.decode()
    assert proposal.receipt in html and 'class="receipt"' in html
    assert f"/proposals/track/{proposal.receipt}/" in html
    assert "13812345678" not in html and "1234 5678" not in html
    assert done["Cache-Control"] == "no-store"
    again = client.get(response.url)  # a reload (the next user of a shared computer) posts nothing...
    html = again.content.decode()
    assert again.status_code == 200 and proposal.receipt not in html  # ...and no longer shows the code
    assert "回执码只显示一次" in html and 'href="/proposals/track/"' in html
    assert Proposal.objects.count() == 1


@pytest.mark.django_db
def test_done_page_without_a_submission_shows_a_note(client):
    html = client.get("/proposals/new/done/").content.decode()
    assert "回执码只显示一次" in html and 'href="/proposals/track/"' in html and 'class="receipt"' not in html


@pytest.mark.django_db
def test_honeypot_is_refused(client):
    response = client.post(NEW, filled(client, website="http://spam.example"))
    assert response.status_code == 400
    assert "提交未被接受" in response.content.decode()
    assert not Proposal.objects.exists()


@pytest.mark.django_db
def test_too_fast_and_missing_token_are_refused(client):
    data = filled(client)
    data[abuse.STARTED] = abuse.start_token()
    response = client.post(NEW, data)
    assert response.status_code == 400 and "提交过快" in response.content.decode()
    data.pop(abuse.STARTED)
    assert client.post(NEW, data).status_code == 400
    assert not Proposal.objects.exists()
    # what was typed is kept for the next try
    assert "增设老年人助餐点" in response.content.decode()


@pytest.mark.django_db
def test_too_many_links_are_refused(client):
    links = " ".join(f"http://x{i}.example" for i in range(3))
    response = client.post(NEW, filled(client, content=f"请看这些网址 {links}"))
    assert response.status_code == 400 and "网址过多" in response.content.decode()


@pytest.mark.django_db
def test_empty_inputs_are_refused_in_chinese(client):
    data = filled(client, title=" ", content="", region="", category="", phone="")
    response = client.post(NEW, data)
    assert response.status_code == 422
    html = response.content.decode()
    for message in ("请填写标题。", "请填写建议内容。", "请选择建议所属的区划。", "请选择类别"):
        assert message in html
    assert not Proposal.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "values, message",
    [
        ({"title": "修路"}, "标题太短"),
        ({"title": "长" * 101}, "标题太长"),
        ({"content": "太短了"}, "建议内容太短"),
        ({"region": "-1"}, "请选择建议所属的区划。"),
        ({"region": "999999"}, "请选择建议所属的区划。"),
        ({"category": "娱乐"}, "请选择类别"),
        ({"phone": "12345"}, "电话号码格式不对"),
        ({"phone": "-1"}, "电话号码格式不对"),
    ],
)
def test_bad_inputs_are_refused(client, values, message):
    response = client.post(NEW, filled(client, **values))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Proposal.objects.exists()


@pytest.mark.django_db
def test_town_regions_are_refused(client):
    from minsheng.core.models import Region

    town = Region.objects.filter(kind__in=["town", "street", "township"]).first()
    assert town is not None
    response = client.post(NEW, filled(client, region=str(town.pk)))
    assert response.status_code == 422


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("13812345678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("0537-2345678", "0537-2345678"),
        ("05372345678", "05372345678"),
        ("010 12345678-123", "01012345678-123"),
        ("", ""),
    ],
)
def test_phone_numbers_accepted(typed, kept):
    assert public_forms.clean_phone(typed) == kept


@pytest.mark.parametrize("typed", ["12345678901", "1381234567", "138123456789", "abc", "537-2345678"])
def test_phone_numbers_refused(typed):
    with pytest.raises(public_forms.InvalidInput):
        public_forms.clean_phone(typed)


@pytest.mark.django_db
def test_rate_limit_answers_429_in_chinese(client, settings):
    settings.MINSHENG_PROPOSALS_PER_HOUR = 2
    for _ in range(2):
        assert client.post(NEW, filled(client)).status_code == 302
    response = client.post(NEW, filled(client))
    assert response.status_code == 429
    assert "每小时最多提交 2 条建议" in response.content.decode()
    assert "增设老年人助餐点" in response.content.decode()  # what was typed is kept
    assert Proposal.objects.count() == 2
    other = client.post(NEW, filled(client), REMOTE_ADDR="10.1.2.3")  # another client is not held back
    assert other.status_code == 302


def test_receipts_use_an_unambiguous_alphabet():
    codes = {public_forms.new_receipt() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 10 and not set(code) & set("0O1I")
        assert public_forms.normalise_receipt(code.lower()) == code
    assert public_forms.normalise_receipt("ABCD-EFGH 23") == "ABCDEFGH23"
    assert public_forms.normalise_receipt("ABCDEFGH2O") == ""  # O is not in the alphabet


@pytest.mark.django_db
def test_a_receipt_clash_is_retried(client, monkeypatch):
    client.post(NEW, filled(client))
    taken = Proposal.objects.get().receipt
    codes = iter([taken, "ABCDEFGH23"])
    monkeypatch.setattr(public_forms, "new_receipt", lambda: next(codes))
    assert client.post(NEW, filled(client)).status_code == 302
    assert Proposal.objects.filter(receipt="ABCDEFGH23").exists()


@pytest.mark.django_db
def test_an_integrity_error_other_than_a_clash_is_not_retried(monkeypatch):
    """Only a receipt that is really taken is tried again; another broken constraint fails at once and
    writes nothing (the row and what `then` wrote are rolled back together)."""
    drawn = []
    monkeypatch.setattr(public_forms, "new_receipt", lambda: drawn.append(1) or f"ABCDEFGH{len(drawn) + 21}")

    def broken(row):
        raise IntegrityError("another constraint")

    with pytest.raises(IntegrityError):
        public_forms.create_with_receipt(Proposal, broken, **_proposal_fields())
    assert len(drawn) == 1 and not Proposal.objects.exists()


def _proposal_fields():
    region = Region.objects.filter(kind="city").first()
    assert region is not None  # else the row itself would break a constraint, not `then`
    return {
        "region": region,
        "title": "增设公交站",
        "content": "建议在北湖新区增设公交站点方便出行。",
        "category": "交通出行",
        "year": today().year + 1,
        "client": "x",
    }


@pytest.mark.parametrize("typed", ["²⁰²⁵", "٢٠٢٥", "2e3", "-2025", "9" * 5000, "x"])
def test_year_takes_ascii_digits_only(typed):
    with pytest.raises(public_forms.InvalidInput):
        workflow.clean_year(typed)
    assert workflow.clean_year(str(today().year)) == today().year
    assert workflow.clean_year(None) == today().year + 1
