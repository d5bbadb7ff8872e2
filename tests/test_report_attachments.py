"""Attachments: what a file really is decides whether it is taken (not its name); photos keep their
EXIF time and get an upright thumbnail; a refused upload leaves no report and no file; only those who
may see the report may fetch its files."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from minsheng.reporting.attachments import files as attachments
from minsheng.reporting.models import Attachment, Report
from tests.conftest import project
from tests.forms import form_data


def jpeg(size=(1200, 800), taken="2024:07:10 09:30:00", offset=None, orientation=None) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    if taken:
        exif.get_ifd(attachments.EXIF_IFD)[attachments.DATETIME_ORIGINAL] = taken
        if offset:
            exif.get_ifd(attachments.EXIF_IFD)[attachments.OFFSET_TIME_ORIGINAL] = offset
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (50, 40), (0, 0, 255, 128)).save(out, "PNG")
    return out.getvalue()


def pdf() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (100, 100), "white").save(out, "PDF")
    return out.getvalue()


def docx() -> bytes:
    from docx import Document

    out = io.BytesIO()
    document = Document()
    document.add_paragraph("验收报告")
    document.save(out)
    return out.getvalue()


def test_photo_keeps_its_time_and_gets_a_thumbnail():
    checked = attachments.inspect(jpeg(), "现场.JPG")
    assert checked.kind == "photo" and checked.extension == ".jpg" and checked.content_type == "image/jpeg"
    assert checked.taken_at == datetime.datetime(2024, 7, 10, 9, 30, tzinfo=attachments.SHANGHAI)
    thumb = Image.open(io.BytesIO(checked.thumbnail))
    assert thumb.format == "JPEG" and max(thumb.size) <= 480 and thumb.size == (480, 320)
    assert not thumb.getexif()  # no camera data (place, device) travels with the thumbnail


def test_exif_offset_and_orientation():
    checked = attachments.inspect(jpeg(offset="+00:00", orientation=6), "a.jpeg")
    assert checked.taken_at == datetime.datetime(2024, 7, 10, 17, 30, tzinfo=attachments.SHANGHAI)
    thumb = Image.open(io.BytesIO(checked.thumbnail))
    assert thumb.size == (320, 480)  # turned upright as the camera said


def test_photo_without_exif_or_with_nonsense_time():
    assert attachments.inspect(jpeg(taken=None), "a.jpg").taken_at is None
    assert attachments.inspect(jpeg(taken="0000:00:00 00:00:00"), "a.jpg").taken_at is None
    assert attachments.inspect(png(), "图.png").thumbnail  # transparency flattened on white


def test_documents_by_content():
    assert attachments.inspect(pdf(), "方案.pdf").content_type == "application/pdf"
    checked = attachments.inspect(docx(), "验收.docx")
    assert checked.kind == "document" and checked.extension == ".docx" and checked.thumbnail is None


@pytest.mark.parametrize(
    "data, name, message",
    [
        (png(), "现场.jpg", "内容却是 PNG 图片"),
        (docx(), "照片.jpg", "内容却是Word 文档"),
        (pdf(), "表.xlsx", "内容却是PDF 文件"),
        (b"#!/bin/sh\nrm -rf /\n", "photo.jpg", "不是可识别的照片或文档"),
        (jpeg()[:400], "broken.jpg", "已损坏"),
        (b"", "empty.jpg", "空文件"),
        (b"PK\x03\x04broken", "a.docx", "无法作为附件"),
    ],
)
def test_refusals(data, name, message):
    with pytest.raises(attachments.AttachmentRefused) as refused:
        attachments.inspect(data, name)
    assert message in str(refused.value)


def test_oversized_file_is_refused_before_reading():
    with pytest.raises(attachments.AttachmentRefused, match="20 MB"):
        attachments.inspect(b"x" * (attachments.MAX_ATTACHMENT_BYTES + 1), "big.pdf")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with override_settings(MINSHENG_TODAY="2024-07-15"):
        yield tmp_path


def _post(client, p, files, **extra):
    url = f"/projects/{p.pk}/report/"
    data = form_data(client.get(url).content.decode())
    indicator = p.indicators.get()
    data.update({f"v-{indicator.pk}": "1100", "narrative": "入户评估完成。", "save": "1", **extra})
    data["attachments"] = files
    return client.post(url, data)


def test_upload_with_the_report_and_fetch(media, client_for):
    p = project("济宁市", 2024, "1")
    reporter = client_for("minzheng")
    response = _post(
        reporter, p, [SimpleUploadedFile("现场照片.jpg", jpeg()), SimpleUploadedFile("方案.pdf", pdf())]
    )
    assert response.status_code == 302
    report = Report.objects.get(project=p, period="2024-07")
    photo, document = report.attachments.order_by("kind")  # document < photo
    photo, document = (photo, document) if photo.kind == "photo" else (document, photo)
    assert photo.taken_at is not None and photo.thumbnail
    assert not any(part in photo.file.name for part in ("现场", ".."))  # the stored name is ours
    page = reporter.get(f"/reports/{report.pk}/").content.decode()
    assert "现场照片.jpg" in page and "拍摄于 2024-07-10 09:30" in page
    assert sorted(report.versions.last().content["attachments"]) == ["方案.pdf", "现场照片.jpg"]

    thumb = reporter.get(f"/attachments/{photo.pk}/thumbnail/")
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    full = client_for("office").get(f"/attachments/{document.pk}/")
    assert full.status_code == 200 and b"".join(full.streaming_content).startswith(b"%PDF-")
    assert client_for("outsider").get(f"/attachments/{photo.pk}/").status_code == 404  # a draft: not theirs
    assert client_for("minzheng").get("/attachments/999999/").status_code == 404
    listed = reporter.get(f"/api/v1/projects/{p.pk}/reports").json()
    july = next(r for r in listed if r["period"] == "2024-07")
    assert {a["name"] for a in july["attachments"]} == {"现场照片.jpg", "方案.pdf"}
    assert f"/attachments/{photo.pk}/" in {a["url"] for a in july["attachments"]}


def test_a_refused_file_leaves_nothing(media, client_for):
    p = project("济宁市", 2024, "1")
    files = [SimpleUploadedFile("好.jpg", jpeg()), SimpleUploadedFile("假.jpg", docx())]
    response = _post(client_for("minzheng"), p, files)
    assert response.status_code == 422 and "内容却是Word 文档" in response.content.decode()
    assert not Report.objects.filter(project=p, period="2024-07").exists() and not Attachment.objects.exists()
    assert not any(path.is_file() for path in media.rglob("*"))


def test_removing_an_attachment_removes_its_file(media, client_for, django_capture_on_commit_callbacks):
    p = project("济宁市", 2024, "1")
    reporter = client_for("minzheng")
    _post(reporter, p, [SimpleUploadedFile("a.jpg", jpeg())])
    attachment = Attachment.objects.get()
    stored = media / attachment.file.name
    assert stored.is_file()
    url = f"/projects/{p.pk}/report/2024-07/"
    data = form_data(reporter.get(url).content.decode())
    data.update({"remove": str(attachment.pk), "save": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        assert reporter.post(url, data).status_code == 302
    assert not Attachment.objects.exists() and not stored.exists()
    assert Report.objects.get(project=p, period="2024-07").versions.last().content["attachments"] == []
