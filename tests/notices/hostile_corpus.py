"""The hostile corpus: files an importer meets on a bad day, built at test time into a directory.

Every case names the file as uploaded (which may itself be hostile: "../", NUL), what must happen
("refused": a Chinese message; "read": the file is read, and `projects` of them when given; "either":
a Chinese message or a reading, e.g. for randomly damaged files) and, for refusals, a fragment of the
expected message. `python -m tests.notices.hostile_corpus [DIR]` builds them and prints the count.

Nothing here is large on disk: the bombs inflate to 600 MB but weigh about 600 KB.
"""

from __future__ import annotations

import io
import os
import random
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.notices.hostile_formats import (
    MB,
    Entry,
    deflate,
    deflated_zeros,
    entry,
    members_of,
    ole_container,
    pages_pdf,
    pdf_of,
    stream,
    text_content,
    zip_bytes,
    zip_of,
    zlib_zeros,
)

TITLE = "微山县人民政府关于办好2031年重点民生实事的通知"
HEADER = ("序号", "项目名称", "实施内容及工作目标", "牵头单位")
ROWS = [
    ("1", "建设老年食堂", "新建老年人食堂10处。", "县民政局"),
    ("2", "改造背街小巷", "改造背街小巷20条。", "县住房城乡建设局"),
    ("3", "增加普惠托位", "新增普惠托位300个。", "县卫生健康局"),
]
NOTICE_TEXT = "\n".join([TITLE, "\t".join(HEADER), *("\t".join(row) for row in ROWS)]) + "\n"
SECRET = "root:x:0:0"  # what an XXE reading /etc/passwd would bring into the draft

# Fragments of the expected Chinese refusals.
BOMB = "疑似压缩炸弹"
DAMAGED = "损坏"
EMPTY = "文件为空"
FORMAT = "不支持的文件格式"


@dataclass(frozen=True)
class Case:
    name: str
    filename: str  # as uploaded
    expect: str  # "refused", "read" or "either"
    message: str  # a fragment of the refusal ("" for any Chinese message)
    projects: int | None  # for "read": how many projects the draft must hold
    make: Callable[[], bytes]

    def disk_name(self) -> str:
        """A safe name for the file on disk (the uploaded name may hold "../" or NUL)."""
        suffix = "".join(c for c in Path(self.filename.replace("\x00", "")).suffix if c.isalnum() or c == ".")
        return self.name + suffix


CASES: dict[str, Case] = {}


def case(name: str, filename: str, expect: str = "refused", message: str = "", projects: int | None = None):
    def register(make: Callable[[], bytes]) -> Callable[[], bytes]:
        assert name not in CASES, name
        CASES[name] = Case(name, filename, expect, message, projects, make)
        return make

    return register


