"""Bad uploads on the import page: each gets a Chinese message and nothing is written."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from minsheng.core.models import AuditEvent, Region
from minsheng.notices.models import NoticeImport
from minsheng.notices.writers.word import DEFAULT_LAYOUT, draft_to_docx
from minsheng.plans.models import Plan


def _post(client, upload):
    region = Region.objects.get(name="微山县").pk
    return client.post("/notices/", {"file": upload, "region": region})


def _nothing_written(plans_before: int) -> None:
    assert not NoticeImport.objects.exists()
    assert Plan.objects.count() == plans_before
    assert not AuditEvent.objects.filter(model="notices.noticeimport").exists()


def test_a_100_mb_file_is_refused_unread(client_for):
    plans = Plan.objects.count()
    big = TemporaryUploadedFile("通知.docx", "application/octet-stream", 100 * 1024 * 1024, "utf-8")
    big.file.truncate(100 * 1024 * 1024)  # a sparse file: the size is real, the disk cost is not
    big.seek(0)
    response = _post(client_for("weishan"), big)
    assert response.status_code == 400 and "文件超过 20 MB 上限" in response.content.decode()
    _nothing_written(plans)


def test_a_docx_zip_bomb_is_refused(client_for):
    plans = Plan.objects.count()
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/huge.bin", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(300):
                member.write(chunk)
    assert len(data.getvalue()) < 2 * 1024 * 1024
    response = _post(client_for("weishan"), SimpleUploadedFile("炸弹.docx", data.getvalue()))
    html = response.content.decode()
    assert response.status_code == 400 and 'class="message error"' in html
    assert "压缩" in html or "解压" in html
    _nothing_written(plans)


def test_a_wrong_extension_is_read_by_content(client_for):
    draft = {
        "plan": {"title": "关于办好2031年民生实事的通知", "year": 2031, "region": "微山县"},
        "categories": [],
        "projects": [
            {
                "seq": "1",
                "name": "新建口袋公园5处",
                "content": "新建口袋公园5处。",
                "lead_units": ["县综合行政执法局"],
                "co_units": [],
                "targets": [],
            }
        ],
    }
    response = _post(
        client_for("weishan"), SimpleUploadedFile("通知.pdf", draft_to_docx(draft, DEFAULT_LAYOUT))
    )
    assert response.status_code == 302
    notice = NoticeImport.objects.get()
    assert notice.kind == "docx" and len(notice.draft["projects"]) == 1
    assert any("扩展名" in w or ".pdf" in w for w in notice.draft["warnings"])


def test_gbk_text_is_read(client_for):
    text = "序号\t项目名称\t实施内容及工作目标\t牵头单位\n1\t建设老年食堂\t新建老年人食堂10处。\t县民政局\n"
    response = _post(client_for("weishan"), SimpleUploadedFile("通知.txt", text.encode("gbk")))
    assert response.status_code == 302
    assert NoticeImport.objects.get().draft["projects"][0]["lead_units"] == ["县民政局"]


def test_a_draft_with_names_too_long_for_their_columns_writes_nothing(db):
    from django.core.exceptions import ValidationError

    from minsheng.core.models import Region
    from minsheng.plans.commit import commit_draft
    from minsheng.plans.models import Plan

    draft = {
        "plan": {"title": "测试计划", "year": 2025, "region": "济宁市"},
        "categories": [],
        "projects": [
            {
                "seq": "1",
                "name": "项目",
                "lead_units": ["局" * 150],
                "co_units": [],
                "leaders": ["张" * 50],
                "targets": [],
            }
        ],
    }
    before = Plan.objects.count()
    with pytest.raises(ValidationError) as caught:
        commit_draft(draft, Region.objects.get(name="济宁市"))
    assert "单位名称" in str(caught.value) and "领导姓名" in str(caught.value)
    assert Plan.objects.count() == before
