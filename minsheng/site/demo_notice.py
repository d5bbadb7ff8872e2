"""One notice left under review in the demo, as an office finds it after uploading a county's list: so
the review page, its row forms and 标出清单 are pages the role crawl reaches on the demo data. Beside
it, a large upload the background worker could not read (a file damaged in transfer), so the page of
an import 识别失败 is reached too."""

from django.contrib.auth import get_user_model

from minsheng.core.models import Region
from minsheng.notices.background import accept_upload, read_stored
from minsheng.notices.models import NoticeImport
from minsheng.notices.services import start_import

FILENAME = "任城区2026年民生实事项目（示例）.txt"
DAMAGED = "任城区2026年民生实事项目表（传输中损坏）.docx"
NOTICE = """任城区人民政府关于印发2026年民生实事项目的通知
任政发〔2026〕1号
各街道办事处，区政府各部门：
经区第十九届人民代表大会第一次会议票决，现将2026年民生实事项目印发给你们，请认真组织实施。
1.新建、改扩建公办幼儿园3所，新增学位900个。（牵头单位：区教育和体育局）
2.改造城镇老旧小区1200户。（牵头单位：区住房和城乡建设局；配合单位：各街道办事处）
3.新增公共停车泊位800个。（牵头单位：区城市管理局）
4.为1500户特殊困难老年人家庭实施适老化改造。（牵头单位：区民政局）
任城区人民政府
2026年1月20日
"""


def load_demo_notice(office_username: str = "office") -> NoticeImport | None:
    """The demo's notice under review (once: a second load finds it)."""
    region = Region.objects.filter(name="任城区").first()
    if region is None or NoticeImport.objects.filter(filename=FILENAME).exists():
        return None
    user = get_user_model().objects.filter(username=office_username).first()
    notice = start_import(NOTICE.encode("utf-8"), FILENAME, region, user)
    damaged = accept_upload(b"PK\x03\x04" + b"\x00" * 2048, DAMAGED, region, user)  # a zip cut short
    read_stored(damaged.pk)  # as the worker reads it: 识别失败, with the reason on its page
    return notice
