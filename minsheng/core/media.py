"""The media storage as a whole, the same on local disk and on S3-compatible object storage (settings'
STORAGES["default"]): every stored name, a file written back under its exact name, and a probe that
writes, reads and deletes one small file, for /healthz; a stored file opened or written with a failing
storage turned into MediaUnavailable (503, in Chinese). Django's storage API only: no path on disk."""

import contextlib
import logging
import secrets
from collections.abc import Iterator
from typing import IO

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db.models.fields.files import FieldFile
from django.http import Http404

PROBE_FOLDER = "healthz"
logger = logging.getLogger(__name__)


class MediaError(Exception):
    """A media file that could not be written under its own name; the message is in Chinese."""


class MediaUnavailable(Exception):
    """The media storage could not be reached or refused (an object store that is down, a key it no
    longer accepts, a full or lost disk): 503 with a Chinese page, never a 500 (core.middleware). Not a
    DomainError: nothing the user did is refused, the server cannot do it now."""

    status = 503
    message = "文件存储暂时不可用，文件未能读写，请稍后再试；如一直如此，请联系系统管理员。"
    messages = [message]

    def __init__(self):
        super().__init__(self.message)


def opened(field: FieldFile) -> File:
    """A stored file, open for reading: Http404 when it is gone, MediaUnavailable when the storage fails."""
    try:
        return field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    except Exception as e:  # botocore's and the disk's errors alike: the storage failed, not the request
        logger.warning("media storage failed reading %s: %s", field.name, e)
        raise MediaUnavailable() from e


def written(field: FieldFile, name: str, data: bytes) -> None:
    """Save bytes into a file field (the record is saved by the caller); MediaUnavailable when the
    storage fails, with nothing left behind."""
    try:
        field.save(name, ContentFile(data), save=False)
    except Exception as e:  # noqa: BLE001 — any failure of the storage
        logger.warning("media storage failed writing %s: %s", name, e)
        raise MediaUnavailable() from e


def names(storage: Storage | None = None, folder: str = "") -> Iterator[str]:
    """Every file's name in the storage, folder by folder in sorted order (on object storage, a listing
    of the bucket under the configured prefix)."""
    storage = storage or default_storage
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a MEDIA_ROOT not made yet holds nothing
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from names(storage, f"{folder}/{sub}" if folder else sub)


def put_exact(name: str, stream: IO[bytes], storage: Storage | None = None) -> None:
    """Write the stream as `name`, replacing a file of that name: a restore puts every file back where
    its record points, never beside it under another name."""
    storage = storage or default_storage
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, File(stream, name=name.rsplit("/", 1)[-1]))
    if saved != name:
        storage.delete(saved)
        raise MediaError(f"媒体文件 {name} 未能按原名写入（存储改名为 {saved}）。")


def probe(storage: Storage | None = None) -> bool:
    """A real round trip: a small file written, read back and deleted. False when any step fails or
    reads back something else (a full disk, a read-only mount, an unreachable or refusing store)."""
    storage = storage or default_storage
    value = secrets.token_hex(8).encode()
    name = None
    try:
        name = storage.save(f"{PROBE_FOLDER}/{secrets.token_hex(6)}.txt", ContentFile(value))
        with storage.open(name, "rb") as stored:
            found = stored.read()
        return found == value
    except Exception:  # noqa: BLE001 — any failure of the storage is what the probe reports
        return False
    finally:
        if name is not None:
            with contextlib.suppress(Exception):  # the verdict is made; a leftover probe file is harmless
                storage.delete(name)
