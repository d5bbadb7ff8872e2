"""The city office uploads a Word notice, corrects one unit in the draft, commits, and sees the plan."""

from playwright.sync_api import expect

from e2e.conftest import login
from minsheng.notices.writers.word import DEFAULT_LAYOUT, Layout, draft_to_docx

DRAFT = {
    "plan": {
        "title": "关于办好2026年重点民生实事的通知",
        "issuer": "济宁市人民政府",
        "region": "济宁市",
        "year": 2026,
        "doc_number": "济政发〔2026〕1号",
        "issued_date": None,
        "approved_by": "市十九届人大一次会议",
    },
    "categories": ["一、养老服务方面", "二、交通出行方面"],
    "projects": [
        {
            "seq": "1",
            "category": "一、养老服务方面",
            "name": "新建老年人食堂100处",
            "summary": "",
            "content": "2026年新建老年人食堂100处，缓解老年人用餐难问题。",
            "lead_units": ["市民政局"],
            "co_units": ["市财政局", "各县市区政府（管委会）"],
            "leaders": [],
            "deadline": None,
            "targets": [],
        },
        {
            "seq": "2",
            "category": "二、交通出行方面",
            "name": "新改建农村公路500公里",
            "summary": "",
            "content": "新改建农村公路不少于500公里。",
            "lead_units": ["市交通运输局"],
            "co_units": ["市农村公路办"],
            "leaders": [],
            "deadline": None,
            "targets": [],
        },
    ],
    "warnings": [],
}


def test_office_imports_a_docx_notice(page, tmp_path):
    path = tmp_path / "济宁市2026年民生实事通知.docx"
    layout = Layout(
        **{
            **vars(DEFAULT_LAYOUT),
            "preamble": ["济宁市人民政府", "济政发〔2026〕1号", DRAFT["plan"]["title"]],
        }
    )
    path.write_bytes(draft_to_docx(DRAFT, layout))

    login(page, "office")
    page.get_by_role("link", name="导入通知").click()
    page.get_by_label("通知文件").set_input_files(str(path))
    page.get_by_role("button", name="上传并识别").click()
    expect(page.get_by_role("heading", name="审核导入")).to_be_visible()
    expect(page.locator("#row-1 .unit.unknown")).to_have_text("市农村公路办")  # flagged as unknown
    expect(page.locator("#row-1 mark.target")).to_contain_text("500公里")

    page.locator("#row-1").get_by_role("button", name="修改").click()
    page.get_by_label("协办单位").fill("市公路事业发展中心")
    page.locator("#row-1").get_by_role("button", name="保存").click()
    expect(page.locator("#row-1 .units").nth(1)).to_have_text("市公路事业发展中心")
    expect(page.locator("#row-1 .unit.unknown")).to_have_count(0)

    page.get_by_role("button", name="确认入库").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("关于办好2026年重点民生实事的通知")
    expect(page.locator("#project-2")).to_contain_text("市公路事业发展中心")
    expect(page.locator("#project-2 .target")).to_have_text("≥500公里")
    expect(page.locator(".message")).to_contain_text("已入库")


def test_a_broken_upload_shows_its_message_in_place(page, tmp_path):
    path = tmp_path / "通知.docx"
    path.write_bytes(b"PK\x03\x04 this is not a real Word file")
    login(page, "office")
    page.get_by_role("link", name="导入通知").click()
    page.get_by_label("通知文件").set_input_files(str(path))
    page.get_by_role("button", name="上传并识别").click()
    expect(page.locator("#upload .message.error")).to_contain_text("已损坏")
    expect(page.get_by_role("button", name="上传并识别")).to_be_enabled()  # ready for another try
