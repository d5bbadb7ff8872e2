"""Zip bombs and damaged zips (.docx/.xlsx): what python-docx and openpyxl may see.

The central directory of a zip states each member's sizes, and a hostile file can lie there: a member
declared as 5,000 bytes may inflate to 600 MB, and Python's zipfile decompresses a whole member in one
call before cutting it at the declared size. So nothing here trusts the declared sizes:

1. the central directory is checked first (cheap): member count, declared total and ratio, encryption,
   compression method, names (no NUL, no absolute or ".." paths, no duplicates);
2. every part a reader parses (XML: .xml, .rels, .vml) is inflated chunk by chunk with a bounded
   output per step, and refused as soon as it yields more than it declared, more than the absolute caps,
   or compresses too well; its CRC is checked; markup ("<" and "=": elements and attributes), worksheet
   cells and merged areas are counted so the libraries' object trees stay bounded;
3. `safe_office_zip` hands the readers a zip rebuilt in memory from the verified parts only: binary
   parts (images, embedded files, nested zips, macros) are kept as empty members, which the readers never
   need. The libraries thus only ever open a zip whose sizes are true and small.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass

from minsheng.notices.readers.grid import ReadError
from minsheng.notices.readers.inflation import OUT_CHUNK, Inflation

MAX_ZIP_MEMBERS = 2000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # declared, all members
MAX_XML_BYTES = 24 * 1024 * 1024  # inflated, all parsed parts (a 300-page notice's document.xml: ~2 MB)
# "<" and "=" in the parsed parts, a bound on elements and attributes, which cost lxml and python-docx
# 150-250 bytes each (a 300-page notice table: ~200,000 written by python-docx, ~500,000 by Word)
MAX_XML_MARKUP = 800_000
MAX_SHEET_CELLS = 100_000  # worksheet cells plus merged area (a notice table: a few thousand)
MAX_COMPRESSION_RATIO = 100
# Members smaller than this cannot hurt, whatever their ratio (tiny XML parts compress very well).
RATIO_CHECK_MIN_BYTES = 1024 * 1024
PARSED_SUFFIXES = (".xml", ".rels", ".vml")

DAMAGED = "压缩包已损坏，无法读取（.docx/.xlsx 文件不完整或已损坏），请重新保存后再导入"
BOMB = "文件压缩比异常（疑似压缩炸弹），已拒绝导入"
LYING = "文件内部声明的大小与实际解压结果不符（疑似压缩炸弹），已拒绝导入"
NOT_KIND = {
    "docx": "这不是 Word（.docx）文档，无法按 Word 读取",
    "xlsx": "这不是 Excel（.xlsx）表格，无法按 Excel 读取",
}
ENCRYPTED_OR_OLD = "文件已加密或为旧版 .doc/.xls 格式，请另存为 .docx/.xlsx 后再导入"

_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")
_MERGE = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]{0,200}?\bref=[\"']\$?([A-Za-z]{1,3})\$?(\d{1,7})"
    rb"(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?"
)
_TAIL = 300  # bytes kept between chunks so a tag split by a chunk boundary is still seen


@dataclass
class _Totals:
    xml_bytes: int = 0
    markup: int = 0
    cells: int = 0


def check_zip(data: bytes) -> str:
    """The kind ("docx" or "xlsx") of a safe Office zip, after inflating every part a reader parses with
    bounded steps; ReadError (Chinese message) for a bomb, a damaged, encrypted or another zip."""
    return _inspect(data, None)


def safe_office_zip(data: bytes, kind: str) -> bytes:
    """The zip rebuilt in memory from its verified parts, for a reader of `kind` ("docx" or "xlsx")."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as rebuilt:
        found = _inspect(data, rebuilt)
    if found != kind:
        raise ReadError(NOT_KIND[kind])
    return out.getvalue()


def _inspect(data: bytes, rebuilt: zipfile.ZipFile | None) -> str:
    # Each central-directory entry starts with this signature: a bound on the entries before zipfile
    # builds an object per entry.
    if data.count(b"PK\x01\x02") > MAX_ZIP_MEMBERS * 2:
        raise ReadError(f"文件内部包含的部件过多（超过 {MAX_ZIP_MEMBERS} 个），疑似恶意压缩包，已拒绝导入")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception:  # BadZipFile, NotImplementedError("zip file version"), struct and value errors…
        raise ReadError(DAMAGED) from None
    _check_directory(members)
    names = {member.filename for member in members}
    if "EncryptedPackage" in names:
        raise ReadError(ENCRYPTED_OR_OLD)
    if "word/document.xml" in names:
        kind = "docx"
    elif "xl/workbook.xml" in names:
        kind = "xlsx"
    else:
        raise ReadError("这是一个压缩包，但不是 Word（.docx）或 Excel（.xlsx）文件，请直接上传通知文件")
    totals = _Totals()
    compressed = inflated = 0
    for member in members:
        if not _parsed(member.filename):
            if rebuilt is not None:
                rebuilt.writestr(member.filename, b"")
            continue
        sheet = kind == "xlsx" and member.filename.startswith("xl/worksheets/")
        if rebuilt is not None:
            with rebuilt.open(member.filename, "w") as sink:
                _verify(data, member, totals, sheet, sink.write)
        else:
            _verify(data, member, totals, sheet, None)
        compressed += member.compress_size
        inflated += member.file_size
    if inflated >= RATIO_CHECK_MIN_BYTES and inflated > MAX_COMPRESSION_RATIO * max(compressed, 1):
        raise ReadError(BOMB)
    return kind


