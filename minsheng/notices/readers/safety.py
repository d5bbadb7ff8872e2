"""Checks an upload before any reader touches it: what it really is (by content, not by name), and
whether it is safe and possible to read.

`sniff(data, filename)` returns "docx", "xlsx", "pdf" or "text", or raises `ReadError` with a Chinese
message for the user. Zip archives (.docx/.xlsx) go through zipguard (bounded inflation of every part a
reader parses, whatever sizes the zip declares); PDFs through pdfguard (bounded inflation of every
compressed stream) before pdfminer opens their structure.
"""

from __future__ import annotations

import codecs
import io
from pathlib import PurePath

from minsheng.notices.readers.grid import ReadError
from minsheng.notices.readers.pdfguard import check_pdf_streams
from minsheng.notices.readers.zipguard import (  # noqa: F401 - the upload checks' one import place
    ENCRYPTED_OR_OLD,
    MAX_COMPRESSION_RATIO,
    MAX_UNCOMPRESSED_BYTES,
    MAX_ZIP_MEMBERS,
    check_zip,
    safe_office_zip,
)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_TEXT_BYTES = 2 * 1024 * 1024  # a 300-page notice as text is well under 1 MB
# Paragraphs plus table rows a document may have (a 300-page notice: ~2,500 rows): what the extractor
# and the review page then handle stays bounded.
MAX_DOCUMENT_PARTS = 20_000

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
        raise ReadError(ole_message(data))
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
    if len(data) > MAX_TEXT_BYTES:
        raise ReadError(
            f"纯文本文件超过 {MAX_TEXT_BYTES // 1024 // 1024} MB，超出通知文件的合理篇幅，"
            "请只保留通知正文和项目表后再导入"
        )
    return "text"


def check_length(parts: int) -> None:
    """ReadError when a document has more paragraphs and table rows than a notice can have."""
    if parts > MAX_DOCUMENT_PARTS:
        raise ReadError(
            f"文件内容过长（超过 {MAX_DOCUMENT_PARTS // 10000} 万个段落或表格行），超出通知文件的合理篇幅，"
            "请只保留通知正文和项目表后再导入"
        )


def block_parts(block) -> int:
    """A table counts its rows, a paragraph one."""
    rows = getattr(block, "rows", None)
    return 1 if rows is None else len(rows)


def extension_warning(kind: str, filename: str) -> str | None:
    """A note for the user when the file name's extension contradicts its content, else None."""
    suffix = PurePath(filename or "").suffix.lower()
    if not suffix or suffix in EXTENSIONS_BY_KIND.get(kind, set()):
        return None
    label = KIND_LABELS.get(kind, kind)
    return f"文件扩展名为 {suffix}，但内容是{label}，已按{label}读取"


def ole_message(data: bytes) -> str:
    """What an OLE compound file (the pre-2007 Office container) most likely is, from its stream names."""

    def has(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if has("EncryptedPackage") or has("EncryptionInfo"):
        return "文件已加密（设置了打开密码），请在 Word、WPS 或 Excel 中取消密码并另存为 .docx/.xlsx 后再导入"
    if has("WordDocument"):
        return "这是旧版 Word 文档（.doc），请用 Word 或 WPS 另存为 .docx 后再导入"
    if has("Workbook") or has("Book"):
        return "这是旧版 Excel 表格（.xls），请用 Excel 或 WPS 另存为 .xlsx 后再导入"
    return ENCRYPTED_OR_OLD


def check_pdf(data: bytes) -> None:
    """Inflate every compressed stream in bounded steps (pdfguard), then open the PDF's structure
    (cross-reference table and first page, no page content) to catch encryption and damage. Used for
    stored PDFs too (report attachments); the PDF reader adds its own limits for reading."""
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    check_pdf_streams(data, reading=False)
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
