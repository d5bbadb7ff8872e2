"""The city office logs in, opens the 2024 Jining plan and finds project 2 with its lead unit and target."""

from playwright.sync_api import expect

from e2e.conftest import login


def test_office_finds_project_2_of_the_2024_plan(page):
    login(page, "office")
    expect(page.locator("header")).to_contain_text("济宁市督查室")
    page.get_by_role("row", name="2024 济宁市").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("关于办好2024年“重点民生实事”的通知")

    row = page.locator("#project-2")
    expect(row).to_contain_text("为8200名独居老人安装火灾探测报警器")
    expect(row.locator("strong.lead-unit")).to_have_text("市消防救援支队")
    expect(row.locator(".target")).to_have_text("8200名")

    row.get_by_role("link").click()
    expect(page.locator("dd.lead-units")).to_contain_text("市消防救援支队")
    expect(page.locator("table.indicators")).to_contain_text("8200名")


def test_search_filters_the_plan_list_in_place(page):
    page.goto(f"{page.base_url}/")
    expect(page.locator("#results tbody tr")).to_have_count(5)
    page.get_by_placeholder("搜索标题、区划或文号").fill("微山")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text("微山县")
    assert "q=" in page.url  # the filtered list has its own address


def test_plan_page_is_usable_on_a_phone(browser, live_server, demo):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="关于办好2024年“重点民生实事”的通知").click()
    expect(page.locator("#project-2")).to_contain_text("市消防救援支队")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"page is {overflow}px wider than the phone screen"
    context.close()
