"""The API documentation renders in the browser from minsheng's own assets, under the site's
Content-Security-Policy, and asks nothing of any other host."""

from urllib.parse import urlsplit


def test_swagger_ui_renders_without_any_outside_request(page):
    requested, errors = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{page.base_url}/api/v1/docs")
    page.get_by_text("/api/v1/plans/{plan_id}/compliance").first.wait_for()
    assert page.get_by_text("minsheng 民生实事督办平台 API").first.is_visible()
    site = urlsplit(page.base_url).netloc
    assert {urlsplit(url).netloc for url in requested if not url.startswith("data:")} == {site}
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e]
