"""`minsheng backup` and `minsheng restore` as an operator runs them (separate processes, a database of
their own: SQLite here, PostgreSQL when the suite runs on it): the demo with an attachment on disk is
backed up, restored into a fresh database and a fresh data folder, and every table, plan, report,
attachment and audit event is found again; a damaged archive or a database in use is refused before
anything is written. The manifest's checks are plain functions, tested directly."""

import io
import json
import os
import secrets
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings

from minsheng.site.backup.manifest import BackupError, Manifest, count_differences, safe_member, verify

ROOT = Path(__file__).resolve().parent.parent
COUNTS = """
import json
from django.db import connection
from minsheng.core.models import AuditEvent
from minsheng.plans.models import Plan
from minsheng.reporting.models import Attachment, Report
with connection.cursor() as c:
    tables = sorted(connection.introspection.table_names(c))
    counts = {}
    for t in tables:
        c.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(t)}")
        counts[t] = c.fetchone()[0]
print(json.dumps({
    "counts": counts,
    "plans": sorted(Plan.objects.values_list("title", flat=True)),
    "reports": sorted(Report.objects.values_list("pk", flat=True)),
    "audit": sorted(AuditEvent.objects.values_list("pk", flat=True)),
    "files": sorted((a.file.name, a.file.read().hex()) for a in Attachment.objects.all()),
}))
"""
ATTACH = """
from django.core.files.base import ContentFile
from minsheng.reporting.models import Attachment, Report
report = Report.objects.order_by("pk").first()
Attachment.objects.create(report=report, kind="photo", token="backuptest", extension=".jpg",
                          original_name="现场.jpg", content_type="image/jpeg", size=22,
                          file=ContentFile(b"\\xff\\xd8 backup test photo", name="photo.jpg"))
"""


def manifest(**files) -> Manifest:
    found = Manifest("sqlite", "2024-07-15T09:00:00+08:00", "1", {"t": 1}, {"core": "0001"})
    for name, (digest, size) in files.items():
        found.add(name, digest, size)
    return found


def test_the_manifest_names_every_way_an_archive_can_be_wrong():
    good = manifest(**{"database.sqlite3": ("aa", 3), "media/a.jpg": ("bb", 2)})
    assert verify(good, {"database.sqlite3": ("aa", 3), "media/a.jpg": ("bb", 2)}) == []
    problems = verify(good, {"database.sqlite3": ("aa", 4), "media/x.jpg": ("cc", 1)})
    assert problems == [
        "文件已损坏（校验和不符）：database.sqlite3",
        "缺少文件：media/a.jpg",
        "清单外的文件：media/x.jpg",
    ]
    assert "清单中没有数据库文件" in verify(manifest(), {})[0]
    assert (
        not safe_member("../etc/passwd") and not safe_member("/etc/passwd") and safe_member("media/a/b.jpg")
    )
    assert Manifest.loads(good.dumps()) == good
    with pytest.raises(BackupError, match="已损坏"):
        Manifest.loads(b"{not json")
    with pytest.raises(BackupError, match="格式"):
        Manifest.loads(json.dumps({"format": 99}).encode())
    assert count_differences({"a": 1, "b": 2}, {"a": 1, "b": 3}) == ["b：应为 2 行，实为 3"]


def _database_urls(tmp_path: Path) -> tuple[str, str]:
    """A source and a target database of their own, of the suite's engine (the target not created)."""
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return (
            f"sqlite:///{tmp_path / 'source.sqlite3'}",
            f"sqlite:///{tmp_path / 'target' / 'restored.sqlite3'}",
        )
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    name = f"backup_{secrets.token_hex(4)}"
    subprocess.run(["psql", f"{base}/postgres", "-qc", f"CREATE DATABASE {name}_source"], check=True)
    return f"{base}/{name}_source", f"{base}/{name}_target"


