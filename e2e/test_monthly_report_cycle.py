"""A reporter fills the July report with a site photo and submits; the office returns it; the reporter
fixes the value and resubmits; the office approves; the office's ledger shows the new value."""

import io

from django.test import override_settings
from PIL import Image
from playwright.sync_api import expect

from e2e.conftest import login


def site_photo(path):
    image = Image.new("RGB", (1600, 1200), (90, 140, 60))
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = "2024:07:12 10:15:00"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    path.write_bytes(buffer.getvalue())
    return path


def logout(page):
    page.get_by_role("button", name="退出").click()


def test_monthly_report_returned_fixed_and_approved(page, tmp_path):
    from minsheng.plans.models import Project

    project = Project.objects.get(plan__region__name="济宁市", plan__year=2024, seq="17")
    centres, clinics = project.indicators.order_by("pk")
    with override_settings(MINSHENG_TODAY="2024-07-15"):
        login(page, "weijian")
        page.goto(f"{page.base_url}/projects/{project.pk}/")
        page.get_by_role("button", name="填报本月进度").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("2024年7月进度报告")
        page.get_by_label(f"累计完成：{centres.text}").fill("6")
        page.get_by_label(f"累计完成：{clinics.text}").fill("55")
        page.get_by_label("进展情况").fill("已确定10所次中心选址，6所完成改造。")
        page.get_by_label("存在问题（每行一条，将列入问题清单）").fill("部分村卫生室用地手续未办结")
        page.get_by_label("上传附件").set_input_files(str(site_photo(tmp_path / "卫生室现场.jpg")))
        page.get_by_role("button", name="提交").click()
        expect(page.locator("p.message")).to_contain_text("报告已提交")
        expect(page.locator(".attachment-list")).to_contain_text("拍摄于 2024-07-12 10:15")
        expect(page.locator(".attachment-list img")).to_have_count(1)
        report_url = page.url
        logout(page)

        login(page, "office")
        page.goto(report_url)
        page.get_by_label("退回意见（退回时必填）").fill("中心村卫生室数量与县区上报不一致，请核实。")
        page.get_by_role("button", name="退回").click()
        expect(page.locator(".badge").first).to_have_text("已退回")
        logout(page)

        login(page, "weijian")
        page.get_by_role("link", name="报送").click()
        page.get_by_role("link", name="2024-07").first.click()
        expect(page.locator("p.message.error")).to_contain_text("请核实")
        page.get_by_role("button", name="修改并提交").click()
        page.get_by_label(f"累计完成：{clinics.text}").fill("62")
        page.get_by_role("button", name="提交").click()
        expect(page.locator("p.message")).to_contain_text("报告已提交")
        expect(page.locator("details.history")).to_contain_text("版本与修改记录")
        logout(page)

        login(page, "office")
        page.goto(report_url)
        page.locator("details.history summary").click()
        fix = page.locator("table.diff tr", has_text=clinics.text[:10])
        expect(fix.locator("del").first).to_have_text("55")
        expect(fix.locator("ins").first).to_have_text("62")
        page.get_by_role("button", name="审核通过").click()
        expect(page.locator(".badge").first).to_have_text("已审核")

        page.goto(f"{page.base_url}/plans/{project.plan_id}/ledger/")
        row = page.locator(f"#project-{project.pk}")
        expect(row).to_contain_text("62")
        expect(row).to_contain_text("部分村卫生室用地手续未办结")
