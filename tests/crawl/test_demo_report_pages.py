"""The demo's reports open (issue 12, item 1): most demo report versions have no author account (the
demo has reporters for a few units only), and the report page named the author of each version."""

import pytest
from django.test import override_settings

from minsheng.reporting.models import Report, ReportVersion
from tests.crawl.conftest import DEMO_TODAY


@pytest.fixture
def office(full_demo, client_for):
    with override_settings(MINSHENG_TODAY=DEMO_TODAY):
        yield client_for("office")


def test_a_version_without_an_author_shows_the_demo_as_its_author(office):
    version = ReportVersion.objects.filter(
        saved_by__isnull=True, report__project__plan__region__name="济宁市"
    ).first()
    assert version is not None  # the demo has such versions
    page = office.get(f"/reports/{version.report_id}/")
    assert page.status_code == 200
    assert "演示数据" in page.content.decode()


def test_every_kind_of_demo_report_opens_for_the_office(office):
    sample = {}
    for report in Report.objects.filter(project__plan__region__name="济宁市").order_by("pk"):
        sample.setdefault((report.kind, report.state, report.versions.filter(saved_by=None).exists()), report)
    assert len(sample) >= 4
    statuses = {key: office.get(f"/reports/{r.pk}/").status_code for key, r in sample.items()}
    assert set(statuses.values()) == {200}, statuses


def test_a_version_with_an_author_names_them(office):
    version = ReportVersion.objects.filter(saved_by__isnull=False).select_related("saved_by").first()
    page = office.get(f"/reports/{version.report_id}/").content.decode()
    assert version.saved_by.get_full_name() in page
