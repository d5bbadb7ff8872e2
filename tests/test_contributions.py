"""Co-units' contributions: a co-unit records its share; the lead unit sees it in the report form and
takes it over into its draft; the rule of taking over is a plain function."""

from decimal import Decimal

import pytest
from django.test import override_settings

from minsheng.core.models import Unit
from minsheng.plans.models import ProjectUnit
from minsheng.reporting.contributions.workflow import Share, merge
from minsheng.reporting.models import Contribution, Report
from tests.conftest import project
from tests.forms import form_data


def test_merge_fills_only_empty_values_and_appends_narratives_once():
    shares = [
        Share("市教育局", 1, Decimal("30"), ""),
        Share("市卫生健康委", 1, Decimal("12.5"), ""),
        Share("市教育局", 2, Decimal("4"), ""),
        Share("市教育局", None, None, "完成校园食堂改造3处。"),
    ]
    values, narrative = merge({1: None, 2: Decimal("9")}, "牵头单位已完成评估。", shares)
    assert values == {1: Decimal("42.5"), 2: Decimal("9")}  # the lead unit's own value is kept
    assert narrative == "牵头单位已完成评估。\n【市教育局】完成校园食堂改造3处。"
    again = merge(values, narrative, shares)[1]
    assert again == narrative  # taking over twice does not repeat the narrative


def test_merge_without_shares_changes_nothing():
    assert merge({1: Decimal("5")}, "", []) == ({1: Decimal("5")}, "")


@pytest.fixture
def co_project(db):
    p = project("济宁市", 2024, "1")
    ProjectUnit.objects.create(
        project=p, unit=Unit.objects.get(name="市教育局", region__name="济宁市"), role="co", order=9
    )
    with override_settings(MINSHENG_TODAY="2024-07-15"):
        yield p


def test_co_unit_contributes_and_lead_unit_takes_over(co_project, client_for):
    p, indicator = co_project, co_project.indicators.get()
    co = client_for("jiaoyu")
    assert "报送协办情况" in co.get(f"/projects/{p.pk}/").content.decode()
    page = co.get(f"/projects/{p.pk}/contribute/")
    assert page.status_code == 200 and "2024年7月协办情况" in page.content.decode()
    assert '<ul><li><a href="/my/">我的项目</a></li>' in page.content.decode()  # where a co-unit comes from
    data = form_data(page.content.decode())
    data.update({f"v-{indicator.pk}": "-3", "narrative": "协助入户评估。"})
    refused = co.post(f"/projects/{p.pk}/contribute/", data)
    assert refused.status_code == 422 and "不小于 0" in refused.content.decode()
    assert not Contribution.objects.exists()
    data[f"v-{indicator.pk}"] = "1200"
    assert co.post(f"/projects/{p.pk}/contribute/", data).status_code == 302

    lead = client_for("minzheng")
    form = lead.get(f"/projects/{p.pk}/report/").content.decode()
    assert "协办单位报送（2 条）" in form and "市教育局" in form
    data = form_data(form)
    data["take_over"] = "1"
    merged = lead.post(f"/projects/{p.pk}/report/", data).content.decode()
    assert 'value="1200"' in merged and "【市教育局】协助入户评估。" in merged
    assert not Report.objects.filter(project=p, period="2024-07").exists()  # shown for review, not saved
    data = form_data(merged)
    data["save"] = "1"
    assert lead.post(f"/projects/{p.pk}/report/", data).status_code == 302
    report = Report.objects.get(project=p, period="2024-07")
    assert report.values.get().value == 1200 and "协助入户评估" in report.narrative
    assert all(c.taken_over for c in Contribution.objects.filter(project=p))
    assert "已被他人修改" not in merged


def test_only_co_units_may_contribute(co_project, client_for):
    for user in ("minzheng", "weijian", "outsider", "office"):
        assert client_for(user).get(f"/projects/{co_project.pk}/contribute/").status_code == 404, user
    assert client_for("jiaoyu").get(f"/projects/{co_project.pk}/contribute/2024-13/").status_code == 404