def build(directory: Path, names: list[str] | None = None) -> dict[str, Path]:
    """Write the cases (all, or the named ones) into `directory`; their paths by case name."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name in names or list(CASES):
        path = directory / CASES[name].disk_name()
        if not path.exists():
            path.write_bytes(CASES[name].make())
        paths[name] = path
    return paths


# --- valid notices, the raw material ------------------------------------------------------------


def notice_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph().add_run(TITLE).bold = True
    document.add_paragraph("现将2031年重点民生实事项目印发给你们，请认真抓好落实。")
    table = document.add_table(rows=1, cols=len(HEADER))
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    for row in ROWS:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def notice_xlsx(extra_rows: int = 0) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([TITLE])
    sheet.append(list(HEADER))
    for row in ROWS:
        sheet.append(list(row))
    for number in range(4, 4 + extra_rows):
        sheet.append([str(number), f"民生项目{number}", f"完成第{number}项任务{number % 97}处。", "县民政局"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def altered(data: bytes, replace: dict[str, bytes] = None, add: list[Entry] = (), drop=()) -> bytes:
    """A well-formed zip with members replaced, added or dropped (honest headers)."""
    entries = [e for e in members_of(data) if e.name.decode() not in drop]
    for e in entries:
        if replace and e.name.decode() in replace:
            e.__dict__.update(entry(e.name, replace[e.name.decode()]).__dict__)
    return zip_of([*entries, *add])


def document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")


def with_doctype(xml: bytes, doctype: bytes, replace: tuple[bytes, bytes] | None = None) -> bytes:
    declaration, rest = xml.split(b"?>", 1)
    if replace:
        rest = rest.replace(*replace, 1)
    return declaration + b"?>\n" + doctype + rest


def lying(name: str, megabytes: int, declared: int = 5000, **fields) -> Entry:
    """A member declaring `declared` bytes whose stream inflates to `megabytes` MB of zeros."""
    return Entry(
        name.encode(), deflated_zeros(megabytes), crc=zlib.crc32(bytes(declared)), size=declared, **fields
    )


def honest_zeros(name: str, megabytes: int) -> Entry:
    return Entry(name.encode(), deflated_zeros(megabytes), size=megabytes * MB)


def replaced_by(data: bytes, name: str, bomb: Entry) -> bytes:
    entries = members_of(data)
    return zip_of([bomb if e.name.decode() == name else e for e in entries])


# --- zip bombs ---------------------------------------------------------------------------------


@case("docx-bomb-lying-document", "通知.docx", message=BOMB)
def _():
    """document.xml declares 5,000 bytes and inflates to 600 MB."""
    return replaced_by(notice_docx(), "word/document.xml", lying("word/document.xml", 600))


@case("docx-bomb-honest-document", "通知.docx", message=BOMB)
def _():
    return replaced_by(notice_docx(), "word/document.xml", honest_zeros("word/document.xml", 600))


@case("docx-bomb-lying-styles", "通知.docx", message=BOMB)
def _():
    return replaced_by(notice_docx(), "word/styles.xml", lying("word/styles.xml", 600, declared=30000))


@case("xlsx-bomb-lying-sheet", "项目表.xlsx", message=BOMB)
def _():
    return replaced_by(notice_xlsx(), "xl/worksheets/sheet1.xml", lying("xl/worksheets/sheet1.xml", 600))


@case("xlsx-bomb-honest-sheet", "项目表.xlsx", message=BOMB)
def _():
    return replaced_by(
        notice_xlsx(), "xl/worksheets/sheet1.xml", honest_zeros("xl/worksheets/sheet1.xml", 600)
    )


@case("xlsx-bomb-lying-shared-strings", "项目表.xlsx", message=BOMB)
def _():
    data = notice_xlsx()
    if "xl/sharedStrings.xml" not in zipfile.ZipFile(io.BytesIO(data)).namelist():
        return altered(data, add=[lying("xl/sharedStrings.xml", 600)])
    return replaced_by(data, "xl/sharedStrings.xml", lying("xl/sharedStrings.xml", 600))


@case("xlsx-bomb-lying-styles", "项目表.xlsx", message=BOMB)
def _():
    return replaced_by(notice_xlsx(), "xl/styles.xml", lying("xl/styles.xml", 600, declared=2000))


@case("docx-bomb-honest-image", "通知.docx", message=BOMB)
def _():
    return altered(notice_docx(), add=[honest_zeros("word/media/image1.png", 600)])


@case("docx-bomb-lying-image", "通知.docx", expect="read", projects=3)
def _():
    """A bomb in a part no reader needs: it is never inflated (images reach python-docx empty)."""
    return altered(notice_docx(), add=[lying("word/media/image1.png", 600)])


@case("docx-nested-zip-bomb-embedded", "通知.docx", expect="read", projects=3)
def _():
    inner = zip_of([lying("bomb.xml", 600), honest_zeros("zeros.bin", 300)])
    return altered(notice_docx(), add=[entry("word/embeddings/oleObject1.bin", inner)])


@case("docx-many-compressible-parts", "通知.docx", message="超过")
def _():
    """60 custom XML parts of 1 MB - 1 byte of zeros each: each under the per-part ratio check, together
    past the cap on what a reader may parse."""

    stored, crc = deflate(bytes(MB - 1), 9), zlib.crc32(bytes(MB - 1))
    parts = [Entry(f"customXml/extra{i}.xml".encode(), stored, crc=crc, size=MB - 1) for i in range(60)]
    return altered(notice_docx(), add=parts)


@case("docx-total-ratio", "通知.docx", message=BOMB)
def _():
    """Ten parts of 900 KB of zeros each (under the per-part threshold), 9 MB at a ratio of ~1000."""
    parts = [entry(f"customXml/extra{i}.xml", bytes(900 * 1024)) for i in range(10)]
    return altered(notice_docx(), add=parts)


@case("docx-text-over-cap", "通知.docx", message="超过")
def _():
    """document.xml of 26 MB of 4-letter noise (~4x compressible, so no ratio alarm): too much text."""
    noise = os.urandom(13 * MB // 2).translate(bytes(b"ACGT"[i % 4] for i in range(256)))
    body = b"<w:p><w:r><w:t>" + noise * 4 + b"</w:t></w:r></w:p>"
    xml = document_xml(notice_docx()).replace(b"<w:body>", b"<w:body>" + body, 1)
    bulky = Entry(b"word/document.xml", deflate(xml, 1), crc=zlib.crc32(xml), size=len(xml))
    return replaced_by(notice_docx(), "word/document.xml", bulky)


@case("docx-too-many-elements", "通知.docx", message="过于复杂")
def _():
    rng = random.Random(1)
    paragraphs = b"".join(
        b"<w:p><w:r><w:t>%d</w:t></w:r></w:p>" % rng.randrange(10**6) for _ in range(300_000)
    )
    xml = document_xml(notice_docx()).replace(b"<w:body>", b"<w:body>" + paragraphs, 1)
    return altered(notice_docx(), replace={"word/document.xml": xml})


def _paragraphs(count: int) -> bytes:
    """The notice with `count` short numbered paragraphs ("第N段") before its table."""
    rng = random.Random(count)
    paragraphs = b"".join(
        b"<w:p><w:r><w:t>\xe7\xac\xac%d\xe6\xae\xb5</w:t></w:r></w:p>" % rng.randrange(10**6)
        for _ in range(count)
    )
    xml = document_xml(notice_docx()).replace(b"<w:body>", b"<w:body>" + paragraphs, 1)
    return altered(notice_docx(), replace={"word/document.xml": xml})


@case("docx-many-paragraphs-under-caps", "通知.docx", expect="read", projects=3)
def _():
    """15,000 short paragraphs before the table: long, but within every limit."""
    return _paragraphs(15_000)


@case("docx-just-under-the-markup-cap", "通知.docx", message="内容过长")
def _():
    """124,000 paragraphs: just under the cap on elements, so python-docx parses it all (the largest
    tree a file can make), then refused for its length before the extractor runs."""
    return _paragraphs(124_000)


def _attributes(elements: int) -> bytes:
    """The notice with `elements` empty paragraphs of 9,000 attributes each before its table."""
    attributes = b" ".join(b'a%d="1"' % i for i in range(9000))
    paragraphs = b"".join(b"<w:p " + attributes + b"/>" for _ in range(elements))
    xml = document_xml(notice_docx()).replace(b"<w:body>", b"<w:body>" + paragraphs, 1)
    return altered(notice_docx(), replace={"word/document.xml": xml})


@case("docx-attribute-flood", "通知.docx", message="过于复杂")
def _():
    """200 paragraphs with 9,000 attributes each: few elements, 1.8 million attributes."""
    return _attributes(200)


@case("docx-attributes-just-under-the-cap", "通知.docx", expect="read", projects=3)
def _():
    """80 paragraphs with 9,000 attributes each: about the most attributes a file may make lxml hold."""
    return _attributes(80)


@case("xlsx-just-under-the-cell-cap", "项目表.xlsx", message="内容过长")
def _():
    """49,000 rows of two cells: openpyxl loads them all, then refused for its length."""
    rows = b"".join(
        b'<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d"><v>%d</v></c></row>' % (r, r, r * 7, r, r * 13)
        for r in range(1, 49_001)
    )
    return _sheet(rows)


@case("xlsx-too-many-cells", "项目表.xlsx", message="单元格过多")
def _():
    rows = b"".join(
        b'<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d"><v>%d</v></c></row>' % (r, r, r * 7, r, r * 13)
        for r in range(1, 60_001)
    )
    return _sheet(rows)


@case("xlsx-huge-merge", "项目表.xlsx", message="单元格过多")
def _():
    return _sheet(
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>',
        after=b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
    )


@case("xlsx-opposite-corners", "项目表.xlsx", message="数据区域过大")
def _():
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (r, r, r) for r in range(1, 60))
    rows += b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return _sheet(rows)


@case("xlsx-many-rows-under-caps", "项目表.xlsx", expect="read")
def _():
    return notice_xlsx(extra_rows=3_000)


def _sheet(rows: bytes, after: bytes = b"") -> bytes:
    """The notice workbook with its first sheet's data replaced by `rows` (and `after` the sheet data)."""
    xml = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + rows
        + b"</sheetData>"
        + after
        + b"</worksheet>"
    )
    return altered(notice_xlsx(), replace={"xl/worksheets/sheet1.xml": xml})


