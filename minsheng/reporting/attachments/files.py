"""Attachments of a report: photos from the site and documents (PDF, Word, Excel).

`inspect(data, filename)` decides what an upload really is from its content — never from its name —
and refuses, with a Chinese message, a file whose content contradicts its extension, an unsupported
type, an oversized or damaged file. For a photo it reads the time it was taken (EXIF
DateTimeOriginal, with its offset when the camera wrote one, else Beijing time) and makes a small JPEG
thumbnail, upright and without EXIF. No ORM in here; `store` writes the checked file for a report."""

import contextlib
import datetime
import io
import secrets
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from PIL import Image, ImageOps, UnidentifiedImageError

from minsheng.core import media
from minsheng.core.errors import DomainError
from minsheng.notices.readers.grid import ReadError
from minsheng.notices.readers.safety import ZIP_MAGICS, check_pdf, check_zip
from minsheng.reporting.calendar.rules import SHANGHAI

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_ATTACHMENTS_PER_REPORT = 30
MAX_IMAGE_PIXELS = 60_000_000  # a 60-megapixel photo; beyond that it is a decompression bomb
THUMBNAIL_SIZE = (480, 480)

PHOTO, DOCUMENT = "photo", "document"
# Pillow format → (extensions it may carry, stored extension, content type)
IMAGE_FORMATS = {
    "JPEG": ({".jpg", ".jpeg", ".jfif"}, ".jpg", "image/jpeg"),
    "PNG": ({".png"}, ".png", "image/png"),
    "WEBP": ({".webp"}, ".webp", "image/webp"),
    "GIF": ({".gif"}, ".gif", "image/gif"),
}
DOCUMENT_KINDS = {
    "pdf": ({".pdf"}, ".pdf", "application/pdf", "PDF 文件"),
    "docx": (
        {".docx"},
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word 文档",
    ),
    "xlsx": (
        {".xlsx"},
        ".xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel 表格",
    ),
}
ACCEPT = ",".join(
    sorted({e for exts, *_ in [*IMAGE_FORMATS.values(), *DOCUMENT_KINDS.values()] for e in exts})
)
EXIF_IFD, DATETIME_ORIGINAL, OFFSET_TIME_ORIGINAL, DATETIME = 0x8769, 0x9003, 0x9011, 0x0132


class AttachmentRefused(DomainError, ValueError):
    """The upload cannot be attached; the message is for the user, in Chinese."""

    default_message = "该附件无法上传。"


@dataclass
class Checked:
    name: str  # the user's file name, for display only
    data: bytes
    kind: str  # PHOTO or DOCUMENT
    extension: str
    content_type: str
    taken_at: datetime.datetime | None = None
    thumbnail: bytes | None = None


def inspect(data: bytes, filename: str) -> Checked:
    name = PurePath((filename or "附件").replace("\\", "/")).name[:200] or "附件"
    suffix = PurePath(name).suffix.lower()
    if not data:
        raise AttachmentRefused(f"“{name}”是空文件。")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise AttachmentRefused(
            f"“{name}”超过 20 MB 上限（{len(data) / 1024 / 1024:.1f} MB），请压缩后再上传。"
        )
    if data.startswith(b"%PDF-") or data.startswith(ZIP_MAGICS):
        return _document(data, name, suffix)
    return _photo(data, name, suffix)


def _document(data: bytes, name: str, suffix: str) -> Checked:
    try:
        if data.startswith(b"%PDF-"):
            check_pdf(data)
            kind = "pdf"
        else:
            kind = check_zip(data)
    except ReadError as e:
        raise AttachmentRefused(f"“{name}”无法作为附件：{e}") from None
    extensions, extension, content_type, label = DOCUMENT_KINDS[kind]
    if suffix not in extensions:
        raise AttachmentRefused(
            f"“{name}”的扩展名是 {suffix or '（无）'}，内容却是{label}，已拒绝。请改正文件名后再上传。"
        )
    return Checked(name, data, DOCUMENT, extension, content_type)


def _photo(data: bytes, name: str, suffix: str) -> Checked:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            fmt = image.format
            if fmt in IMAGE_FORMATS and image.width * image.height > MAX_IMAGE_PIXELS:
                raise AttachmentRefused(f"“{name}”像素过大（{image.width}×{image.height}），请缩小后再上传。")
            image.load()
    except AttachmentRefused:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise AttachmentRefused(
            f"“{name}”不是可识别的照片或文档。支持 JPG、PNG、WEBP、GIF 照片和 PDF、Word（.docx）、Excel（.xlsx）文档。"
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise AttachmentRefused(f"“{name}”图片已损坏或不完整，请重新导出后再上传。") from None
    if fmt not in IMAGE_FORMATS:
        raise AttachmentRefused(f"“{name}”是 {fmt} 图片，不支持；请另存为 JPG 或 PNG 后再上传。")
    extensions, extension, content_type = IMAGE_FORMATS[fmt]
    if suffix not in extensions:
        raise AttachmentRefused(
            f"“{name}”的扩展名是 {suffix or '（无）'}，内容却是 {fmt} 图片，已拒绝。请改正文件名后再上传。"
        )
    return Checked(name, data, PHOTO, extension, content_type, taken_at(image), _thumbnail(image))


def taken_at(image: Image.Image) -> datetime.datetime | None:
    """When the photo was taken, from EXIF; None when the camera did not say or said nonsense."""
    exif = image.getexif()
    detail = exif.get_ifd(EXIF_IFD)
    raw = detail.get(DATETIME_ORIGINAL) or exif.get(DATETIME)
    if not isinstance(raw, str):
        return None
    try:
        moment = datetime.datetime.strptime(raw.strip("\x00 ").strip(), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    offset = detail.get(OFFSET_TIME_ORIGINAL)
    if isinstance(offset, str):
        try:
            return datetime.datetime.fromisoformat(f"{moment.isoformat()}{offset.strip()}")
        except ValueError:
            pass
    return moment.replace(tzinfo=SHANGHAI)


def _thumbnail(image: Image.Image) -> bytes:
    small = ImageOps.exif_transpose(image)
    if small.mode not in ("RGB", "L"):
        small = small.convert("RGBA")
        background = Image.new("RGB", small.size, "white")
        background.paste(small, mask=small.getchannel("A"))
        small = background
    small.thumbnail(THUMBNAIL_SIZE)
    out = io.BytesIO()
    small.save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue()


def store(report, checked: Checked, user, caption: str = ""):
    """Write a checked upload as an attachment of the report (inside the caller's transaction)."""
    from minsheng.reporting.models import Attachment

    attachment = Attachment(
        report=report,
        kind=checked.kind,
        token=secrets.token_hex(16),
        extension=checked.extension,
        original_name=checked.name,
        content_type=checked.content_type,
        size=len(checked.data),
        taken_at=checked.taken_at,
        caption=caption[:200],
        uploaded_by=user,
    )
    try:
        media.written(attachment.file, "upload", checked.data)
        if checked.thumbnail:
            media.written(attachment.thumbnail, "thumb", checked.thumbnail)
    except media.MediaUnavailable:
        with contextlib.suppress(Exception):  # the photo may be stored without its thumbnail
            discard_files([attachment])
        raise
    attachment.save()
    return attachment


def discard_files(attachments) -> None:
    """Remove stored files of attachments whose database rows were rolled back or deleted."""
    for attachment in attachments:
        for field in (attachment.file, attachment.thumbnail):
            if field:
                field.storage.delete(field.name)
