"""Every version of a report is kept and shown as what changed from the one before."""

from django.test import override_settings

from minsheng.reporting.reports.versions import Change, changes
from tests.conftest import project
from tests.forms import form_data


def test_changes_between_snapshots():
    before = {
        "state": "draft",
        "narrative": "开工",
        "problems": [],
        "values": {"7": ["100.0000", ""]},
        "funds_paid": "12.50",
    }
    after = {
        "state": "submitted",
        "narrative": "开工",
        "problems": ["用地未落实"],
        "values": {"7": ["150.0000", "含续建"], "8": ["3", ""]},
        "funds_paid": "12.5",
    }
    found = changes(before, after, {"7": "新增托位", "8": "新建食堂"})
    assert found == [
        Change("状态", "草稿", "已提交"),
        Change("存在问题", "", "用地未落实"),
        Change("新增托位", "100", "150"),
        Change("新增托位（说明）", "", "含续建"),
        Change("新建食堂", "", "3"),
    ]  # 12.50 and 12.5 万元 are the same amount


def test_first_version_lists_what_was_filled():
    found = changes(None, {"state": "draft", "narrative": "已启动", "values": {}}, {})
    assert [c.label for c in found] == ["状态", "进展情况"]


def test_detail_page_shows_the_diff(client_for):
    p = project("济宁市", 2024, "1")
    reporter = client_for("minzheng")
    indicator = p.indicators.get()
    url = f"/projects/{p.pk}/report/"
    with override_settings(MINSHENG_TODAY="2024-07-15"):
        for value, text in (("1100", "完成评估。"), ("1180", "完成评估和施工招标。")):
            data = form_data(reporter.get(url + "2024-07/").content.decode())
            data.update({f"v-{indicator.pk}": value, "narrative": text, "save": "1"})
            response = reporter.post(url + "2024-07/", data)
            assert response.status_code == 302
        page = reporter.get(response["Location"]).content.decode()
    assert "版本与修改记录（2）" in page
    assert "<del>1100</del>" in page and "<ins>1180</ins>" in page
    assert "<del>完成评估。</del>" in page
