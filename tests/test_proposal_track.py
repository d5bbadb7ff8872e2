"""Following a proposal by its receipt: title, date, state in Chinese, reply, merge — never the phone."""

import pytest
from django.utils import timezone

from minsheng.core.models import Region
from minsheng.participation.models import Proposal, ProposalState


def make(title="增设老年人助餐点", receipt="ABCDEFGH23", **fields) -> Proposal:
    values = {
        "region": Region.objects.get(name="微山县"),
        "year": 2025,
        "category": "养老服务",
        "content": "希望在各社区增设老年人助餐点，方便高龄老人就近吃饭。",
        "phone": "13812345678",
        "client": "x",
        **fields,
    }
    return Proposal.objects.create(receipt=receipt, title=title, **values)


@pytest.mark.django_db
def test_track_form_and_redirect_of_a_typed_code(client):
    response = client.get("/proposals/track/")
    assert response.status_code == 200 and 'name="receipt"' in response.content.decode()
    assert (
        client.get("/proposals/track/", {"receipt": " abcd-efgh 23 "}).url == "/proposals/track/ABCDEFGH23/"
    )


@pytest.mark.django_db
def test_track_page_shows_state_reply_and_no_phone(client):
    proposal = make(reply="已转县民政局研究办理。", state=ProposalState.ACCEPTED)
    html = client.get(f"/proposals/track/{proposal.receipt}/").content.decode()
    assert "增设老年人助餐点" in html and "已受理" in html and "已转县民政局研究办理。" in html
    assert timezone.localtime(proposal.created_at).strftime("%Y年%-m月%-d日") in html
    assert "13812345678" not in html and "1381234" not in html
    assert "已与同类建议合并" not in html
    # lower case works too
    assert client.get(f"/proposals/track/{proposal.receipt.lower()}/").status_code == 200


@pytest.mark.django_db
def test_merged_proposal_names_only_the_other_title(client):
    other = make(
        title="社区老年食堂建设",
        receipt="ZZZZZZZZZ2",
        content="另一个人的内容，不应出现。",
        phone="13900000000",
    )
    proposal = make(state=ProposalState.MERGED, merged_into=other)
    html = client.get(f"/proposals/track/{proposal.receipt}/").content.decode()
    assert "已与同类建议合并" in html and "社区老年食堂建设" in html
    assert "另一个人的内容" not in html and "13900000000" not in html and other.receipt not in html


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["ABCDEFGH22", "0000000000", "short"])
def test_unknown_or_malformed_receipt_is_a_chinese_404(client, code):
    make()
    response = client.get(f"/proposals/track/{code}/")
    assert response.status_code == 404
    assert "未找到该回执码对应的建议" in response.content.decode()
    typed = client.get("/proposals/track/", {"receipt": "O0O0"})
    assert typed.status_code == 404 and "回执码应为10位" in typed.content.decode()
