"""The proposals API: anonymous submission (201 receipt / 422 Chinese detail / 429), tracking by
receipt, and the offices' scoped list — never a phone."""

import json
import time

import pytest
from django.core import signing

from minsheng.core.clock import today
from minsheng.core.models import Region
from minsheng.participation import abuse
from minsheng.participation.models import Proposal, ProposalState
from tests.forms import form_data

URL = "/api/v1/proposals"
PHONE = "13812345678"
BODY = {
    "title": "增设老年人助餐点",
    "content": "希望在各社区增设老年人助餐点，方便高龄老人就近吃饭。",
    "region": "微山县",
}


def post(client, body, **extra):
    return client.post(URL, json.dumps(body), content_type="application/json", **extra)


@pytest.mark.django_db
def test_minimal_submission_gets_a_receipt(client):
    response = post(client, BODY)
    assert response.status_code == 201
    data = response.json()
    assert set(data) == {"receipt", "state"} and data["state"] == "submitted" and len(data["receipt"]) == 10
    proposal = Proposal.objects.get(receipt=data["receipt"])
    assert proposal.region.name == "微山县" and proposal.category == "其他" and proposal.client
    assert proposal.phone == ""


@pytest.mark.django_db
def test_full_submission_with_region_id(client):
    region = Region.objects.get(name="济宁市")
    body = {**BODY, "region": region.pk, "category": "交通出行", "beneficiaries": "沿线居民", "phone": PHONE}
    year = today().year  # this year's list is still open; next year's is the default
    response = post(client, {**body, "year": year})
    assert response.status_code == 201, response.json()
    proposal = Proposal.objects.get(receipt=response.json()["receipt"])
    assert (proposal.region, proposal.category, proposal.phone, proposal.year) == (
        region,
        "交通出行",
        PHONE,
        year,
    )
    assert PHONE not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, message",
    [
        ({"title": ""}, "请填写标题。"),
        ({"content": None}, "请填写建议内容。"),
        ({"region": None}, "请选择建议所属的区划。"),
        ({"region": "火星市"}, "未找到区划“火星市”"),
        ({"region": "-1"}, "未找到区划"),
        ({"category": "娱乐"}, "请选择类别"),
        ({"phone": "12345"}, "电话号码格式不对"),
        ({"year": 1999}, "征集年度只能是"),
    ],
)
def test_invalid_input_is_422_in_chinese(client, change, message):
    response = post(client, {**BODY, **change})
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert not Proposal.objects.exists()


@pytest.mark.django_db
def test_rate_limit_is_shared_with_the_page(client, settings):
    settings.MINSHENG_PROPOSALS_PER_HOUR = 3
    assert post(client, BODY).status_code == 201
    # one through the page, from the same client
    data = form_data(client.get("/proposals/new/").content.decode())
    data.update(
        title=BODY["title"],
        content=BODY["content"],
        category="其他",
        region=str(Region.objects.get(name="微山县").pk),
    )
    data[abuse.STARTED] = signing.dumps({"t": time.time() - 30}, salt=abuse._SALT)
    assert client.post("/proposals/new/", data).status_code == 302
    assert post(client, BODY).status_code == 201
    refused = post(client, BODY)
    assert refused.status_code == 429
    assert "每小时最多提交 3 条" in refused.json()["detail"]
    assert client.post("/proposals/new/", data).status_code == 429
    assert Proposal.objects.count() == 3
    assert post(client, BODY, REMOTE_ADDR="10.9.8.7").status_code == 201


@pytest.mark.django_db
def test_track_by_receipt(client):
    receipt = post(client, {**BODY, "phone": PHONE}).json()["receipt"]
    Proposal.objects.filter(receipt=receipt).update(
        state=ProposalState.REJECTED, reply="不属于民生实事范围。"
    )
    response = client.get(f"{URL}/{receipt.lower()}")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {
        "receipt",
        "title",
        "state",
        "state_label",
        "reply",
        "merged_into_title",
        "submitted_at",
    }
    assert (data["state"], data["state_label"], data["reply"]) == (
        "rejected",
        "未通过审核",
        "不属于民生实事范围。",
    )
    assert PHONE not in response.content.decode()
    missing = client.get(f"{URL}/ABCDEFGH22")
    assert missing.status_code == 404 and "未找到" in missing.json()["detail"]


@pytest.mark.django_db
def test_list_is_for_offices_in_their_scope(client, client_for):
    city = post(client, {**BODY, "region": "济宁市", "phone": PHONE}).json()["receipt"]
    county = post(client, {**BODY, "phone": PHONE}).json()["receipt"]
    titles = {r: Proposal.objects.get(receipt=r).pk for r in (city, county)}
    office = client_for("office").get(URL)
    assert office.status_code == 200
    assert {p["id"] for p in office.json()} == set(titles.values())
    item = office.json()[0]
    assert "phone" not in item and "receipt" not in item and "client" not in item
    assert PHONE not in office.content.decode() and city not in office.content.decode()
    weishan = client_for("weishan").get(URL).json()
    assert [p["id"] for p in weishan] == [titles[county]]
    filtered = client_for("office").get(URL, {"region": Region.objects.get(name="微山县").pk}).json()
    assert [p["id"] for p in filtered] == [titles[county]]
    assert client_for("office").get(URL, {"state": "accepted"}).json() == []
    assert client_for("office").get(URL, {"state": "bogus"}).status_code == 422
    for name in (None, "deputy", "minzheng", "outsider"):
        response = client_for(name).get(URL)
        assert response.status_code == 403 and "仅对督查室开放" in response.json()["detail"]