# --- damaged and odd zips ----------------------------------------------------------------------


@case("docx-truncated-half", "通知.docx", message=DAMAGED)
def _():
    data = notice_docx()
    return data[: len(data) // 2]


@case("docx-truncated-to-100-bytes", "通知.docx", message=DAMAGED)
def _():
    return notice_docx()[:100]


@case("xlsx-truncated-half", "项目表.xlsx", message=DAMAGED)
def _():
    data = notice_xlsx()
    return data[: len(data) // 2]


@case("docx-zip-version-99", "通知.docx", message=DAMAGED)
def _():
    """zipfile raises NotImplementedError("zip file version 9.9") for this one."""
    entries = members_of(notice_docx())
    entries[0].version = 99
    return zip_of(entries)


@case("docx-bad-crc", "通知.docx", message=DAMAGED)
def _():
    entries = members_of(notice_docx())
    for e in entries:
        if e.name == b"word/document.xml":
            e.crc ^= 0xFFFF
    return zip_of(entries)


@case("docx-unsupported-method", "通知.docx", message="压缩方式")
def _():
    entries = members_of(notice_docx())
    for e in entries:
        if e.name == b"word/document.xml":
            e.method = 99  # AES: zipfile raises NotImplementedError
    return zip_of(entries)


@case("docx-encrypted-flag", "通知.docx", message="加密")
def _():
    entries = members_of(notice_docx())
    entries[0].flags = 0x1
    return zip_of(entries)


@case("docx-local-name-differs", "通知.docx", message=DAMAGED)
def _():
    entries = members_of(notice_docx())
    for e in entries:
        if e.name == b"word/document.xml":
            e.local_name = b"word/evil.xml.....x"
    return zip_of(entries)


@case("docx-duplicate-document", "通知.docx", message=DAMAGED)
def _():
    entries = members_of(notice_docx())
    return zip_of([*entries, entry("word/document.xml", b"<w:document/>")])


@case("docx-directory-out-of-range", "通知.docx", message=DAMAGED)
def _():
    return zip_of(members_of(notice_docx()), directory_offset_shift=10**6)


@case("docx-garbage-deflate", "通知.docx")
def _():
    entries = members_of(notice_docx())
    for e in entries:
        if e.name == b"word/document.xml":
            e.stored = random.Random(3).randbytes(len(e.stored))
    return zip_of(entries)


for _seed in range(6):

    @case(f"docx-byte-flipped-{_seed}", "通知.docx", expect="either")
    def _(seed=_seed):
        """20 random bytes of a valid notice overwritten: damage anywhere (headers, streams, directory)."""
        data = bytearray(notice_docx())
        rng = random.Random(seed)
        for _ in range(20):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)


@case("xlsx-byte-flipped", "项目表.xlsx", expect="either")
def _():
    data = bytearray(notice_xlsx())
    rng = random.Random(11)
    for _ in range(20):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


@case("empty-file", "通知.docx", message=EMPTY)
def _():
    return b""


@case("empty-zip", "通知.docx", message="不是 Word")
def _():
    return zip_of([])


@case("zip-5000-members", "通知.docx", message="部件过多")
def _():
    return zip_of(
        [entry("word/document.xml", b"<w:document/>")] + [entry(f"x/{i}.xml", b"") for i in range(5000)]
    )


@case("zip-of-a-docx", "通知.docx", message="不是 Word")
def _():
    return zip_bytes({"通知.docx": notice_docx()})


@case("zip-nested-bomb", "通知.zip", message="不是 Word")
def _():
    return zip_of([entry("inner.zip", zip_of([lying("word/document.xml", 600)]), method=zipfile.ZIP_STORED)])


@case("docx-member-path-traversal", "通知.docx", message="异常的路径")
def _():
    return altered(notice_docx(), add=[entry("../../../../tmp/evil.xml", b"<x/>")])


@case("docx-member-absolute-path", "通知.docx", message="异常的路径")
def _():
    return altered(notice_docx(), add=[entry("/etc/cron.d/evil.xml", b"<x/>")])


@case("docx-member-nul-in-name", "通知.docx", message="异常的路径")
def _():
    return altered(notice_docx(), add=[entry(b"word/media/a.png\x00.xml", b"<x/>")])


# --- hostile XML ---------------------------------------------------------------------------------


@case("docx-xxe", "通知.docx", expect="read", projects=3)
def _():
    data = notice_docx()
    doctype = b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    xml = with_doctype(document_xml(data), doctype, ("建设老年食堂".encode(), "建设老年食堂&xxe;".encode()))
    return altered(data, replace={"word/document.xml": xml})


@case("docx-billion-laughs", "通知.docx", expect="either")
def _():
    data = notice_docx()
    entities = b'<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    xml = with_doctype(
        document_xml(data),
        b"<!DOCTYPE w:document [" + entities + b"]>\n",
        ("建设老年食堂".encode(), "建设老年食堂&lol9;".encode()),
    )
    return altered(data, replace={"word/document.xml": xml})


