"""On a phone a list's long filter form folds behind 筛选 ({% filterfold %}, minsheng/fold.js), so the first
row of the watchlist is on the first screen; filtering through htmx keeps the fold open and counts the
filters chosen. On a desktop the form shows as before."""

from django.test import override_settings
from playwright.sync_api import expect

from e2e.conftest import login

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def test_watchlist_filters_fold_on_a_phone(page):
    with override_settings(MINSHENG_TODAY="2024-07-15"):
        page.set_viewport_size(PHONE)
        login(page, "office")
        page.goto(f"{page.base_url}/watchlist/")
        summary = page.locator("details.filter-fold > summary")
        region = page.get_by_label("地区")
        expect(summary).to_have_text("筛选")
        expect(region).to_be_hidden()  # folded
        first = page.locator("table.watchlist tbody tr").first
        expect(first).to_be_visible()
        assert first.bounding_box()["y"] < PHONE["height"], "the first row is below the first screen"

        summary.click()
        region.select_option(label="微山县")  # htmx swaps the list and the form with it
        expect(summary).to_have_text("筛选（已选 1 项）")
        expect(region).to_be_visible()  # the fold stays open while filtering
        expect(page.locator("table.watchlist tbody tr").first).to_contain_text("微山县")
        assert "region=" in page.url

        page.set_viewport_size(DESKTOP)
        page.reload()
        expect(region).to_be_visible()
        expect(summary).to_be_hidden()
