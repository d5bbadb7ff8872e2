"""The office opens the watchlist, issues a 督办单, the unit answers, the office closes it, generates
the June 2024 bulletin, publishes it and downloads the .docx, which holds the progress table."""

import re

from django.test import override_settings
from docx import Document
from playwright.sync_api import expect

from e2e.conftest import login


def test_watchlist_notice_answer_and_june_bulletin(page, worker, tmp_path):
    from minsheng.plans.models import Project
    from minsheng.site.demo_reports import load_demo_reports
    from minsheng.supervision.models import SupervisionOrder

    load_demo_reports()
    project = Project.objects.get(plan__region__name="济宁市", plan__year=2024, seq="1")
    with override_settings(MINSHENG_TODAY="2024-07-15", MEDIA_ROOT=str(tmp_path)):
        login(page, "office")
        page.get_by_role("link", name="督办", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("重点关注清单")
        row = page.locator(f"#project-{project.pk}")
        expect(row).to_contain_text(project.name[:10])
        row.get_by_role("button", name="督办单").click()
        page.get_by_label("督办事由").fill("入户改造进度低于序时进度，群众反映施工队伍不足。")
        page.get_by_label("整改要求").fill("7月底前增派施工队伍，按周报送改造户数。")
        page.get_by_label("回复时限").fill("2024-07-25")
        page.get_by_role("button", name="下发督办单").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("督〔2024〕1号")
        order_url = page.url
        page.get_by_role("button", name="退出").click()

        login(page, "minzheng")
        page.goto(order_url)
        page.get_by_label("回复内容").fill("已从各县区调配施工队伍3支，7月底前完成1300户。")
        page.get_by_role("button", name="提交回复").click()
        expect(page.locator("main")).to_contain_text("已从各县区调配施工队伍3支")
        page.get_by_role("button", name="退出").click()

        login(page, "office")
        page.goto(order_url)
        page.get_by_role("button", name="办结").click()
        expect(page.locator("main")).to_contain_text("已办结")
        assert SupervisionOrder.objects.get(project=project, kind="notice").state == "closed"

        page.goto(f"{page.base_url}{project.plan.get_absolute_url()}")
        page.get_by_role("button", name="月度通报").click()
        expect(page.locator("input[name=month]")).to_have_value("2024-06")  # the month before the day
        page.get_by_role("button", name=re.compile(r"生成\s*6\s*月通报")).click()
        page.wait_for_url(re.compile(r"/bulletins/\d+/edit/$"))  # the draft opens for editing
        page.get_by_label("期号").fill("第6期")
        page.get_by_role("button", name="保存并发布").click()
        expect(page.locator("#publishing progress")).to_be_visible()  # the worker renders Word and PDF
        expect(page.locator(".bulletin-meta .badge")).to_have_text(
            "已发布", timeout=90000
        )  # PDF by LibreOffice; the page reloads itself once the worker is done
        with page.expect_download() as download:
            page.get_by_role("button", name="下载 Word").click()
        document = Document(str(download.value.path()))
        table = document.tables[-1]
        assert len(table.rows) == 1 + project.plan.projects.count()
        assert any(project.name[:10] in cell.text for cell in table.rows[1].cells)
