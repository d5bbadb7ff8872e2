"""The public board's cache: a second request is a cache hit (fewer queries); approving a report, an
edit of what the board shows or a new day shows at once; a logged-in user's name never reaches the
cached part."""

import datetime

from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from minsheng.dashboard.cache import key, normalise
from minsheng.plans.board import touch
from minsheng.plans.models import Category, Indicator, Milestone, Plan, Project
from minsheng.reporting.reports import workflow
from tests.conftest import plan, project
from tests.test_public_board import approved, fresh, photo  # noqa: F401  (fresh: the demo day, a media folder)


def queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def stamp(p) -> datetime.datetime | None:
    return Plan.objects.get(pk=p.pk).board_changed_at


def test_second_request_hits_the_cache(client_for):
    p = plan("济宁市", 2024)
    client = client_for(None)
    for url in [
        "/public/",
        f"/public/plans/{p.pk}/",
        f"/public/plans/{p.pk}.csv",
        f"/public/plans/{p.pk}.json",
        f"/public/projects/{project('济宁市', 2024, '1').pk}/",
    ]:
        cache.clear()
        first, body = queries(client, url)
        second, again = queries(client, url)
        assert second < first and second <= 2 and again == body, url


def test_approving_a_report_shows_at_once(client_for, users, settings):
    settings.MINSHENG_TODAY = "2024-07-31"  # the July report counts from the end of July
    p, item = plan("济宁市", 2024), project("济宁市", 2024, "1")
    client = client_for(None)
    url = f"/public/plans/{p.pk}/"
    _, before = queries(client, url)
    assert '<progress value="0" max="100"' in before.split(f'/public/projects/{item.pk}/"')[1]
    reporter, head = users["minzheng"], users["minzheng_head"]
    report = workflow.save_report(
        item, "2024-07", {"values": [{"indicator": item.indicators.get().pk, "value": "1100"}]}, reporter
    )
    workflow.submit(report, reporter)
    workflow.approve(report, head)
    assert queries(client, url)[1] == before  # awaiting the office: nothing public changed, still cached
    workflow.approve(report, users["office"])  # approved: the stamp moves
    _, after = queries(client, url)
    assert '<progress value="55" max="100"' in after.split(f'/public/projects/{item.pk}/"')[1]
    assert "2024-07-31" in after
    csv_body = client.get(f"/public/plans/{p.pk}.csv").content.decode("utf-8-sig")
    assert ",55," in csv_body.splitlines()[1]


def test_without_touch_the_cache_is_served(client_for):
    p, item = plan("济宁市", 2024), project("济宁市", 2024, "1")
    client = client_for(None)
    url = f"/public/projects/{item.pk}/"
    first, before = queries(client, url)
    stamp = Plan.objects.get(pk=p.pk).board_changed_at
    approved(item, values={item.indicators.get(): "1100"}, touching=False)
    Plan.objects.filter(pk=p.pk).update(board_changed_at=stamp)  # as if written behind the app's back
    second, cached_body = queries(client, url)
    assert cached_body == before and second < first
    touch(p.pk)  # what approving does
    assert "已完成 1100 / 目标 2000 户" in queries(client, url)[1]


def test_edits_touch_the_plan(client_for):
    p, item = plan("济宁市", 2024), project("济宁市", 2024, "1")
    edits = [
        lambda: Project.objects.get(pk=item.pk).save(),
        lambda: Category.objects.filter(plan=p).first().save(),
        lambda: Indicator.objects.filter(project=item).first().save(),
        lambda: Milestone.objects.create(project=item, title="节点", due_date=datetime.date(2024, 9, 1)),
        lambda: item.unit_roles.first().save(),
        lambda: item.unit_roles.first().unit.save(),
        lambda: Plan.objects.get(pk=p.pk).save(),
    ]
    for edit in edits:
        Plan.objects.filter(pk=p.pk).update(board_changed_at=None)
        edit()
        assert stamp(p) is not None
    Plan.objects.filter(pk=p.pk).update(board_changed_at=None)
    Milestone.objects.filter(project=item).delete()
    assert stamp(p) is not None
    Plan.objects.filter(pk=p.pk).update(board_changed_at=None)
    item.lineage.add(project("济宁市", 2024, "2"))
    assert stamp(p) is not None


def test_photos_touch_only_when_public_changes(client_for):
    p, item = plan("济宁市", 2024), project("济宁市", 2024, "1")
    report = approved(item, touching=False)
    Plan.objects.filter(pk=p.pk).update(board_changed_at=None)
    private = photo(report, public=False)
    assert stamp(p) is None  # a private upload changes nothing public
    private.is_public = True
    private.save()
    assert stamp(p) is not None
    Plan.objects.filter(pk=p.pk).update(board_changed_at=None)
    again = type(private).objects.get(pk=private.pk)
    again.is_public = False
    again.save()  # withdrawn: the board must drop it
    assert stamp(p) is not None


def test_a_new_day_is_a_new_key_and_the_query_is_normalised(client_for):
    parts = ("plan", 1, (), False, None)
    with override_settings(MINSHENG_TODAY="2024-07-15"):
        today_key = key(*parts)
    with override_settings(MINSHENG_TODAY="2024-07-16"):
        assert key(*parts) != today_key
    from django.http import QueryDict

    assert normalise(QueryDict("z=1&q=%20老人%20&colour=red&page="), ("q", "colour", "category")) == (
        ("q", "老人"),
        ("colour", "red"),
    )
    assert len(normalise(QueryDict("q=" + "长" * 500), ("q",))[0][1]) == 100


def test_an_office_visit_does_not_leave_its_name_in_the_cache(client_for, users):
    p, item = plan("济宁市", 2024), project("济宁市", 2024, "1")
    name = users["office"].get_full_name() or users["office"].username
    for url in ["/public/", f"/public/plans/{p.pk}/", f"/public/projects/{item.pk}/", "/public/?q=老人"]:
        office = client_for("office").get(url).content.decode()
        assert name in office and "退出" in office
        anonymous = client_for(None).get(url).content.decode()
        assert (
            name not in anonymous
            and "退出" not in anonymous
            and 'name="csrfmiddlewaretoken"' not in anonymous
        )
