"""The office's audit log (/office/audit/) reads the audit scope each app declares in its `audit_scope.py`
(accounts/audit.py collects them). Every model of the project's apps — any of them can be audited: the
Django admin writes an event for whatever it lists, and the workflows call log_action on their records —
and every model audited in the full demo is either scoped or left out with a reason, so a new model
that nobody scoped fails here. A follow is read by the office of its project's or its proposal's region;
the page is one query and its count one more, whatever the number of kinds; the kinds read in Chinese."""

import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minsheng.accounts import audit
from minsheng.core.models import AuditEvent, Region
from minsheng.participation.follows import workflow as follows
from minsheng.participation.models import Proposal

pytestmark = pytest.mark.django_db


def _chinese(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text)) and not re.search(r"[A-Za-z]", text)


def _classified() -> tuple[set[str], dict[str, str]]:
    return set(audit.kinds()), audit.declarations()[1]


def test_every_model_of_the_apps_is_scoped_or_says_why_not():
    scoped, unscoped = _classified()
    models = {m._meta.label_lower for m in apps.get_models() if m.__module__.startswith("minsheng.")}
    assert len(models) > 40
    missing = sorted(models - scoped - set(unscoped))
    assert not missing, (
        f"add these to SCOPED or UNSCOPED (with the reason) of their app's audit_scope.py: {missing}"
    )
    assert not scoped & set(unscoped)
    assert all(len(why) > 10 for why in unscoped.values())
    for label in [*scoped, *unscoped]:
        apps.get_model(label)  # a declared name is a model of its app
    for label, within in audit.declarations()[0].items():  # every lookup leads to a region path
        str(apps.get_model(label).objects.filter(audit._within(within, ("/1/",))).query)


def test_every_model_audited_in_the_full_demo_is_scoped_or_says_why_not(full_demo, users):
    scoped, unscoped = _classified()
    audited = set(AuditEvent.objects.values_list("model", flat=True).distinct())
    assert len(audited) > 10
    assert not sorted(audited - scoped - set(unscoped))
    # Every demo record lies under 济宁市: its office reads the events of every scoped kind audited.
    seen = set(AuditEvent.objects.filter(audit.scope(users["office"])).values_list("model", flat=True))
    assert seen == audited & scoped


def test_a_follow_is_read_by_the_office_of_its_projects_or_its_proposals_region(full_demo, users):
    city_proposal = Proposal.objects.filter(region__name="济宁市").first()
    county_proposal = Proposal.objects.get(pk=city_proposal.pk)
    county_proposal.pk, county_proposal.receipt = None, "AUDITSCOPE01"
    county_proposal.region = Region.objects.get(name="微山县")
    county_proposal.save()
    of_city = follows.start(None, city_proposal, "", "", "c1")
    of_county = follows.start(None, county_proposal, "", "", "c2")

    def reads(user) -> set[str]:
        events = AuditEvent.objects.filter(audit.scope(user), model="participation.follow")
        return set(events.values_list("object_id", flat=True))

    assert {str(of_city.pk), str(of_county.pk)} <= reads(users["office"])
    assert str(of_county.pk) in reads(users["weishan"]) and str(of_city.pk) not in reads(users["weishan"])


@pytest.mark.parametrize("query", ["", "?kind=participation.follow", "?kind=auth.user&action=create"])
def test_the_page_is_one_query_and_its_count_one_more(full_demo, client_for, query):
    office = client_for("office")
    with CaptureQueriesContext(connection) as queries:
        page = office.get(f"/office/audit/{query}")
    assert page.status_code == 200 and page.context["page"].object_list
    assert len([q for q in queries if "core_auditevent" in q["sql"]]) == 2


def test_the_kinds_read_in_chinese(full_demo, client_for):
    html = client_for("office").get("/office/audit/").content.decode()
    select = html[html.index('<select name="kind">') :]
    select = select[: select.index("</select>")]
    options = dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select))
    assert set(options) == {"", *audit.kinds()}
    assert "participation.follow" in options and "notices.noticeimport" in options
    assert all(_chinese(label) for label in options.values()), options
