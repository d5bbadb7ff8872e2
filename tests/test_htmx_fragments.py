"""Every listing that answers htmx with a fragment: the fragment has no <html> shell, the page has, and
both say `Vary: HX-Request` (so neither a cache nor the browser serves the fragment as the page)."""

import pytest
from django.utils import timezone

from minsheng.core.models import Region
from minsheng.notifications.models import Notification
from minsheng.plans.models import Allocation
from tests.conftest import plan, project

HX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def demo_clock(settings):
    settings.MINSHENG_TODAY = "2024-07-15"


def _city():
    return plan("济宁市", 2024).pk


def _cascade_project():
    city = project("济宁市", 2024, "3").indicators.get()
    weishan = project("微山县", 2024, "4.2").indicators.get()
    Allocation.objects.create(
        indicator=city, region=Region.objects.get(name="微山县"), value=10, child_indicator=weishan
    )
    return project("济宁市", 2024, "3").pk


# (name, user, url made inside the test database)
LISTINGS = [
    ("plan list", "office", lambda: "/?q=济宁"),
    ("watchlist", "office", lambda: "/watchlist/"),
    ("problems", "office", lambda: "/problems/"),
    ("plan problems", "office", lambda: f"/plans/{_city()}/problems/?state=open"),
    ("dashboard", "office", lambda: "/dashboard/?year=2024"),
    ("dispatch", "office", lambda: "/dashboard/dispatch/"),
    ("plan ledger", "office", lambda: f"/plans/{_city()}/ledger/"),
    ("ledger import", "office", lambda: f"/plans/{_city()}/ledger/import/"),
    ("compliance", "office", lambda: "/compliance/"),
    ("plan compliance", "office", lambda: f"/plans/{_city()}/compliance/"),
    ("proposals queue", "office", lambda: "/proposals/"),
    ("cascade", "office", lambda: f"/projects/{_cascade_project()}/cascade/"),
    ("notice upload", "office", lambda: "/notices/"),
    ("public board", None, lambda: "/public/?q=老人"),
    ("public plan", None, lambda: f"/public/plans/{_city()}/"),
]


def _vary(response) -> set[str]:
    return {v.strip().lower() for v in response.get("Vary", "").split(",")}


@pytest.mark.parametrize("user,make_url", [(u, m) for _, u, m in LISTINGS], ids=[n for n, _, _ in LISTINGS])
def test_the_fragment_has_no_page_shell_and_both_vary_on_htmx(client_for, user, make_url):
    url = make_url()
    client = client_for(user)
    page, fragment = client.get(url), client.get(url, headers=HX)
    assert page.status_code == fragment.status_code == 200, url
    assert "<html" in page.content.decode(), url
    assert "<html" not in fragment.content.decode(), url
    assert fragment.content.strip(), url
    assert "hx-request" in _vary(page) and "hx-request" in _vary(fragment), url


def test_marking_a_notification_read_varies_on_htmx(client_for, users):
    note = Notification.objects.create(
        key="test:htmx",
        stage="remind",
        channel="app",
        recipient=users["office"],
        title="通知",
        body="正文",
        link="/my/",
        state="sent",
        sent_at=timezone.now(),
    )
    client = client_for("office")
    fragment = client.post(f"/notifications/{note.pk}/read/", headers=HX)
    plain = client.post(f"/notifications/{note.pk}/read/")
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
    assert plain.status_code == 302
    assert "hx-request" in _vary(fragment) and "hx-request" in _vary(plain)


def test_an_htmx_redirect_tells_htmx_to_load_the_page(rf):
    from django_htmx.middleware import HtmxMiddleware

    from minsheng.core.htmx import go_to

    request = rf.post("/", headers=HX)
    HtmxMiddleware(lambda r: None)(request)
    response = go_to(request, "/plans/1/")
    assert response.status_code == 204 and response["HX-Redirect"] == "/plans/1/"
    assert "Location" not in response and "hx-request" in _vary(response)
    plain = rf.post("/")
    HtmxMiddleware(lambda r: None)(plain)
    assert go_to(plain, "/plans/1/")["Location"] == "/plans/1/"
