"""Checks an upload before any reader touches it: what it really is (by content, not by name), and
whether it is safe and possible to read.

`sniff(data, filename)` returns "docx", "xlsx", "pdf" or "text", or raises `ReadError` with a Chinese
message for the user. Zip archives (.docx/.xlsx) are checked for zip bombs from the central directory
alone, without extracting anything; Python's zipfile stops reading a member at its declared size, so the
declared sizes checked here bound what a reader can inflate.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import PurePath

from minsheng.notices.grid import ReadError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_MEMBERS = 2000
# Members smaller than this cannot hurt, whatever their ratio (tiny XML parts compress very well).
RATIO_CHECK_MIN_BYTES = 1024 * 1024

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
PDF_MAGIC = b"%PDF-"
# Other binary formats people upload by mistake, with a name for the message.
OTHER_BINARY_MAGICS = {
    b"\x89PNG": "PNG 图片",
    b"\xff\xd8\xff": "JPEG 图片",
    b"GIF8": "GIF 图片",
    b"Rar!": "RAR 压缩包",
    b"7z\xbc\xaf": "7z 压缩包",
    b"\x1f\x8b": "gzip 压缩包",
    b"{\\rtf": "RTF 文档",
}

KIND_LABELS = {
    "docx": "Word 文档（.docx）",
    "xlsx": "Excel 表格（.xlsx）",
    "pdf": "PDF 文件",
    "text": "纯文本",
}
EXTENSIONS_BY_KIND = {
    "docx": {".docx", ".docm", ".dotx"},
    "xlsx": {".xlsx", ".xlsm", ".xltx"},
    "pdf": {".pdf"},
    "text": {".txt", ".md", ".markdown", ".csv", ".tsv", ".htm", ".html", ".text"},
}


def sniff(data: bytes, filename: str = "") -> str:
    """The kind of the upload decided by its content: "docx", "xlsx", "pdf" or "text"."""
    if not data or not data.strip():
        raise ReadError("文件为空，请选择包含通知内容的文件")
    if len(data) > MAX_UPLOAD_BYTES:
        size_mb = len(data) / 1024 / 1024
        raise ReadError(f"文件超过 20 MB 上限（本文件 {size_mb:.1f} MB），请删除图片或拆分后再导入")
    if data.startswith(OLE_MAGIC):
        raise ReadError("文件已加密或为旧版 .doc/.xls 格式，请另存为 .docx/.xlsx 后再导入")
    if data.startswith(ZIP_MAGICS):
        return check_zip(data)
    if _starts_as_pdf(data):
        check_pdf(data)
        return "pdf"
    for magic, label in OTHER_BINARY_MAGICS.items():
        if data.startswith(magic):
            raise ReadError(f"不支持的文件格式（{label}），请提供 Word、Excel、PDF 或纯文本文件")
    try:
        text = decode_text(data)
    except ReadError:
        raise ReadError(
            "无法识别文件格式或文本编码，请提供 Word（.docx）、Excel（.xlsx）、PDF 或 UTF-8 编码的纯文本文件"
        ) from None
    if _looks_binary(text):
        raise ReadError("不支持的文件格式，请提供 Word（.docx）、Excel（.xlsx）、PDF 或纯文本文件")
    return "text"


def extension_warning(kind: str, filename: str) -> str | None:
    """A note for the user when the file name's extension contradicts its content, else None."""
    suffix = PurePath(filename or "").suffix.lower()
    if not suffix or suffix in EXTENSIONS_BY_KIND.get(kind, set()):
        return None
    label = KIND_LABELS.get(kind, kind)
    return f"文件扩展名为 {suffix}，但内容是{label}，已按{label}读取"


def check_zip(data: bytes) -> str:
    """The kind ("docx" or "xlsx") of a safe Office zip; ReadError for a bomb, a corrupt or another zip."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ReadError(
            "压缩包已损坏，无法读取（.docx/.xlsx 文件不完整或已损坏），请重新保存后再导入"
        ) from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise ReadError(f"文件内部包含的部件过多（{len(members)} 个），疑似恶意压缩包，已拒绝导入")
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ReadError(
            f"文件解压后超过 200 MB（声明 {total / 1024 / 1024:.0f} MB），疑似压缩炸弹，已拒绝导入"
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= RATIO_CHECK_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise ReadError("文件压缩比异常（疑似压缩炸弹），已拒绝导入")
    names = {member.filename for member in members}
    if any(member.flag_bits & 0x1 for member in members):
        raise ReadError("文件已加密，请去除密码后再导入")
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "EncryptedPackage" in names:
        raise ReadError("文件已加密或为旧版 .doc/.xls 格式，请另存为 .docx/.xlsx 后再导入")
    raise ReadError("这是一个压缩包，但不是 Word（.docx）或 Excel（.xlsx）文件，请直接上传通知文件")


def check_pdf(data: bytes) -> None:
    """Open the PDF's structure (cross-reference table, no page content) to catch encryption and damage."""
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        if next(PDFPage.create_pages(document), None) is None:
            raise ValueError("no pages")
    except PDFEncryptionError:
        raise ReadError("PDF 文件已加密（需要密码），请提供未加密的版本") from None
    except Exception:  # pdfminer raises many kinds of errors for broken files
        raise ReadError("PDF 文件已损坏或不完整，无法读取，请重新导出后再导入") from None


def decode_text(data: bytes) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK, else what
    charset-normalizer finds; ReadError if nothing fits."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    # UTF-16/32 without a byte-order mark is a guess charset-normalizer makes for any even-length noise.
    if best is not None and not best.encoding.startswith(("utf_16", "utf_32")):
        return str(best)
    raise ReadError("无法识别文本编码，请将文件另存为 UTF-8 编码后再导入")


def _starts_as_pdf(data: bytes) -> bool:
    """The PDF header at the start, or within the first 1024 bytes after binary junk (which readers allow)."""
    start = data.find(PDF_MAGIC, 0, 1024)
    if start < 0:
        return False
    prefix = data[:start]
    return not prefix.strip() or any(byte < 9 for byte in prefix)


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return True
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return "\x00" in sample or control / len(sample) > 0.01
