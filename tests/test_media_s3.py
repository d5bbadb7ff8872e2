"""Media on S3-compatible object storage (MEDIA_S3_*), against a real SeaweedFS server started for the
module (tests/s3server.py): a clerk's photo, a large notice the worker reads, a published bulletin all
live in the bucket and are served back through the views that check who may see them; removing an
attachment removes its object; /healthz writes and reads the bucket and fails on a refused key;
`minsheng backup` carries the bucket's files and `minsheng restore` puts them into another bucket.
The environment's rules are plain functions, tested directly."""

import secrets

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from minsheng.core import objectstore
from minsheng.notices.models import ImportState, NoticeImport
from minsheng.reporting.models import Attachment, Report
from minsheng.supervision.bulletins.publishing import request_publication
from tests import test_backup
from tests.conftest import project
from tests.forms import form_data
from tests.notices.test_background_import import _upload
from tests.notices.test_import_views import NOTICE
from tests.s3server import ObjectStore
from tests.test_bulletin_pages import FAKE_PDF, draft, fake_pdf  # noqa: F401 — fixture
from tests.test_report_attachments import _post, jpeg, pdf

PREFIX = "jining"


@pytest.fixture(scope="module")
def store():
    with ObjectStore() as running:
        yield running


@pytest.fixture
def bucket(store, settings):
    """A new bucket of the store as the site's media storage, under a folder of its own."""
    name = store.make_bucket(f"media-{secrets.token_hex(4)}")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": objectstore.storage_from_env(store.env(name, MEDIA_S3_PREFIX=PREFIX)),
    }
    settings.MINSHENG_TODAY = "2024-07-15"
    return name


def test_the_environment_picks_object_storage_and_refuses_half_a_setting():
    assert objectstore.storage_from_env({}) is None  # local disk stays the default
    picked = objectstore.storage_from_env(
        {"MEDIA_S3_BUCKET": "ms", "MEDIA_S3_ENDPOINT_URL": "https://oss.gov:9000", "MEDIA_S3_PREFIX": "/a/b/"}
    )
    options = picked["OPTIONS"]
    assert picked["BACKEND"] == "storages.backends.s3.S3Storage" and options["bucket_name"] == "ms"
    assert (options["location"], options["file_overwrite"], options["default_acl"]) == ("a/b", False, None)
    assert "access_key" not in options  # boto3's own chain
    assert options["client_config"].s3 == {"addressing_style": "path"}
    assert options["client_config"].request_checksum_calculation == "when_required"
    with pytest.raises(objectstore.ObjectStoreSettingError, match="须同时设置"):
        objectstore.storage_from_env({"MEDIA_S3_BUCKET": "ms", "MEDIA_S3_ACCESS_KEY_ID": "k"})
    with pytest.raises(objectstore.ObjectStoreSettingError, match="path 或 virtual"):
        objectstore.storage_from_env({"MEDIA_S3_BUCKET": "ms", "MEDIA_S3_ADDRESSING": "dns"})
    with pytest.raises(objectstore.ObjectStoreSettingError, match="http:// 或 https://"):
        objectstore.storage_from_env({"MEDIA_S3_BUCKET": "ms", "MEDIA_S3_ENDPOINT_URL": "oss.gov:9000"})


def test_a_settings_error_stops_the_start_with_a_chinese_message(tmp_path):
    done = test_backup.minsheng(
        f"sqlite:///{tmp_path / 'db.sqlite3'}",
        tmp_path,
        "check",
        check=False,
        MEDIA_S3_BUCKET="ms",
        MEDIA_S3_SECRET_ACCESS_KEY="only-half",
    )
    assert (
        done.returncode != 0
        and "MEDIA_S3_ACCESS_KEY_ID 与 MEDIA_S3_SECRET_ACCESS_KEY 须同时设置" in done.stderr
    )


def test_a_clerks_photo_lives_in_the_bucket_and_comes_back_through_the_report(store, bucket, client_for):
    p = project("济宁市", 2024, "1")
    reporter = client_for("minzheng")
    photo_bytes = jpeg()
    files = [SimpleUploadedFile("现场照片.jpg", photo_bytes), SimpleUploadedFile("方案.pdf", pdf())]
    assert _post(reporter, p, files).status_code == 302
    report = Report.objects.get(project=p, period="2024-07")
    photo = report.attachments.get(kind="photo")
    document = report.attachments.get(kind="document")
    stored = store.objects(bucket)
    assert stored[f"{PREFIX}/{photo.file.name}"] == photo_bytes  # the bytes, under the record's name
    assert f"{PREFIX}/{photo.thumbnail.name}" in stored and f"{PREFIX}/{document.file.name}" in stored
    assert len(stored) == 3

    full = reporter.get(f"/attachments/{photo.pk}/")
    assert full.status_code == 200 and b"".join(full.streaming_content) == photo_bytes
    thumb = client_for("office").get(f"/attachments/{photo.pk}/thumbnail/")
    assert b"".join(thumb.streaming_content) == stored[f"{PREFIX}/{photo.thumbnail.name}"]
    assert client_for("outsider").get(f"/attachments/{photo.pk}/").status_code == 404