@case("xlsx-xxe", "项目表.xlsx", expect="either")
def _():
    doctype = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    rows = b'<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
    data = _sheet(rows)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    return altered(data, replace={"xl/worksheets/sheet1.xml": with_doctype(xml, doctype)})


@case("xlsx-billion-laughs", "项目表.xlsx", expect="either")
def _():
    entities = b'<!ENTITY a "aaaaaaaaaa">' + b"".join(
        b'<!ENTITY a%d "%s">' % (i, (b"&a%d;" % (i - 1) if i > 1 else b"&a;") * 10) for i in range(1, 10)
    )
    data = _sheet(b'<row r="1"><c r="A1" t="inlineStr"><is><t>&a9;</t></is></c></row>')
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    return altered(
        data,
        replace={"xl/worksheets/sheet1.xml": with_doctype(xml, b"<!DOCTYPE worksheet [" + entities + b"]>")},
    )


@case("docx-malformed-xml", "通知.docx", message=DAMAGED)
def _():
    return altered(notice_docx(), replace={"word/document.xml": b"<w:document><w:body><unclosed>"})


@case("docx-without-content-types", "通知.docx", message=DAMAGED)
def _():
    return altered(notice_docx(), drop=("[Content_Types].xml",))


@case("docx-main-part-is-a-sheet", "通知.docx", message=DAMAGED)
def _():
    data = notice_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml")
    types = types.replace(b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml")
    return altered(data, replace={"[Content_Types].xml": types})


@case("docx-huge-spans-and-counters", "通知.docx", expect="read", projects=3)
def _():
    """A table with gridSpan and gridBefore of a billion, and list counters starting at 10**12 in
    roman numerals and letters, before the notice's own table."""
    data = notice_docx()
    odd_table = (
        b'<w:tbl><w:tr><w:trPr><w:gridBefore w:val="999999999"/></w:trPr><w:tc><w:tcPr>'
        b'<w:gridSpan w:val="1000000000"/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
    )
    numbered = (
        b'<w:p><w:pPr><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        b"<w:r><w:t>x</w:t></w:r></w:p>"
    )
    paragraphs = b"".join(numbered % level for level in (0, 99999, 0))
    xml = document_xml(data).replace(b"<w:body>", b"<w:body>" + paragraphs + odd_table, 1)
    numbering = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b'<w:abstractNum w:abstractNumId="0">'
        b'<w:lvl w:ilvl="0"><w:start w:val="1000000000000"/><w:numFmt w:val="upperRoman"/>'
        b'<w:lvlText w:val="%1."/></w:lvl>'
        b'<w:lvl w:ilvl="9"><w:start w:val="999999999999"/><w:numFmt w:val="upperLetter"/>'
        b'<w:lvlText w:val="%10%1%9"/></w:lvl>'
        b'</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    return altered(data, replace={"word/document.xml": xml, "word/numbering.xml": numbering})


@case("docx-deep-nesting", "通知.docx", expect="either")
def _():
    nested = b"<w:tbl><w:tr><w:tc>" * 400 + b"<w:p/>" + b"</w:tc></w:tr></w:tbl>" * 400
    xml = document_xml(notice_docx()).replace(b"<w:body>", b"<w:body>" + nested, 1)
    return altered(notice_docx(), replace={"word/document.xml": xml})


# --- OLE containers: encrypted Office files and the old formats ----------------------------------


@case("docx-encrypted-ole", "通知.docx", message="加密")
def _():
    return ole_container(["EncryptionInfo", "EncryptedPackage"])


@case("doc-renamed-docx", "通知.docx", message="旧版 Word")
def _():
    return ole_container(["WordDocument", "1Table"])


@case("xls-renamed-xlsx", "项目表.xlsx", message="旧版 Excel")
def _():
    return ole_container(["Workbook"])


# --- PDFs ----------------------------------------------------------------------------------------


@case("pdf-encrypted", "通知.pdf", message="加密")
def _():
    key = b"<" + b"ab" * 32 + b">"
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O " + key + b" /U " + key + b" /P -4 >>"
    trailer = b"/Encrypt 6 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]"
    return pages_pdf([text_content(["secret"])], [encrypt], trailer)


@case("pdf-scanned", "通知.pdf", message="扫描件")
def _():
    from PIL import Image, ImageDraw

    image = Image.new("L", (620, 877), 255)
    draw = ImageDraw.Draw(image)
    for line in range(30):
        draw.text((40, 40 + line * 26), f"Notice line {line}: 1. build 10 canteens", fill=0)
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=75)
    return buffer.getvalue()


