"""/api/v1/docs is served from minsheng's own assets (swagger-ui-dist from the npm registry, built into
static/vendor): no CDN, nothing outside the site, and every file it references is served."""

import re
from urllib.parse import urlsplit

URL = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")


def test_the_docs_page_loads_swagger_ui_from_the_site(client_for):
    response = client_for(None).get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"(?:https?:)?//[a-z0-9]", html, re.I), "an outside address in the docs page"
    assert "<script>" not in html  # no inline script: the site's policy allows scripts from itself only
    referenced = URL.findall(html)
    assert {"/static/vendor/swagger-ui-bundle.js", "/static/vendor/swagger-ui.css"} <= set(referenced)
    for url in referenced:
        assert not urlsplit(url).netloc
        served = client_for(None).get(url)
        assert served.status_code == 200, url
        assert b"".join(served.streaming_content if served.streaming else [served.content])
    settings = re.search(r'<script id="swagger-settings" type="application/json">(.*?)</script>', html, re.S)
    assert '"url": "/api/v1/openapi.json"' in settings.group(1)
    assert '"validatorUrl": null' in settings.group(1)


def test_a_signed_in_user_gets_the_csrf_token_for_trying_writes(client_for):
    html = client_for("office").get("/api/v1/docs").content.decode()
    assert re.search(r'data-csrf-token="[A-Za-z0-9]{32,}"', html)
    assert 'data-csrf-token=""' in client_for(None).get("/api/v1/docs").content.decode()