def test_removing_an_attachment_removes_its_object(
    store, bucket, client_for, django_capture_on_commit_callbacks
):
    p = project("济宁市", 2024, "1")
    reporter = client_for("minzheng")
    _post(reporter, p, [SimpleUploadedFile("a.jpg", jpeg())])
    attachment = Attachment.objects.get()
    assert len(store.objects(bucket)) == 2  # the photo and its thumbnail
    url = f"/projects/{p.pk}/report/2024-07/"
    data = form_data(reporter.get(url).content.decode())
    data.update({"remove": str(attachment.pk), "save": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        assert reporter.post(url, data).status_code == 302
    assert store.objects(bucket) == {}


def test_a_large_notice_is_kept_in_the_bucket_and_read_by_the_worker(
    store, bucket, client_for, settings, worker
):
    settings.IMPORT_INLINE_BYTES = 100
    client = client_for("weishan")
    assert _upload(client, NOTICE.encode(), "微山县通知.txt").status_code == 302
    notice = NoticeImport.objects.get()
    assert store.objects(bucket)[f"{PREFIX}/{notice.file.name}"] == NOTICE.encode()
    worker()  # the worker opens the object, not a path on the web node's disk
    notice.refresh_from_db()
    assert notice.state == ImportState.REVIEWING and len(notice.draft["projects"]) == 2


def test_a_published_bulletin_is_kept_in_the_bucket(store, bucket, users, client_for, fake_pdf, worker):  # noqa: F811
    item = draft(users)
    request_publication(item, users["office"])
    worker()
    item.refresh_from_db()
    stored = store.objects(bucket)
    assert (
        stored[f"{PREFIX}/{item.docx.name}"].startswith(b"PK")
        and stored[f"{PREFIX}/{item.pdf.name}"] == FAKE_PDF
    )
    got = client_for("office").get(reverse("bulletins:download", args=[item.pk, "pdf"]))
    assert got.status_code == 200 and b"".join(got.streaming_content) == FAKE_PDF


def test_healthz_writes_and_reads_the_bucket_and_fails_on_a_refused_key(store, bucket, client_for, settings):
    answer = client_for(None).get("/healthz")
    assert answer.status_code == 200 and answer.json()["media"] == "ok"
    assert store.objects(bucket) == {}  # the probe's object is gone again
    settings.STORAGES = {
        **settings.STORAGES,
        "default": objectstore.storage_from_env(store.env(bucket, MEDIA_S3_SECRET_ACCESS_KEY="wrong")),
    }
    answer = client_for(None).get("/healthz")
    assert (
        answer.status_code == 503 and answer.json()["media"] == "down" and answer.json()["database"] == "ok"
    )


def test_a_refusing_store_keeps_the_clerks_form_and_answers_503_for_files(
    store, bucket, client_for, settings
):
    p = project("济宁市", 2024, "1")
    reporter = client_for("minzheng")
    assert _post(reporter, p, [SimpleUploadedFile("a.jpg", jpeg())]).status_code == 302
    photo = Attachment.objects.get()
    settings.STORAGES = {  # the store now refuses the key (or is down): every read and write fails
        **settings.STORAGES,
        "default": objectstore.storage_from_env(store.env(bucket, MEDIA_S3_SECRET_ACCESS_KEY="wrong")),
    }
    url = f"/projects/{p.pk}/report/2024-07/"
    data = form_data(reporter.get(url).content.decode())
    data.update(
        {"narrative": "第二次填写的说明。", "save": "1", "attachments": [SimpleUploadedFile("b.jpg", jpeg())]}
    )
    answer = reporter.post(url, data)
    page = answer.content.decode()
    assert answer.status_code == 422 and "文件存储暂时不可用" in page and "第二次填写的说明。" in page
    report = Report.objects.get(project=p, period="2024-07")
    assert report.version == 1 and report.attachments.count() == 1  # nothing half-written
    for path in (f"/attachments/{photo.pk}/", f"/attachments/{photo.pk}/thumbnail/"):
        answer = reporter.get(path)
        assert answer.status_code == 503 and "文件存储暂时不可用" in answer.content.decode()


def test_backup_carries_the_bucket_and_restore_fills_another(store, tmp_path):
    source, target = test_backup._database_urls(tmp_path)
    old, new = (
        store.make_bucket(f"old-{secrets.token_hex(3)}"),
        store.make_bucket(f"new-{secrets.token_hex(3)}"),
    )
    data, fresh = tmp_path / "source-data", tmp_path / "restored-data"

    def run(url, folder, bucket, *args, check=True):
        return test_backup.minsheng(
            url, folder, *args, check=check, **store.env(bucket, MEDIA_S3_PREFIX=PREFIX)
        )

    run(source, data, old, "migrate", "--noinput", "-v0")
    run(source, data, old, "demo")
    run(source, data, old, "shell", "-c", test_backup.ATTACH)
    assert not (data / "media").exists()  # nothing on the node's disk
    before = test_backup.state(source, data, **store.env(old, MEDIA_S3_PREFIX=PREFIX))
    assert before["files"]
    done = run(source, data, old, "backup", "--output", str(tmp_path / "out"))
    assert f"对象存储 {old}" in done.stdout and "备份完成" in done.stdout
    [archive] = (tmp_path / "out").glob("minsheng-backup-*.tar")

    done = run(target, fresh, new, "restore", str(archive))
    assert "恢复完成" in done.stdout
    after = test_backup.state(target, fresh, **store.env(new, MEDIA_S3_PREFIX=PREFIX))
    assert after == before  # every table, plan, report, audit event, and each file's bytes by its name
    assert sorted(store.objects(new)) == sorted(store.objects(old))
