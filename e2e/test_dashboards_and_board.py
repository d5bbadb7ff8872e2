"""The dashboards and the public board in a real browser, at desktop and phone sizes: charts are drawn,
Chinese text is rendered with a CJK font, the page fits a phone, keyboard users can skip to the
content. Screenshots of every page at both sizes are kept under test-results/screenshots/ (a CI artifact)."""

import os
import re
from pathlib import Path

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from e2e.conftest import login

SHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "test-results/screenshots"))
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
CJK_FONT = re.compile(r"CJK|Noto Sans SC|Noto Serif SC|WenQuanYi|Droid Sans Fallback|Source Han", re.I)


@pytest.fixture
def demo_reports(demo):
    from minsheng.site.demo_reports import load_demo_reports

    load_demo_reports()
    with override_settings(MINSHENG_TODAY="2024-07-15"):
        yield


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = "phone" if page.viewport_size["width"] < 600 else "desktop"
    page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=True)


def platform_fonts(page, selector: str) -> list[dict]:
    """The fonts Chromium actually used to draw the text of the first element matching `selector`."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


def assert_cjk_rendered(page, selector: str = "h1") -> None:
    fonts = platform_fonts(page, selector)
    used = [f["familyName"] for f in fonts if f["glyphCount"] > 0]
    assert any(CJK_FONT.search(name) for name in used), f"{selector} drawn with {used}, no CJK font"


def assert_fits(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"page is {overflow}px wider than the screen"


def assert_one_main(page) -> None:
    expect(page.locator("main")).to_have_count(1)


def test_office_dashboard_draws_its_charts_on_desktop_and_phone(page, demo_reports):
    login(page, "office")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{page.base_url}/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    charts = page.locator("[data-chart]")
    expect(charts.first.locator("canvas")).to_be_visible()  # ECharts drew, served locally
    assert charts.count() >= 5
    expect(page.locator("main table").first).to_be_visible()  # each chart has a table equivalent
    expect(page.locator("main")).to_contain_text("截至")
    assert_one_main(page)
    assert_cjk_rendered(page)
    shoot(page, "dashboard")

    page.set_viewport_size(PHONE)
    page.reload()
    expect(charts.first.locator("canvas")).to_be_visible()
    assert_fits(page)
    shoot(page, "dashboard")


def test_leader_sees_the_projects_in_their_charge_before_the_charts(page, demo_reports):
    login(page, "leader")
    page.goto(f"{page.base_url}/dashboard/")
    mine = page.get_by_role("heading", name=re.compile("我分管的项目"))
    expect(mine).to_be_visible()
    first_chart_top = page.locator("[data-chart]").first.bounding_box()["y"]
    assert mine.bounding_box()["y"] < first_chart_top
    shoot(page, "dashboard-leader")


def test_ten_day_dispatch_view(page, demo_reports):
    login(page, "office")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{page.base_url}/dashboard/dispatch/?as_of=2024-07-15")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    for section in ["新报送", "状态变化", "新问题", "逾期"]:
        expect(page.get_by_role("heading", level=2, name=re.compile(section))).to_be_visible()
    assert_one_main(page)
    shoot(page, "dispatch")
    page.set_viewport_size(PHONE)
    page.reload()
    assert_fits(page)
    shoot(page, "dispatch")


def test_citizen_reads_the_public_board_on_a_phone(browser, live_server, demo_reports):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"{live_server.url}/public/")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_one_main(page)
        assert_fits(page)
        assert_cjk_rendered(page)
        shoot(page, "public-home")

        # keyboard: the first Tab reaches the skip link, which moves focus to the content
        page.keyboard.press("Tab")
        expect(page.locator(".skip-link")).to_be_focused()
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"

        page.get_by_role("link", name=re.compile("关于办好2024年")).first.click()
        expect(page).to_have_url(re.compile(r"/public/plans/\d+/$"))
        progress = page.locator("progress, [role=progressbar]")
        expect(progress.first).to_be_visible()
        expect(page.locator("main")).to_contain_text(re.compile("绿|黄|橙|红|蓝"))  # colour has its word
        assert_fits(page)
        shoot(page, "public-plan")

        page.get_by_role("link", name=re.compile("独居老人")).first.click()
        expect(page).to_have_url(re.compile(r"/public/projects/\d+/$"))
        expect(page.locator("main")).to_contain_text("8200")
        assert_fits(page)
        shoot(page, "public-project")

        page.set_viewport_size(DESKTOP)
        page.goto(f"{live_server.url}/public/")
        shoot(page, "public-home")
    finally:
        context.close()


def test_a_commitment_across_years_and_its_county_parts(page, demo_reports):
    from minsheng.plans.models import Project

    linked = (
        Project.objects.filter(plan__region__name="济宁市", plan__year=2024)
        .exclude(lineage=None)
        .order_by("order")
        .first()
    )
    assert linked is not None, "the demo links some 2024 city projects to their 2023 commitment"
    page.set_viewport_size(DESKTOP)
    page.goto(f"{page.base_url}/commitments/{linked.pk}/")
    expect(page.locator("main")).to_contain_text("2023")
    expect(page.locator("main")).to_contain_text("2024")
    assert_one_main(page)
    shoot(page, "commitment")
    page.set_viewport_size(PHONE)
    page.reload()
    assert_fits(page)
    shoot(page, "commitment")
