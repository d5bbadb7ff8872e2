"""`minsheng backup` and `minsheng restore`: one .tar holding the database copy (database.py), every
media file under media/ (read through the storage: local disk or object storage), the installation's stored secret key when it has one, and manifest.json
(manifest.py) with each member's SHA-256 and the row counts of the copy.

A backup is written to a `.partial` file renamed when complete. A restore reads the whole archive and
checks every member against the manifest before it writes anything; then it replaces the database (all
or nothing), checks its row counts against the manifest, writes the media files, and migrates the
database to this release (a backup of an older release is upgraded on restore)."""

import io
import os
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from minsheng.core import datadir, media
from minsheng.reporting.calendar.rules import SHANGHAI
from minsheng.site.backup import database
from minsheng.site.backup.manifest import (
    NAME,
    BackupError,
    Manifest,
    archive_name,
    count_differences,
    sha256_of,
    verify,
)
from minsheng.site.models import Heartbeat

MEDIA = "media/"
SECRET = "secret_key"
Say = Callable[[str], None]


def release() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("minsheng")
    except PackageNotFoundError:
        return "unknown"


def _add(tar: tarfile.TarFile, manifest: Manifest, member: str, path: Path) -> None:
    with path.open("rb") as stream:
        digest, size = sha256_of(stream)
    manifest.add(member, digest, size)
    tar.add(path, arcname=member, recursive=False)


def _add_media(tar: tarfile.TarFile, manifest: Manifest, name: str, work: Path) -> None:
    """One media file, read through the storage (local disk or object storage) into a scratch copy, so
    its digest and size are known before it enters the archive."""
    copy = work / "media-file"
    with default_storage.open(name, "rb") as source, copy.open("wb") as out:
        while chunk := source.read(1024 * 1024):
            out.write(chunk)
    _add(tar, manifest, MEDIA + name, copy)
    copy.unlink()


def storage_label() -> str:
    options = settings.STORAGES["default"].get("OPTIONS", {})
    bucket = options.get("bucket_name")
    return f"对象存储 {bucket}" if bucket else f"本地目录 {settings.MEDIA_ROOT}"


def _secret_file() -> Path | None:
    path = datadir.data_dir() / datadir.KEY_FILE
    return path if not os.environ.get("SECRET_KEY") and path.exists() else None


def backup(folder: Path, say: Say = print) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    moment = timezone.now().astimezone(SHANGHAI)  # the real time: a backup is named by when it was made
    target = folder / archive_name(moment)
    partial = target.with_name(target.name + ".partial")
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / "database"
        say("正在复制数据库（一致快照）…")
        counts, migrations = database.dump(copy)
        manifest = Manifest(
            database.vendor(), moment.isoformat(timespec="seconds"), release(), counts, migrations
        )
        with tarfile.open(partial, "w") as tar:
            _add(tar, manifest, manifest.database_file, copy)
            files = [n for n in media.names() if not n.startswith(media.PROBE_FOLDER + "/")]
            say(f"正在打包媒体文件 {len(files)} 个（{storage_label()}）…")
            for name in files:
                _add_media(tar, manifest, name, Path(work))
            if (secret := _secret_file()) is not None:
                _add(tar, manifest, SECRET, secret)
            raw = manifest.dumps()
            info = tarfile.TarInfo(NAME)
            info.size, info.mtime = len(raw), int(moment.timestamp())
            tar.addfile(info, io.BytesIO(raw))
    os.replace(partial, target)
    rows = sum(counts.values())
    say(f"备份完成：{target}（{len(counts)} 张表 {rows} 行，媒体文件 {len(files)} 个）")
    return target


def unreadable(error: Exception) -> str:
    """Why a file could not be read, in Chinese (the system's own words are English)."""
    for kind, words in (
        (FileNotFoundError, "文件不存在"),
        (IsADirectoryError, "这是文件夹，不是备份文件"),
        (PermissionError, "没有读取权限"),
        (tarfile.TarError, "不是 minsheng 的备份文件（.tar），或文件已损坏"),
    ):
        if isinstance(error, kind):
            return words
    return "读取出错"


@contextmanager
def opened(path: Path) -> Iterator[tuple[Manifest, tarfile.TarFile]]:
    """The archive, open, with its manifest, once every member has been checked against it."""
    try:
        tar = tarfile.open(path, "r:")  # noqa: SIM115 (closed by the with below; opening may fail)
    except (OSError, tarfile.TarError) as e:
        raise BackupError(f"无法读取备份文件 {path}：{unreadable(e)}。") from None
    with tar:
        found, manifest = {}, None
        try:
            for info in tar:
                if not info.isfile():
                    raise BackupError(f"备份中有非普通文件：{info.name}")
                stream = tar.extractfile(info)
                if info.name == NAME:
                    manifest = Manifest.loads(stream.read())
                else:
                    found[info.name] = sha256_of(stream)
        except (OSError, tarfile.TarError, EOFError) as e:
            raise BackupError(f"备份文件已损坏：{e}") from None
        if manifest is None:
            raise BackupError(f"备份中没有清单 {NAME}：不是 minsheng 的备份，或已损坏。")
        if problems := verify(manifest, found):
            raise BackupError("备份校验未通过，未做任何恢复：\n" + "\n".join(problems))
        yield manifest, tar


def restore(path: Path, replace: bool = False, say: Say = print) -> Manifest:
    with opened(path) as (manifest, tar), tempfile.TemporaryDirectory() as work:
        say(f"备份校验通过：{manifest.created} · {manifest.vendor} · 文件 {len(manifest.files)} 个")
        if manifest.vendor != database.vendor():
            raise BackupError(
                f"备份来自 {manifest.vendor}，当前数据库是 {database.vendor()}：请用同类数据库恢复。"
            )
        database.refuse_if_in_use(replace)  # before saying it restores: a refusal comes first
        tar.extract(manifest.database_file, work, filter="data")
        say("正在恢复数据库…")
        database.restore(Path(work) / manifest.database_file, replace)
        if differences := count_differences(manifest.counts, database.current_counts()):
            raise BackupError("恢复后的行数与备份清单不符：\n" + "\n".join(differences))
        # the heartbeats were the old installation's processes: this one's tick and worker must show
        # themselves before /healthz says they run
        Heartbeat.objects.all().delete()
        members = [m for m in manifest.files if m.startswith(MEDIA)]
        say(f"正在恢复媒体文件 {len(members)} 个（{storage_label()}）…")
        for member in members:
            with tar.extractfile(member) as source:
                try:
                    media.put_exact(member[len(MEDIA) :], source)
                except media.MediaError as e:
                    raise BackupError(str(e)) from None
        if SECRET in manifest.files and not os.environ.get("SECRET_KEY"):
            # the installation's key comes back with its data (a fresh folder's new key means nothing
            # yet), so signed links, sessions and the follow codes keep working
            key = datadir.data_dir() / datadir.KEY_FILE
            key.parent.mkdir(parents=True, exist_ok=True)
            key.write_bytes(tar.extractfile(SECRET).read())
            key.chmod(0o600)
    say("正在迁移数据库到当前版本…")
    call_command("migrate", interactive=False, verbosity=0)
    say(f"恢复完成：{sum(manifest.counts.values())} 行，媒体文件 {len(members)} 个。")
    return manifest
