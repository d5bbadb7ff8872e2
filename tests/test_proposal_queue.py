"""The office's moderation queue: scope, filters, htmx fragment, duplicate groups, the steps (audited,
conditional), the phone only on the detail page, forged ids, and a constant query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minsheng.core.models import AuditEvent, Region
from minsheng.participation.models import Proposal, ProposalState
from minsheng.participation.proposals import workflow

PHONE = "13812345678"
MEALS = ("增设老年人助餐点", "希望在社区增设老年人助餐点，方便高龄老人就餐。")
MEALS_2 = ("增加老年人助餐点", "在各社区增加老年人助餐点，让老人就近吃饭。")
PARK = ("修建口袋公园", "在城区空地修建口袋公园，增加绿地。")
_n = iter(range(10**6))


def make(region="微山县", text=MEALS, **fields) -> Proposal:
    values = {"year": 2025, "category": "养老服务", "phone": PHONE, "client": "x", **fields}
    code = f"Q{next(_n):09d}".replace("0", "A").replace("1", "B")
    return Proposal.objects.create(
        receipt=code, region=Region.objects.get(name=region), title=text[0], content=text[1], **values
    )


def act(client, proposal, action, **data):
    return client.post(f"/proposals/{proposal.pk}/act/", {"action": action, **data})


@pytest.mark.django_db
def test_who_may_see_the_queue(client_for):
    city, county = make("济宁市", PARK), make("微山县")
    office = client_for("office").get("/proposals/").content.decode()
    assert f"#{city.pk} " in office and f"#{county.pk} " in office
    weishan = client_for("weishan").get("/proposals/").content.decode()
    assert f"#{county.pk} " in weishan and f"#{city.pk} " not in weishan
    assert f"#{city.pk} " in client_for("admin").get("/proposals/").content.decode()
    for name in ("minzheng", "deputy", "leader", "outsider"):
        refused = client_for(name).get("/proposals/")
        assert refused.status_code == 403 and "建议审核仅对督查室开放" in refused.content.decode()
        assert client_for(name).get(f"/proposals/{county.pk}/").status_code == 403
    assert client_for(None).get("/proposals/").status_code == 302  # to the login page


@pytest.mark.django_db
def test_phone_only_on_the_detail_page(client_for):
    proposal = make()
    office = client_for("office")
    assert PHONE not in office.get("/proposals/").content.decode()
    assert PHONE not in office.get("/proposals/", HTTP_HX_REQUEST="true").content.decode()
    detail = office.get(f"/proposals/{proposal.pk}/")
    assert detail.status_code == 200 and PHONE in detail.content.decode()


@pytest.mark.django_db
def test_filters_and_htmx_fragment(client_for):
    a = make("微山县", MEALS)
    b = make("济宁市", PARK, category="生态环境", state=ProposalState.ACCEPTED)
    c = make("微山县", MEALS_2, year=2026)
    office = client_for("office")

    def shown(**query):
        html = office.get("/proposals/", query).content.decode()
        return {p.pk for p in (a, b, c) if f'id="proposal-{p.pk}"' in html}

    assert shown() == {a.pk, b.pk, c.pk}
    assert shown(state="accepted") == {b.pk}
    assert shown(region=Region.objects.get(name="微山县").pk) == {a.pk, c.pk}
    assert shown(region=Region.objects.get(name="济宁市").pk) == {a.pk, b.pk, c.pk}  # and below
    assert shown(year=2026) == {c.pk}
    assert shown(category="生态环境") == {b.pk}
    assert shown(q="口袋") == {b.pk}
    fragment = office.get("/proposals/", {"q": "口袋"}, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<div id="proposal-results">') and "<html" not in fragment


@pytest.mark.django_db
def test_similar_proposals_are_grouped(client_for):
    a, park, b = make(text=MEALS), make(text=PARK), make(text=MEALS_2)
    html = client_for("office").get("/proposals/").content.decode()
    assert "相似建议 2 条" in html
    group = html[html.index("相似建议 2 条") :]
    group = group[: group.index("</section>")]
    assert f'id="proposal-{a.pk}"' in group and f'id="proposal-{b.pk}"' in group
    assert f'id="proposal-{park.pk}"' not in group
    assert f'<option value="{a.pk}">' in group  # b can be merged into a from the queue


@pytest.mark.django_db
def test_accept_shortlist_reply_are_audited_without_the_phone(client_for):
    proposal = make()
    office = client_for("office")
    response = act(office, proposal, "accept", next="/proposals/?state=submitted")
    assert response.status_code == 302 and response.url == "/proposals/?state=submitted"
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ACCEPTED
    assert act(office, proposal, "shortlist").status_code == 302
    assert act(office, proposal, "reply", reply="已入围，进入评分。").status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SHORTLISTED and proposal.reply == "已入围，进入评分。"
    events = AuditEvent.objects.filter(model="participation.proposal", object_id=str(proposal.pk))
    assert [e.action for e in events.order_by("id")] == ["accept", "shortlist", "reply"]
    assert events.get(action="accept").changes == {"状态": ["待审核", "已受理"]}
    assert all(e.actor.username == "office" for e in events)
    assert all(PHONE not in str(e.changes) and PHONE not in e.object_repr for e in events)
    # an unsafe next is ignored
    assert (
        act(office, proposal, "reply", reply="好", next="https://evil.example/").url
        == f"/proposals/{proposal.pk}/"
    )


@pytest.mark.django_db
def test_reject_needs_a_reply(client_for):
    proposal = make()
    office = client_for("office")
    response = act(office, proposal, "reject", reply="  ")
    assert response.status_code == 422 and "须填写答复意见" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED
    assert act(office, proposal, "reject", reply="不属于民生实事范围。").status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.REJECTED and proposal.reply == "不属于民生实事范围。"


@pytest.mark.django_db
def test_merge_moves_earlier_merges_along(client_for):
    a, b, c = make(text=MEALS), make(text=MEALS_2), make(text=MEALS_2)
    office = client_for("office")
    assert act(office, c, "merge", into=b.pk).status_code == 302
    assert act(office, b, "merge", into=a.pk).status_code == 302
    for p in (b, c):
        p.refresh_from_db()
        assert p.state == ProposalState.MERGED and p.merged_into_id == a.pk
    assert act(office, a, "merge", into=a.pk).status_code == 422  # not into itself
    assert act(office, a, "merge", into=b.pk).status_code == 409  # b is merged already
    assert act(office, a, "merge").status_code == 422  # no target
    event = AuditEvent.objects.get(object_id=str(b.pk), action="merge")
    assert event.changes["合并至"] == [None, a.title]


@pytest.mark.django_db
def test_double_click_changes_once(client_for):
    proposal = make()
    office = client_for("office")
    assert act(office, proposal, "accept").status_code == 302
    second = act(office, proposal, "accept")
    assert second.status_code == 409 and "不能受理" in second.content.decode()
    assert AuditEvent.objects.filter(object_id=str(proposal.pk), action="accept").count() == 1


@pytest.mark.django_db
def test_conditional_update_refuses_a_stale_read(users):
    proposal = make()
    stale = Proposal.objects.get(pk=proposal.pk)
    workflow.moderate(proposal, "accept", users["office"])
    with pytest.raises(workflow.ModerationError) as refused:
        workflow.moderate(stale, "reject", users["office"], reply="重复")
    assert refused.value.status == 409
    stale.refresh_from_db()
    assert stale.state == ProposalState.ACCEPTED and stale.reply == ""


@pytest.mark.django_db
def test_forged_ids_are_404(client_for):
    city, county = make("济宁市", PARK), make("微山县")
    weishan = client_for("weishan")
    assert weishan.get(f"/proposals/{city.pk}/").status_code == 404
    assert act(weishan, city, "accept").status_code == 404
    assert weishan.get("/proposals/999999/").status_code == 404
    merged = act(weishan, county, "merge", into=city.pk)  # a target outside the office's regions
    assert merged.status_code == 422 and "未找到编号为" in merged.content.decode()
    city.refresh_from_db()
    county.refresh_from_db()
    assert city.state == county.state == ProposalState.SUBMITTED
    assert (
        client_for("minzheng").post(f"/proposals/{county.pk}/act/", {"action": "accept"}).status_code == 403
    )
    assert client_for("office").get("/proposals/", {"region": "999999"}).status_code == 200


@pytest.mark.django_db
def test_detail_lists_similar_and_history(client_for):
    a, b = make(text=MEALS), make(text=MEALS_2)
    make(text=PARK)
    office = client_for("office")
    act(office, a, "accept", reply="已受理。")
    html = office.get(f"/proposals/{a.pk}/").content.decode()
    assert f"#{b.pk}" in html and "修建口袋公园" not in html
    assert "受理" in html and "处理记录（1）" in html


@pytest.mark.django_db
def test_queue_query_count_does_not_grow(client_for, django_assert_max_num_queries):
    office = client_for("office")
    for text in (MEALS, MEALS_2, PARK):
        make(text=text)
    office.get("/proposals/")  # warm the session and roles
    with CaptureQueriesContext(connection) as few:
        assert office.get("/proposals/").status_code == 200
    for i in range(15):
        make("济宁市" if i % 2 else "微山县", (f"建议{i}号 道路修缮", f"修缮第{i}条道路的路面与路灯。"))
    make(text=MEALS, state=ProposalState.MERGED, merged_into=Proposal.objects.first(), reply="已合并。")
    with django_assert_max_num_queries(len(few)):
        html = office.get("/proposals/").content.decode()
    assert "建议14号" in html


@pytest.mark.django_db
def test_merge_only_within_the_same_region(client_for):
    county, city = make("微山县", MEALS), make("济宁市", MEALS_2)
    same = make("微山县", MEALS_2)
    with pytest.raises(workflow.ModerationError) as refused:
        workflow.check_step("merge", county.state, "", city, county)
    assert refused.value.message == "只能合并同一区划的建议。"
    office = client_for("office")
    response = act(office, county, "merge", into=city.pk)
    assert response.status_code == 422 and "只能合并同一区划的建议。" in response.content.decode()
    county.refresh_from_db()
    assert county.state == ProposalState.SUBMITTED
    # the queue groups the three as alike, but offers only the same region's proposal as a target
    html = office.get("/proposals/").content.decode()
    group = html[html.index("相似建议 3 条") :]
    county_card = group[group.index(f'id="proposal-{county.pk}"') :]
    county_card = county_card[: county_card.index("</article>")]
    assert f'<option value="{same.pk}">' in county_card and f'<option value="{city.pk}">' not in county_card
    city_card = group[group.index(f'id="proposal-{city.pk}"') :]
    city_card = city_card[: city_card.index("</article>")]
    assert '<select name="into">' not in city_card  # nothing of its region to merge into
    # the detail page's similar list keeps to the region as well
    detail = office.get(f"/proposals/{county.pk}/").content.decode()
    similar = detail[detail.index("<h2>相似建议</h2>") :]
    assert f"#{same.pk}" in similar and f"#{city.pk}" not in similar
    assert act(office, county, "merge", into=same.pk).status_code == 302


@pytest.mark.django_db
def test_history_shows_chinese_labels_after_a_score(client_for, users):
    from minsheng.participation.scoring.rules import criteria
    from minsheng.participation.scoring.workflow import save_score

    proposal = make()
    office = client_for("office")
    assert act(office, proposal, "shortlist").status_code == 302
    proposal.refresh_from_db()
    save_score(proposal, users["office"], dict.fromkeys(criteria(), "80"))
    html = office.get(f"/proposals/{proposal.pk}/").content.decode()
    history = html[html.index('class="events"') :]
    assert "评分" in history and "入围" in history
    for word in ("score", "shortlist", "state", "create"):
        assert f"· {word}" not in history
    assert workflow.action_label("evaluation cast") == "满意度测评"
    assert workflow.action_label("something new") == "其他操作"


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["²", "١٢", "1e3", "-1", "9999999999999999999999", " ", "x"])
def test_odd_numbers_in_filters_and_forms_never_fail(client_for, bad):
    a = make()
    office = client_for("office")
    for key in ("year", "region", "page"):
        assert office.get("/proposals/", {key: bad}).status_code == 200
    assert office.get("/proposals/", {"year": bad, "region": bad}, HTTP_HX_REQUEST="true").status_code == 200
    response = act(office, a, "merge", into=bad)
    assert response.status_code == 422
    assert "合并目标须填写建议编号" in response.content.decode() or bad.strip() == ""
    a.refresh_from_db()
    assert a.state == ProposalState.SUBMITTED


@pytest.mark.django_db
def test_year_filter_takes_ascii_digits_only(client_for):
    a = make(year=2025)
    office = client_for("office")
    html = office.get("/proposals/", {"year": "2025"}).content.decode()
    assert f'id="proposal-{a.pk}"' in html
    assert f'id="proposal-{a.pk}"' in office.get("/proposals/", {"year": "²"}).content.decode()  # ignored
    assert office.get("/proposals/99999999999999999999/").status_code == 404
    assert office.post("/proposals/99999999999999999999/act/", {"action": "accept"}).status_code == 404