def minsheng(
    url: str, data: Path, *args: str, check: bool = True, **extra: str
) -> subprocess.CompletedProcess:
    """`minsheng <args>` as its own process on the given database and data folder; `extra` adds
    environment variables (tests/test_media_s3.py: the MEDIA_S3_* of a bucket)."""
    env = os.environ | {
        "DATABASE_URL": url,
        "MINSHENG_DATA_DIR": str(data),
        "MEDIA_ROOT": str(data / "media"),
        "MINSHENG_TODAY": "2024-07-15",
        "DJANGO_SETTINGS_MODULE": "minsheng.settings",
    }
    env.pop("SECRET_KEY", None)
    env.update(extra)
    done = subprocess.run(
        [sys.executable, "-m", "minsheng.cli", *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if check:
        assert done.returncode == 0, done.stderr[-3000:]
    return done


def state(url: str, data: Path, **extra: str) -> dict:
    return json.loads(minsheng(url, data, "shell", "-c", COUNTS, **extra).stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory):
    """The demo with one photo on disk, backed up: (source url, source data folder, the archive, its state)."""
    tmp = tmp_path_factory.mktemp("backup")
    source, target = _database_urls(tmp)
    data = tmp / "source-data"
    minsheng(source, data, "migrate", "--noinput", "-v0")
    minsheng(source, data, "demo")
    minsheng(source, data, "shell", "-c", ATTACH)
    minsheng(source, data, "shell", "-c", "from minsheng.site.ops import heartbeat; heartbeat.beat('tick')")
    before = state(source, data)
    assert before["files"] and before["reports"] and before["audit"]
    done = minsheng(source, data, "backup", "--output", str(tmp / "out"))
    assert "备份完成" in done.stdout
    [archive] = (tmp / "out").glob("minsheng-backup-*.tar")
    return {
        "target": target,
        "tmp": tmp,
        "archive": archive,
        "before": before,
        "source": source,
        "data": data,
    }


def test_a_backup_restores_into_a_fresh_database_with_everything(backed_up):
    fresh = backed_up["tmp"] / "restored-data"
    done = minsheng(backed_up["target"], fresh, "restore", str(backed_up["archive"]))
    assert "备份校验通过" in done.stdout and "正在恢复数据库" in done.stdout and "恢复完成" in done.stdout
    after = state(backed_up["target"], fresh)
    before = backed_up["before"]
    heartbeats = "minsheng_site_heartbeat"
    assert before["counts"][heartbeats] == 1 and after["counts"][heartbeats] == 0  # the old processes' beats
    assert {**after["counts"], heartbeats: 1} == before["counts"]
    assert (after["plans"], after["reports"], after["audit"]) == (
        before["plans"],
        before["reports"],
        before["audit"],
    )
    assert after["files"] == before["files"]  # the photo's bytes, under its name
    source_key = (backed_up["data"] / "secret_key").read_text()
    assert (fresh / "secret_key").read_text() == source_key  # signed links and codes keep working
    again = minsheng(backed_up["target"], fresh, "restore", str(backed_up["archive"]), check=False)
    assert again.returncode != 0 and "已有数据" in again.stderr and "--replace" in again.stderr
    assert "正在恢复数据库" not in again.stdout  # refused before it says it restores
    assert (
        minsheng(backed_up["target"], fresh, "restore", "--replace", str(backed_up["archive"])).returncode
        == 0
    )


def test_a_damaged_archive_is_refused_before_anything_is_written(backed_up):
    tmp = backed_up["tmp"]
    damaged = tmp / "damaged.tar"
    with tarfile.open(backed_up["archive"]) as source, tarfile.open(damaged, "w") as out:
        for info in source:
            raw = source.extractfile(info).read()
            if info.name.startswith("media/"):
                raw = raw[:-1] + bytes([raw[-1] ^ 1])  # one bit flipped in the photo
            info.size = len(raw)
            out.addfile(info, io.BytesIO(raw))
    target = backed_up["target"].replace("_target", "_damaged").replace("restored.sqlite3", "damaged.sqlite3")
    done = minsheng(target, tmp / "damaged-data", "restore", str(damaged), check=False)
    assert done.returncode != 0 and "校验和不符" in done.stderr and "未做任何恢复" in done.stderr
    assert not (tmp / "damaged-data" / "media").exists()
    not_a_backup = tmp / "note.tar"
    not_a_backup.write_bytes(b"hello")
    done = minsheng(target, tmp / "damaged-data", "restore", str(not_a_backup), check=False)
    assert (
        done.returncode != 0
        and "无法读取备份文件" in done.stderr
        and "不是 minsheng 的备份文件" in done.stderr
    )
    done = minsheng(target, tmp / "damaged-data", "restore", str(tmp), check=False)
    assert "这是文件夹，不是备份文件" in done.stderr
