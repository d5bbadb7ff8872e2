"""Commit asks first where the office may be wrong: another region's notice, a second plan of the year,
projects without a lead unit. The review page says what holds now (not what the importer found), why
a row is to be checked, and after commit or discard only what was done."""

import re
from pathlib import Path

from minsheng.core.models import AuditEvent
from minsheng.notices.models import ImportState, NoticeImport
from minsheng.plans.models import Plan
from tests.notices.test_review_checks import _notice, _review, _upload

YUANJIANG = _notice(issuer="沅江市人民政府", doc="沅政发〔{year}〕7号")


def _commit(client, notice, data=None):
    return client.post(f"/notices/{notice.pk}/commit/", data or {})


def _ticks(html: str) -> dict[str, str]:
    """The confirmations the commit form offers, ticked as the office would."""
    form = re.search(r'<form[^>]*id="commit".*?</form>', html, re.S).group(0)
    return dict(re.findall(r'<input type="checkbox" name="(confirm_\w+)" value="([^"]*)"', form))


def _events(notice):
    return AuditEvent.objects.filter(model="notices.noticeimport", object_id=str(notice.pk))


def _refused(client, notice, data, *said):
    plans, events = Plan.objects.count(), _events(notice).count()
    response = _commit(client, notice, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "未入库：" in page and all(s in page for s in said), page
    assert Plan.objects.count() == plans and _events(notice).count() == events  # nothing written
    notice.refresh_from_db()
    assert notice.state == ImportState.REVIEWING
    return page


# 1. What commit asks


def test_another_regions_notice_is_committed_only_once_confirmed(client_for):
    client = client_for("office")
    notice = _upload(client, YUANJIANG)
    html = _review(client, notice)
    assert "我已核对：这是沅江市的通知，仍导入到济宁市" in html
    ticks = _ticks(html)
    assert list(ticks) == ["confirm_region"]
    page = _refused(client, notice, {}, "文件中写明的地区是“沅江市”，与所选地区“济宁市”不一致")
    assert 'class="needs-tick"' in page  # the box to tick is marked

    response = _commit(client, notice, ticks)
    plan = Plan.objects.get(year=2026, doc_number="沅政发〔2026〕7号")
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    event = _events(notice).latest("pk")
    assert event.changes["状态"] == ["待审核", "已入库"]
    assert event.changes["入库前确认"] == [None, "我已核对：这是沅江市的通知，仍导入到济宁市"]


def test_a_confirmation_given_for_another_state_does_not_count(client_for):
    client = client_for("office")
    notice = _upload(client, YUANJIANG)
    _refused(client, notice, {"confirm_region": "on"}, "沅江市")
    _refused(client, notice, {"confirm_region": f"{notice.region_id}:微山县"}, "沅江市")


def test_a_second_plan_of_the_year_is_committed_only_once_confirmed(client_for):
    client = client_for("office")
    notice = _upload(client, _notice(year=2025))  # tests start with 济宁市2025年民生实事（草案）
    html = _review(client, notice)
    assert "已有同年度计划" in html and "仍要新建同年度的第二个计划" in html
    _refused(client, notice, {}, "济宁市已有2025年度计划《济宁市2025年民生实事（草案）》")
    _commit(client, notice, _ticks(html))
    assert Plan.objects.filter(region__name="济宁市", year=2025).count() == 2


def test_projects_without_a_lead_unit_are_committed_only_once_confirmed(client_for):
    client = client_for("office")
    notice = _upload(client, _notice())
    notice.draft["projects"][1]["lead_units"] = []
    notice.save(update_fields=["draft"])
    html = _review(client, notice)
    assert "1 个项目缺少牵头单位（第 2 项）" in html and "暂不填写牵头单位，入库后在计划中补充" in html
    _refused(client, notice, {}, "1 个项目缺少牵头单位（第 2 项）")
    _commit(client, notice, _ticks(html))
    plan = Plan.objects.get(year=2026, doc_number="济政发〔2026〕7号")
    assert not plan.projects.get(seq="2").unit_roles.filter(role="lead").exists()


def test_a_notice_without_doubts_commits_at_once(client_for):
    client = client_for("office")
    notice = _upload(client, _notice())
    assert _ticks(_review(client, notice)) == {}
    assert _commit(client, notice).status_code == 302
    assert Plan.objects.filter(year=2026, doc_number="济政发〔2026〕7号").exists()


def test_all_doubts_at_once_need_all_their_ticks(client_for):
    client = client_for("office")
    notice = _upload(client, _notice(issuer="沅江市人民政府", doc="沅政发〔{year}〕7号", year=2025))
    ticks = _ticks(_review(client, notice))
    assert set(ticks) == {"confirm_region", "confirm_same_year"}
    page = _refused(client, notice, {"confirm_region": ticks["confirm_region"]}, "已有2025年度计划")
    assert "文件中写明的地区是“沅江市”，与所选地区“济宁市”不一致；" not in page  # only what is missing
    assert _commit(client, notice, ticks).status_code == 302


# 2. Units of another region's notice are read in the chosen region's registry


def test_units_matched_in_the_chosen_region_are_shown_when_regions_differ(client_for):
    client = client_for("office")
    html = _review(client, _upload(client, YUANJIANG))
    assert "单位按所选地区“济宁市”的登记簿匹配：" in html and "市民政局 → 济宁市民政局" in html
    assert "单位按所选地区" not in _review(client, _upload(client, _notice(year=2027)))


# 3 and 4. What is said is what holds now


def test_metadata_warnings_follow_the_current_values(client_for):
    client = client_for("office")
    notice = _upload(client, _notice())
    notice.draft["plan"]["title"] = ""
    notice.draft["warnings"].append("未识别到计划标题，请在审核时补充。")
    notice.save(update_fields=["draft"])
    assert "未识别到计划标题" in _review(client, notice)
    meta = {k: v or "" for k, v in notice.draft["plan"].items() if k != "region"}
    client.post(f"/notices/{notice.pk}/meta/", {**meta, "title": "关于办好2026年民生实事的通知"})
    html = _review(client, notice)
    assert "未识别到计划标题" not in html and "未识别到计划年度" not in html


def test_a_lead_unit_filled_in_clears_the_importers_warning(client_for):
    client = client_for("office")
    notice = _upload(client, _notice())
    notice.draft["warnings"].append("项目 1 未识别到牵头单位")
    notice.save(update_fields=["draft"])
    assert "未识别到牵头单位" not in _review(client, notice)  # project 1 has one now


def test_commit_names_exactly_what_is_missing(client_for):
    client = client_for("office")
    notice = _upload(client, _notice())
    notice.draft["plan"]["year"] = None
    notice.save(update_fields=["draft"])
    assert _commit(client, notice).status_code == 302
    text = _review(client, notice)
    assert "请先在“计划信息”中填写年度，再入库。" in text and "计划标题和" not in text
    assert not Plan.objects.filter(doc_number="济政发〔2026〕7号").exists()


def test_after_commit_the_page_only_says_what_was_done(client_for):
    client = client_for("office")
    notice = _upload(client, _notice(rows=[("建设老年人食堂", "新建老年人食堂10处。", "市新设中心", "")]))
    assert "入库时将新建" in _review(client, notice)
    _commit(client, notice)
    plan = Plan.objects.get(doc_number="济政发〔2026〕7号")
    html = _review(client, notice)
    assert f'已入库为计划<a href="{plan.get_absolute_url()}">《{plan.title}》</a>' in html
    assert "入库时将新建" not in html and "确认入库" not in html and "需要核对" not in html


def test_after_discard_the_page_says_so_and_offers_nothing(client_for):
    client = client_for("office")
    notice = _upload(client, YUANJIANG)
    html = _review(client, notice)
    assert "确定放弃本次导入" in html and "<details" in html  # 放弃 asks first
    assert client.post(f"/notices/{notice.pk}/discard/").status_code == 302
    assert _events(notice).latest("pk").changes["状态"] == ["待审核", "已放弃"]
    html = _review(client, notice)
    assert "已放弃本次导入" in html
    assert "请放弃本次导入" not in html and "入库时将新建" not in html and "确认入库" not in html
    assert NoticeImport.objects.get(pk=notice.pk).state == ImportState.DISCARDED


# 5. Why a row is to be checked


def test_a_doubtful_row_says_why_under_its_name(client_for):
    client = client_for("office")
    notice = _upload(client, _notice())
    notice.draft["projects"][0]["lead_units"] = []
    notice.draft["projects"][0]["warnings"] = ["该项目的目标可能不完整"]
    notice.save(update_fields=["draft"])
    row = client.get(f"/notices/{notice.pk}/projects/0/").content.decode()
    assert '<small class="row-reasons">需要核对：该项目的目标可能不完整；缺少牵头单位</small>' in row
    assert "row-reasons" not in client.get(f"/notices/{notice.pk}/projects/1/").content.decode()


# 7. Breadcrumbs


def test_breadcrumb_items_do_not_break_inside():
    css = (Path(__file__).parents[2] / "minsheng/static/minsheng/site.css").read_text()
    assert 'nav[aria-label="breadcrumb"] li { white-space: nowrap; }' in css