def _parsed(name: str) -> bool:
    return name.lower().endswith(PARSED_SUFFIXES) or name == "[Content_Types].xml"


def _check_directory(members: list[zipfile.ZipInfo]) -> None:
    """What the central directory alone tells: count, declared sizes, encryption, methods, names."""
    if len(members) > MAX_ZIP_MEMBERS:
        raise ReadError(f"文件内部包含的部件过多（{len(members)} 个），疑似恶意压缩包，已拒绝导入")
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ReadError(
            f"文件解压后超过 {MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB"
            f"（声明 {total / 1024 / 1024:.0f} MB），疑似压缩炸弹，已拒绝导入"
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= RATIO_CHECK_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise ReadError(BOMB)
    if any(member.flag_bits & 0x1 for member in members):
        raise ReadError("文件已加密，请去除密码后再导入")
    seen = set()
    for member in members:
        name = member.orig_filename
        parts = name.replace("\\", "/").split("/")
        if "\x00" in name or name.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", name):
            raise ReadError("文件内部含有异常的路径（疑似恶意构造的压缩包），已拒绝导入")
        if member.filename in seen:
            raise ReadError(DAMAGED)
        seen.add(member.filename)
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) and _parsed(name):
            raise ReadError("文件使用了不支持的压缩方式，请用 Word、WPS 或 Excel 重新保存后再导入")


def _verify(data: bytes, member: zipfile.ZipInfo, totals: _Totals, sheet: bool, sink) -> None:
    """Inflate one member in bounded steps: it must yield exactly its declared size (at most the caps),
    end its compressed stream and match its CRC; markup and cells are counted on the way."""
    start = _data_offset(data, member)
    end = start + member.compress_size
    if end > len(data):
        raise ReadError(DAMAGED)
    view = memoryview(data)[start:end]
    if member.compress_type == zipfile.ZIP_STORED:
        if member.compress_size != member.file_size:
            raise ReadError(DAMAGED)
        pieces, inflation = (bytes(view[i : i + OUT_CHUNK]) for i in range(0, len(view), OUT_CHUNK)), None
    else:
        pieces = inflation = Inflation(zlib.decompressobj(-15), view)
    try:
        crc = _take(pieces, member, totals, sheet, sink)
    except zlib.error:
        raise ReadError(DAMAGED) from None
    if (inflation is not None and not inflation.finished) or crc != member.CRC:
        raise ReadError(DAMAGED)


def _take(pieces, member: zipfile.ZipInfo, totals: _Totals, sheet: bool, sink) -> int:
    """Check and count the member's pieces as they come; their CRC."""
    produced, crc, tail = 0, 0, b""
    for piece in pieces:
        produced += len(piece)
        if produced > member.file_size:
            raise ReadError(LYING)
        totals.xml_bytes += len(piece)
        if totals.xml_bytes > MAX_XML_BYTES:
            raise ReadError(
                f"文件中的文字内容解压后超过 {MAX_XML_BYTES // 1024 // 1024} MB，"
                "超出通知文件的合理大小（疑似恶意文件），已拒绝导入"
            )
        if produced >= RATIO_CHECK_MIN_BYTES and produced > MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            raise ReadError(BOMB)
        totals.markup += piece.count(b"<") + piece.count(b"=")
        if totals.markup > MAX_XML_MARKUP:
            raise ReadError("文件结构过于复杂（元素数量异常，疑似恶意文件），已拒绝导入")
        if sheet:
            tail = _count_cells(tail, piece, totals)
        crc = zlib.crc32(piece, crc)
        if sink is not None:
            sink(piece)
    if produced != member.file_size:
        raise ReadError(DAMAGED)
    return crc


def _count_cells(tail: bytes, piece: bytes, totals: _Totals) -> bytes:
    """Count worksheet cells and merged area in `piece` (with the end of the previous piece before it,
    counting only what ends in the new piece)."""
    window = tail + piece
    skip = len(tail)
    for match in _CELL.finditer(window):
        if match.end() > skip:
            totals.cells += 1
    for match in _MERGE.finditer(window):
        if match.end() > skip:
            totals.cells += _merge_area(*match.groups())
    if totals.cells > MAX_SHEET_CELLS:
        raise ReadError(
            f"Excel 表格的单元格过多（超过 {MAX_SHEET_CELLS // 10000} 万个，含合并区域），"
            "请只保留通知的项目表后再导入"
        )
    return window[-_TAIL:]


def _merge_area(left: bytes, top: bytes, right: bytes | None, bottom: bytes | None) -> int:
    if right is None:
        return 1
    width = abs(_column(right) - _column(left)) + 1
    height = abs(int(bottom) - int(top)) + 1
    return width * height


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _data_offset(data: bytes, member: zipfile.ZipInfo) -> int:
    """Where the member's compressed bytes start: after its local header, which must name it."""
    offset = member.header_offset
    if offset < 0:
        raise ReadError(DAMAGED)
    header = data[offset : offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise ReadError(DAMAGED)
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    name = data[offset + 30 : offset + 30 + name_length]
    expected = member.orig_filename.encode("utf-8" if member.flag_bits & 0x800 else "cp437", "replace")
    if name != expected:
        raise ReadError(DAMAGED)
    return offset + 30 + name_length + extra_length
