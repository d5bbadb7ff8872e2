"""The guards themselves: a lying zip is refused after inflating little more than it declared, the
libraries get a rebuilt zip of verified parts, and the PDF limits stop a long file page by page."""

import io
import zipfile

import pytest

from minsheng.notices.readers import pdf_bounds, safety, zipguard
from minsheng.notices.readers.grid import ReadError
from minsheng.notices.readers.pdf import read_pdf
from tests.notices.hostile_corpus import CASES, notice_docx
from tests.notices.hostile_formats import entry, zip_of


def test_a_lying_member_is_refused_after_inflating_about_what_it_declared(monkeypatch):
    inflated = []
    real = zipguard.Inflation.__iter__

    def counting(self):
        for piece in real(self):
            inflated.append(len(piece))
            yield piece

    monkeypatch.setattr(zipguard.Inflation, "__iter__", counting)
    with pytest.raises(ReadError, match="疑似压缩炸弹"):
        zipguard.check_zip(CASES["docx-bomb-lying-document"].make())  # declares 5,000 bytes, holds 600 MB
    assert sum(inflated) <= 5000 + zipguard.OUT_CHUNK


def test_the_readers_get_the_verified_parts_and_no_binary_ones():
    original = zip_of(
        [
            *(entry(i.filename, z) for i, z in _members(notice_docx())),
            entry("word/media/image1.png", b"\x89PNG" + bytes(5000)),
        ]
    )
    rebuilt = {
        info.filename: content for info, content in _members(zipguard.safe_office_zip(original, "docx"))
    }
    assert rebuilt["word/media/image1.png"] == b""
    for info, content in _members(original):
        if info.filename.endswith((".xml", ".rels")):
            assert rebuilt[info.filename] == content


def test_a_workbook_is_not_read_as_a_word_document():
    with pytest.raises(ReadError, match="这不是 Word"):
        zipguard.safe_office_zip(CASES["xlsx-many-rows-under-caps"].make(), "docx")


def _members(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def test_a_long_pdf_stops_at_the_length_limit(monkeypatch):
    monkeypatch.setattr(safety, "MAX_DOCUMENT_PARTS", 100)  # 300 pages of two lines: 600 paragraphs
    with pytest.raises(ReadError, match="文件内容过长"):
        read_pdf(CASES["pdf-300-pages"].make())


def test_the_content_parsed_is_bounded_over_the_whole_pdf(monkeypatch):
    monkeypatch.setattr(pdf_bounds, "MAX_DOCUMENT_CONTENT_BYTES", 5000)  # each page has ~60 bytes
    with pytest.raises(ReadError, match="内容过于复杂"):
        read_pdf(CASES["pdf-300-pages"].make())
