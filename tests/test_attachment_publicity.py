"""The office of a plan marks a report's photo public (设为公开) or withdraws it (取消公开) from the report
page: recorded in the audit trail, the public board changes at once; nobody else may."""

import pytest

from minsheng.core.models import AuditEvent
from minsheng.plans.models import Plan
from tests.conftest import plan, project
from tests.test_public_board import approved, fresh, photo  # noqa: F401  (fresh: the demo day, a media folder)


@pytest.fixture
def report():
    item = project("济宁市", 2024, "1")
    return approved(item, values={item.indicators.get(): "1100"})


def test_the_office_marks_a_photo_public_and_withdraws_it(client_for, report):
    shot = photo(report, caption="新装的扶手", public=False)
    office = client_for("office")
    page = office.get(f"/reports/{report.pk}/").content.decode()
    assert f'action="/attachments/{shot.pk}/public/"' in page and "设为公开" in page
    public_page = f"/public/projects/{report.project_id}/"
    assert "新装的扶手" not in client_for(None).get(public_page).content.decode()
    Plan.objects.filter(pk=report.project.plan_id).update(board_changed_at=None)

    response = office.post(f"/attachments/{shot.pk}/public/", {"public": "1"})
    assert response.status_code == 302 and response["Location"] == f"/reports/{report.pk}/"
    shot.refresh_from_db()
    assert shot.is_public and Plan.objects.get(pk=report.project.plan_id).board_changed_at is not None
    event = AuditEvent.objects.get(model="reporting.attachment", object_id=str(shot.pk))
    assert event.changes == {"公开展示": ["否", "是"]} and event.actor_name
    assert "新装的扶手" in client_for(None).get(public_page).content.decode()  # shown at once
    assert client_for(None).get(f"/public/photos/{shot.pk}/").status_code == 200
    page = office.get(f"/reports/{report.pk}/").content.decode()
    assert "取消公开" in page and "公开展示" in page

    assert office.post(f"/attachments/{shot.pk}/public/", {"public": "0"}).status_code == 302
    shot.refresh_from_db()
    assert not shot.is_public
    assert "新装的扶手" not in client_for(None).get(public_page).content.decode()
    assert client_for(None).get(f"/public/photos/{shot.pk}/").status_code == 404


def test_others_may_not(client_for, report):
    shot = photo(report, public=False)
    url = f"/attachments/{shot.pk}/public/"
    assert client_for(None).post(url, {"public": "1"}).status_code == 302  # to the login page
    for name, status in [
        ("minzheng", 403),
        ("minzheng_head", 403),
        ("weishan", 404),  # another county's office does not see the city's report
        ("leader", 404),
        ("deputy", 403),
        ("outsider", 404),
    ]:  # (the outsider may not see the report)
        assert client_for(name).post(url, {"public": "1"}).status_code == status, name
    assert client_for("office").get(url).status_code == 405  # POST only
    shot.refresh_from_db()
    assert not shot.is_public and not AuditEvent.objects.filter(model="reporting.attachment").exists()
    page = client_for("minzheng").get(f"/reports/{report.pk}/").content.decode()
    assert "设为公开" not in page  # the reporter sees no button


def test_only_photos_and_only_reports_one_may_see(client_for, report):
    shot = photo(report, public=False)
    type(shot).objects.filter(pk=shot.pk).update(kind="document")
    assert client_for("office").post(f"/attachments/{shot.pk}/public/", {"public": "1"}).status_code == 404
    assert client_for("office").post("/attachments/999999/public/", {"public": "1"}).status_code == 404
    draft = type(report).objects.create(
        project=report.project,
        kind="month",
        period="2024-07",
        state="draft",
        period_start="2024-07-01",
        period_end="2024-07-31",
    )
    unseen = photo(draft, public=False)
    assert (
        client_for("outsider").post(f"/attachments/{unseen.pk}/public/", {"public": "1"}).status_code == 404
    )
    assert client_for("admin").post(f"/attachments/{unseen.pk}/public/", {"public": "1"}).status_code == 302
    assert plan("济宁市", 2024).board_changed_at is not None
