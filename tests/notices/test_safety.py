"""Upload checks: kind by content, size limit, old/encrypted Office files, zip bombs, corrupt files,
text encodings, extension notes."""

import io
import random
import zipfile

import docx
import openpyxl
import pytest

from minsheng.notices.readers.grid import ReadError
from minsheng.notices.readers.safety import (
    MAX_UPLOAD_BYTES,
    decode_text,
    extension_warning,
    sniff,
)
from tests.notices.hostile_formats import pdf_of, stream, zip_bytes


def minimal_pdf(
    content: bytes = b"", resources: bytes = b"<< >>", extra_objects=(), trailer_extra=b""
) -> bytes:
    """A one-page PDF written by hand: object 4 is the page's content stream, extra objects are 5, 6, …"""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
        + resources
        + b" /Contents 4 0 R >>",
        stream(content),
        *[stream(*obj) if isinstance(obj, tuple) else obj for obj in extra_objects],
    ]
    return pdf_of(objects, trailer_extra)


def text_pdf(text: bytes = b"Hello") -> bytes:
    return minimal_pdf(
        b"BT /F1 24 Tf 72 700 Td (" + text + b") Tj ET",
        resources=b"<< /Font << /F1 5 0 R >> >>",
        extra_objects=[b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"],
    )


def encrypted_pdf() -> bytes:
    """A PDF whose standard security handler needs a user password (the empty one does not match)."""
    key = b"<" + b"ab" * 32 + b">"
    return minimal_pdf(
        b"BT /F1 24 Tf 72 700 Td (secret) Tj ET",
        resources=b"<< /Font << /F1 5 0 R >> >>",
        extra_objects=[
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Filter /Standard /V 1 /R 2 /O " + key + b" /U " + key + b" /P -4 >>",
        ],
        trailer_extra=b"/Encrypt 6 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]",
    )


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("关于办好2024年重点民生实事的通知")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "序号"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A .docx-looking zip whose one extra member inflates to 300 MB of zeros (about 1.3 MB packed at the
    fastest level), written in 1 MB chunks so the test never holds the 300 MB."""
    buffer = io.BytesIO()
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/zeros.bin", "w", force_zip64=True) as member:
            for _ in range(300):
                member.write(chunk)
    return buffer.getvalue()


def test_kind_is_decided_by_content():
    assert sniff(docx_bytes(), "通知.docx") == "docx"
    assert sniff(xlsx_bytes(), "项目表.xlsx") == "xlsx"
    assert sniff(text_pdf(), "通知.pdf") == "pdf"
    assert sniff("一、托育服务\n1. 新增托位1万个".encode(), "通知.txt") == "text"


def test_text_that_mentions_the_pdf_header_is_text():
    assert sniff("说明：PDF 文件以 %PDF-1.7 开头".encode(), "说明.txt") == "text"
    assert sniff(b"\x00\x01junk" + text_pdf(), "通知.pdf") == "pdf"


def test_wrong_extension_is_read_by_content_with_a_note():
    kind = sniff(docx_bytes(), "通知.pdf")
    assert kind == "docx"
    note = extension_warning(kind, "通知.pdf")
    assert note is not None and ".pdf" in note and "Word" in note
    assert extension_warning("xlsx", "项目表.XLSX") is None
    assert extension_warning("text", "通知.md") is None
    assert extension_warning("pdf", "无扩展名") is None
    assert "PDF" in extension_warning("pdf", "通知.docx")


@pytest.mark.parametrize("data", [b"", b"   \n\t  "])
def test_empty_file(data):
    with pytest.raises(ReadError, match="文件为空"):
        sniff(data, "通知.docx")


def test_file_over_the_size_limit():
    with pytest.raises(ReadError, match="文件超过 20 MB 上限"):
        sniff(b"a" * (MAX_UPLOAD_BYTES + 1), "通知.txt")


def test_ole_file_is_encrypted_or_old_office():
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504) + b"EncryptedPackage"
    with pytest.raises(ReadError, match="文件已加密或为旧版 .doc/.xls 格式，请另存为 .docx/.xlsx 后再导入"):
        sniff(ole, "通知.docx")


def test_zip_bomb_by_total_size(zip_bomb):
    assert len(zip_bomb) < 2 * 1024 * 1024
    with pytest.raises(ReadError, match="解压后超过 200 MB"):
        sniff(zip_bomb, "通知.docx")


def test_zip_bomb_by_compression_ratio():
    data = zip_bytes({"word/document.xml": b"<w:document/>", "word/media/a.bin": bytes(5 * 1024 * 1024)})
    with pytest.raises(ReadError, match="压缩比异常"):
        sniff(data, "通知.docx")


def test_zip_with_too_many_members():
    members = {"word/document.xml": b"<w:document/>"} | {f"word/media/{i}.xml": b"x" for i in range(2001)}
    with pytest.raises(ReadError, match="部件过多"):
        sniff(zip_bytes(members), "通知.docx")


def test_zip_that_is_neither_word_nor_excel():
    with pytest.raises(ReadError, match="不是 Word（.docx）或 Excel（.xlsx）"):
        sniff(zip_bytes({"readme.txt": b"hello"}), "通知.zip")


def test_corrupt_zip():
    with pytest.raises(ReadError, match="损坏"):
        sniff(docx_bytes()[:400], "通知.docx")


@pytest.mark.parametrize("data", [b"%PDF-1.4\n this is not a pdf at all\n", text_pdf()[:60]])
def test_corrupt_pdf(data):
    with pytest.raises(ReadError, match="PDF 文件已损坏"):
        sniff(data, "通知.pdf")


def test_encrypted_pdf():
    with pytest.raises(ReadError, match="PDF 文件已加密"):
        sniff(encrypted_pdf(), "通知.pdf")


def test_other_binary_formats_are_refused():
    with pytest.raises(ReadError, match="PNG"):
        sniff(b"\x89PNG\r\n\x1a\n" + bytes(100), "通知.docx")
    with pytest.raises(ReadError, match="请提供 Word（.docx）、Excel（.xlsx）、PDF"):
        sniff(bytes(range(256)) * 10, "通知.txt")


def test_gbk_text_is_decoded():
    text = "济宁市人民政府关于办好2024年重点民生实事的通知\n一、新增托位1万个，牵头单位：市卫生健康委"
    assert sniff(text.encode("gbk"), "通知.txt") == "text"
    assert decode_text(text.encode("gbk")) == text
    assert decode_text(text.encode("gb18030")) == text


def test_utf8_with_and_without_bom_and_utf16():
    text = "重点民生实事\n（一）幼有善育"
    assert decode_text(text.encode("utf-8")) == text
    assert decode_text(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert decode_text(text.encode("utf-16")) == text


@pytest.mark.parametrize("data", [b"\x81\x30\xff\xfe\x80\xff" * 3, random.Random(7).randbytes(4000)])
def test_undecodable_text(data):
    with pytest.raises(ReadError, match="无法识别文本编码"):
        decode_text(data)