@case("pdf-300-pages", "通知.pdf", expect="read")
def _():
    """300 pages of two short lines (pdfplumber's cost is per character: the length is what is tested)."""
    return pages_pdf(
        [text_content([f"Page {page}", f"{page}. Build {page} canteens"]) for page in range(1, 301)]
    )


@case("pdf-too-many-pages", "通知.pdf", message="页")
def _():
    return pages_pdf([b"BT /F1 9 Tf 56 790 Td (p) Tj ET"] * 700)


@case("pdf-flate-bomb", "通知.pdf", message=BOMB)
def _():
    content = stream(zlib_zeros(600), b"/Filter /FlateDecode")
    return pages_pdf([content])


@case("pdf-flate-bomb-twice", "通知.pdf", message=BOMB)
def _():

    inner = zlib_zeros(600)  # ~600 KB: the outer layer stays small
    content = stream(zlib.compress(inner, 9), b"/Filter [/FlateDecode /FlateDecode]")
    return pages_pdf([content])


@case("pdf-ascii85-flate-bomb", "通知.pdf", message=BOMB)
def _():
    import base64

    encoded = base64.a85encode(zlib_zeros(600)) + b"~>"
    return pages_pdf([stream(encoded, b"/Filter [/ASCII85Decode /FlateDecode]")])


