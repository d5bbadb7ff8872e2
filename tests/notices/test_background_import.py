"""A large upload is read by the background worker (django-tasks' database backend, run by the real
`db_worker` command): the page shows the progress, polls, and reloads into the review; a file the worker
cannot read shows its reason; a job run twice or an import discarded meanwhile writes nothing twice."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from minsheng.core.models import AuditEvent, Region
from minsheng.notices.background import read_stored
from minsheng.notices.models import ImportState, NoticeImport
from tests.notices.test_import_views import NOTICE

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def large(settings):
    settings.IMPORT_INLINE_BYTES = 100  # every test upload counts as large


def _upload(client, data: bytes, name: str):
    region = Region.objects.get(name="微山县").pk
    return client.post("/notices/", {"file": SimpleUploadedFile(name, data), "region": region})


def test_a_large_upload_is_read_by_the_worker_while_the_page_shows_progress(client_for, large, worker):
    client = client_for("weishan")
    response = _upload(client, NOTICE.encode(), "微山县通知.txt")
    notice = NoticeImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/notices/{notice.pk}/"
    assert notice.state == ImportState.READING and notice.draft == {}
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # queued with the import, same commit

    page = client.get(response["Location"]).content.decode()
    assert "正在识别" in page and "<progress" in page and 'hx-trigger="every 1s"' in page
    poll = client.get(f"/notices/{notice.pk}/?waiting=1", **HTMX)
    assert poll.status_code == 200 and 'id="reading"' in poll.content.decode()
    assert "HX-Refresh" not in poll and "<html" not in poll.content.decode()

    worker()
    notice.refresh_from_db()
    assert notice.state == ImportState.REVIEWING and len(notice.draft["projects"]) == 2
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    poll = client.get(f"/notices/{notice.pk}/?waiting=1", **HTMX)
    assert poll["HX-Refresh"] == "true"  # the page reloads into the review
    review = client.get(f"/notices/{notice.pk}/").content.decode()
    assert "审核导入" in review and "建设老年人食堂" in review and "改造农村公路" in review

    events = AuditEvent.objects.filter(model="notices.noticeimport", object_id=str(notice.pk)).order_by("pk")
    assert [(e.action, e.via) for e in events] == [("create", "web"), ("state", "worker")]
    assert events[1].changes["状态"] == ["识别中", "待审核"] and events[1].changes["项目数"] == [None, 2]


def test_a_file_the_worker_cannot_read_shows_its_reason_and_can_be_discarded(client_for, large, worker):
    client = client_for("weishan")
    _upload(client, b"PK\x03\x04" + b"\x00" * 300, "项目表.docx")
    notice = NoticeImport.objects.get()
    worker()
    notice.refresh_from_db()
    assert notice.state == ImportState.FAILED and "压缩包已损坏" in notice.error
    page = client.get(f"/notices/{notice.pk}/").content.decode()
    assert "未能识别该文件" in page and "压缩包已损坏" in page and "重新上传" in page
    assert client.get(f"/notices/{notice.pk}/?waiting=1", **HTMX)["HX-Refresh"] == "true"

    assert client.post(f"/notices/{notice.pk}/discard/").status_code == 302
    notice.refresh_from_db()
    assert notice.state == ImportState.DISCARDED
    assert client.post(f"/notices/{notice.pk}/discard/").status_code == 403  # once only


def test_a_job_run_twice_or_after_a_discard_writes_nothing_more(client_for, large, worker):
    client = client_for("weishan")
    _upload(client, NOTICE.encode(), "微山县通知.txt")
    notice = NoticeImport.objects.get()
    worker()
    assert read_stored(notice.pk) == "gone"  # a second run of the same job
    assert AuditEvent.objects.filter(action="state", object_id=str(notice.pk)).count() == 1

    _upload(client, NOTICE.replace("10处", "12处").encode(), "微山县通知（二）.txt")
    second = NoticeImport.objects.get(state=ImportState.READING)
    client.post(f"/notices/{second.pk}/discard/")  # given up before the worker took it
    worker()
    second.refresh_from_db()
    assert second.state == ImportState.DISCARDED and second.draft == {}


def test_small_uploads_are_still_read_at_once(client_for):
    response = _upload(client_for("weishan"), NOTICE.encode(), "微山县通知.txt")
    assert response.status_code == 302
    assert NoticeImport.objects.get().state == ImportState.REVIEWING
    assert not DBTaskResult.objects.exists()


def test_a_stalled_reading_says_so(client_for, large):
    from datetime import timedelta

    client = client_for("weishan")
    _upload(client, NOTICE.encode(), "微山县通知.txt")
    notice = NoticeImport.objects.get()
    NoticeImport.objects.filter(pk=notice.pk).update(uploaded_at=notice.uploaded_at - timedelta(minutes=11))
    page = client.get(f"/notices/{notice.pk}/").content.decode()
    assert 'id="reading-stalled"' in page and "minsheng db_worker" in page
