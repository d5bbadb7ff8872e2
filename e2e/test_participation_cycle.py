"""The yearly loop closes: a citizen proposes without logging in and follows the proposal by its receipt;
the office shortlists it, scores the shortlist and makes a candidate list with more candidates than
seats; three deputies vote; the office counts, publishes the result, and the elected candidates are the
draft plan of the next year."""

import re

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from e2e.conftest import login

PHONE = {"width": 390, "height": 844}
TITLE = "在老旧小区增设电动自行车集中充电桩"


@pytest.fixture
def autumn(demo):
    """November 2024: proposals are collected for the 2025 list. Two more proposals are already
    shortlisted, so the office has three to score for two seats."""
    from minsheng.core.models import Region
    from minsheng.participation.models import Proposal

    city = Region.objects.get(name="济宁市")
    for i, (title, category) in enumerate(
        [("增加社区老年助餐点", "养老服务"), ("中小学课后托管全覆盖", "教育")]
    ):
        Proposal.objects.create(
            receipt=f"E2EPREP{i}AB",
            region=city,
            year=2025,
            category=category,
            title=title,
            content=f"{title}，惠及更多群众。",
            state="shortlisted",
        )
    with override_settings(MINSHENG_TODAY="2024-11-20"):
        yield city


def propose_as_citizen(browser, base_url: str) -> str:
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"{base_url}/participation/")
        page.get_by_role("link", name="提出民生实事建议").click()
        page.get_by_label("标题").fill(TITLE)
        page.get_by_label("建议内容").fill("小区楼道停放电动车充电隐患大，建议每个老旧小区建设集中充电车棚。")
        page.get_by_label("区划").select_option(label="济宁市")
        page.get_by_label("类别").select_option(label="城市建设")
        page.get_by_label("受益群体").fill("老旧小区居民")
        page.get_by_label("联系电话（选填）").fill("13912345678")
        page.wait_for_timeout(3200)  # a person takes a few seconds; faster posts are refused as automated
        page.get_by_role("button", name="提交建议").click()
        receipt = page.locator(".receipt, [data-receipt]").first.inner_text().strip()
        assert re.fullmatch(r"[A-Z2-9]{10}", receipt), receipt
        page.get_by_role("button", name="查询办理情况").click()  # a link styled as a button
        expect(page.locator("main")).to_contain_text("待审核")
        expect(page.locator("main")).not_to_contain_text("13912345678")  # the phone is never shown
        return receipt
    finally:
        context.close()


def vote(browser, base_url: str, username: str, titles: list[str]) -> None:
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = base_url
    try:
        login(page, username)
        page.goto(f"{base_url}/votes/")
        page.get_by_role("button", name="去投票").click()  # a link styled as a button
        for title in titles:
            page.locator("label.ballot-choice", has_text=title).locator("input").check()
        page.get_by_role("button", name="提交选票").click()
        expect(page.locator("main")).to_contain_text("您已完成投票")
    finally:
        context.close()


def test_from_a_citizens_proposal_to_next_years_draft_plan(browser, page, autumn):
    from minsheng.participation.models import Proposal, VotingSession
    from minsheng.plans.models import Plan

    receipt = propose_as_citizen(browser, page.base_url)
    proposal = Proposal.objects.get(receipt=receipt)
    assert proposal.year == 2025 and proposal.phone == "13912345678"

    login(page, "office")
    page.goto(f"{page.base_url}/proposals/")
    row = page.locator(f"#proposal-{proposal.pk}")
    row.locator("summary", has_text="处理").click()
    row.get_by_role("button", name="入围", exact=True).click()
    expect(page.locator(f"#proposal-{proposal.pk}")).to_contain_text("入围评分")

    page.goto(f"{page.base_url}/votes/scoring/?region={autumn.pk}&year=2025")
    marks = {TITLE: 95, "增加社区老年助餐点": 85, "中小学课后托管全覆盖": 70}
    for title, mark in marks.items():
        card = page.locator("article.score-card", has_text=title)
        card.locator("summary").click()
        for field in card.locator("input[type=number]").all():
            field.fill(str(mark))
        card.get_by_role("button", name="保存评分").click()
        expect(page.locator("table.scoring")).to_contain_text(title)
    first = page.locator("table.scoring tbody tr").first
    expect(first).to_contain_text(TITLE)  # ranked by weighted score
    page.get_by_label("应选项目数").fill("2")
    page.get_by_label("候选项目数").fill("3")
    page.get_by_label("会议名称").fill("济宁市第十八届人民代表大会第五次会议")
    page.get_by_role("button", name="生成候选名单").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("第五次会议")
    session_url = page.url
    page.get_by_role("button", name="开始投票").click()
    expect(page.locator("main")).to_contain_text("投票中")
    page.get_by_role("button", name="退出").click()

    vote(browser, page.base_url, "deputy", [TITLE, "增加社区老年助餐点"])
    vote(browser, page.base_url, "deputy2", [TITLE, "中小学课后托管全覆盖"])
    vote(browser, page.base_url, "deputy3", [TITLE, "增加社区老年助餐点"])

    login(page, "office")
    page.goto(session_url)
    expect(page.locator("main")).to_contain_text("3")  # three deputies have voted
    page.get_by_role("button", name="结束计票").click()
    expect(page.locator("main")).to_contain_text("已计票")
    page.get_by_role("button", name="公布结果").click()
    expect(page.locator("main")).to_contain_text("已公布")

    session = VotingSession.objects.get(year=2025, region=autumn)
    assert session.state == "published" and session.draft_plan is not None
    draft = Plan.objects.get(pk=session.draft_plan_id)
    assert draft.year == 2025 and draft.state == "draft"
    assert list(draft.projects.order_by("order").values_list("name", flat=True)) == [
        TITLE,
        "增加社区老年助餐点",
    ]
    page.get_by_role("link", name=re.compile("重点民生实事项目（票决结果）")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("票决结果")
    expect(page.locator("main")).to_contain_text(TITLE)

    # the public sees the published result; the citizen's receipt now says it was elected
    page.get_by_role("button", name="退出").click()
    page.goto(f"{page.base_url}/votes/{session.pk}/result/")
    expect(page.locator("main")).to_contain_text(TITLE)
    page.goto(f"{page.base_url}/proposals/track/{receipt}/")
    expect(page.locator("main")).to_contain_text("票决通过")