@case("pdf-bomb-in-unused-object", "通知.pdf", message=BOMB)
def _():
    return pages_pdf([text_content(["hello"])], [stream(zlib_zeros(600), b"/Filter /FlateDecode")])


@case("pdf-damaged-stream", "通知.pdf", expect="either")
def _():

    good = zlib.compress(text_content(["Build 10 canteens"] * 40) * 5)
    broken = good[:-40] + bytes(40)  # a damaged end: pdfminer falls back to its byte-by-byte retry
    return pages_pdf([stream(broken, b"/Filter /FlateDecode")])


@case("pdf-many-glyphs", "通知.pdf", message="过于复杂")
def _():
    page = (
        b"BT /F1 4 Tf 10 830 Td 5 TL "
        + b"(xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx) Tj T* " * 2000
        + b"ET"
    )
    return pages_pdf([text_content(["a first, ordinary page"]), page])


@case("pdf-path-flood", "通知.pdf", message="过于复杂")
def _():
    path = b"10 10 m " + b"20 20 l 30 10 l " * 100_000 + b"S"
    return pages_pdf([stream(path)])


@case("pdf-form-drawn-100000-times", "通知.pdf", message="过于复杂")
def _():
    form = stream(
        b"BT /F1 9 Tf 10 10 Td (form text) Tj ET",
        b"/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /Font << /F1 3 0 R >> >>",
    )
    resources = b"<< /Font << /F1 3 0 R >> /XObject << /Fm 6 0 R >> >>"  # 6: the first extra object
    return pages_pdf([b"/Fm Do " * 100_000], [form], resources=resources)


@case("pdf-operand-flood", "通知.pdf", message="过于复杂")
def _():
    """30 MB of numbers and no operator, in a 30 KB file: pdfminer would stack them all."""
    content = b"BT /F1 9 Tf 10 10 Td (hello) Tj ET\n" + b"1 " * (15 * MB)
    return pages_pdf([stream(zlib.compress(content, 9), b"/Filter /FlateDecode")])


@case("pdf-heavy-form-drawn-often", "通知.pdf", message="过于复杂")
def _():
    """A form of 200 KB of drawing (no text) drawn 1,000 times: 200 MB of content to parse."""
    form = stream(b"0 0 m 1 1 l S\n" * 15_000, b"/Type /XObject /Subtype /Form /BBox [0 0 100 100]")
    resources = b"<< /Font << /F1 3 0 R >> /XObject << /Fm 6 0 R >> >>"
    return pages_pdf([b"/Fm Do " * 1000], [form], resources=resources)


@case("pdf-truncated", "通知.pdf", expect="either")
def _():
    data = pages_pdf([text_content([f"Page {page}", "1. Build 10 canteens"]) for page in range(20)])
    return data[: len(data) // 3]


@case("pdf-header-only", "通知.pdf", message=DAMAGED)
def _():
    return b"%PDF-1.7\n" + random.Random(5).randbytes(3000)


@case("pdf-no-pages", "通知.pdf", message="")
def _():
    return pdf_of([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


@case("pdf-page-tree-loop", "通知.pdf", expect="either")
def _():
    return pdf_of(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ]
    )


@case("html-named-pdf", "通知.pdf", expect="either")
def _():
    rows = "".join(f"<tr>{''.join(f'<td>{c}</td>' for c in row)}</tr>" for row in ROWS)
    return (
        f"<!DOCTYPE html><html><head><script>alert(1)</script></head><body><h1>{TITLE}</h1>"
        f"<table>{rows}</table></body></html>"
    ).encode()


@case("png-named-docx", "通知.docx", message=FORMAT)
def _():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "PNG")
    return buffer.getvalue()


# --- text ----------------------------------------------------------------------------------------


@case("text-gbk", "通知.txt", expect="read", projects=3)
def _():
    return NOTICE_TEXT.encode("gbk")


@case("text-utf16-bom", "通知.txt", expect="read", projects=3)
def _():
    return NOTICE_TEXT.encode("utf-16")


@case("text-utf16-without-bom", "通知.txt", expect="either")
def _():
    return NOTICE_TEXT.encode("utf-16-le")


@case("text-garbage-binary", "通知.txt", message="")
def _():
    return random.Random(6).randbytes(50_000)


@case("text-with-nul", "通知.txt", message=FORMAT)
def _():
    return NOTICE_TEXT.encode().replace(b"\n", b"\x00\n")


@case("text-whitespace-only", "通知.txt", message=EMPTY)
def _():
    return b" \r\n\t " * 1000


@case("text-one-2mb-line", "通知.txt", expect="read")
def _():
    return ("新建老年人食堂10处，" * 70_000).encode()


@case("text-unclosed-quoted-list", "通知.txt", expect="either")
def _():  # a quote that never closes before a count: read by position, not by a backtracking pattern
    return ("以“" + "甲乙、" * 10_000 + "10项民生实事。\n").encode()


@case("text-digit-headings", "通知.txt", expect="either")
def _():  # items that open with long digit runs before a comma: the heading pattern must not backtrack
    return "".join(f"{n}.新建{'1' * 40}，短句\n" for n in range(1, 6)).encode()


@case("text-just-under-2mb-of-rows", "通知.txt", message="内容过长")
def _():
    row = "\t".join(ROWS[0]) + "\n"
    return (TITLE + "\n" + "\t".join(HEADER) + "\n" + row * (2 * MB // len(row.encode()) - 10)).encode()


@case("text-3mb", "通知.txt", message="纯文本文件超过 2 MB")
def _():
    return NOTICE_TEXT.encode() * (3 * MB // len(NOTICE_TEXT.encode()))


@case("text-over-20mb", "通知.txt", message="20 MB")
def _():
    return NOTICE_TEXT.encode() * (21 * MB // len(NOTICE_TEXT.encode()) + 1)


# --- hostile uploaded file names (the content is a valid notice) ---------------------------------


@case("name-path-traversal", "../../../../etc/cron.d/通知.docx", expect="read", projects=3)
def _():
    return notice_docx()


@case("name-windows-traversal", "..\\..\\Windows\\System32\\通知.docx", expect="read", projects=3)
def _():
    return notice_docx()


@case("name-nul", "通知.docx\x00.exe", expect="read", projects=3)
def _():
    return notice_docx()


def main(argv: list[str]) -> None:
    directory = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="hostile-corpus-"))
    paths = build(directory)
    for name, path in paths.items():
        print(f"{CASES[name].expect:<8} {path.stat().st_size:>10,} B  {name}")
    print(f"{len(paths)} hostile files in {directory}")


if __name__ == "__main__":
    main(sys.argv[1:])
