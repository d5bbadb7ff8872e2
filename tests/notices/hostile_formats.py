"""Low-level writers for the hostile corpus: zips whose headers say what we want (lying sizes, odd
versions, names, flags), deflate bombs built in milliseconds, hand-written PDFs, OLE containers.
No Django here: the corpus can be built from a plain `python -m tests.notices.hostile_corpus`."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

MB = 1024 * 1024


# --- zip -------------------------------------------------------------------------------------------


@dataclass
class Entry:
    """One zip member as written: `stored` are the bytes after the local header, the rest are the
    header fields as declared (which need not be true)."""

    name: bytes
    stored: bytes
    method: int = zipfile.ZIP_DEFLATED
    crc: int = 0
    size: int = 0
    flags: int = 0
    version: int = 20
    local_name: bytes | None = None


def entry(name: str | bytes, content: bytes, method: int = zipfile.ZIP_DEFLATED, **fields) -> Entry:
    """An honest member holding `content` (fields may then be overridden to lie)."""
    raw_name = name if isinstance(name, bytes) else name.encode()
    stored = deflate(content) if method == zipfile.ZIP_DEFLATED else content
    honest = {"crc": zlib.crc32(content), "size": len(content)}
    return Entry(raw_name, stored, method, **(honest | fields))


def zip_of(entries: list[Entry], *, directory_offset_shift: int = 0) -> bytes:
    """A zip with exactly these local headers, central directory and end record."""
    out, central = bytearray(), bytearray()
    for e in entries:
        offset = len(out)
        local_name = e.name if e.local_name is None else e.local_name
        flags = e.flags | (0x800 if any(b > 127 for b in e.name) else 0)
        out += struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            e.version,
            flags,
            e.method,
            0,
            0x21,
            e.crc,
            len(e.stored),
            e.size,
            len(local_name),
            0,
        )
        out += local_name + e.stored
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            e.version,
            flags,
            e.method,
            0,
            0x21,
            e.crc,
            len(e.stored),
            e.size,
            len(e.name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += e.name
    directory = len(out) + directory_offset_shift
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), directory, 0)
    return bytes(out)


def members_of(data: bytes) -> list[Entry]:
    """The members of a well-formed zip as honest entries (to be altered and written again)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [entry(info.filename, archive.read(info)) for info in archive.infolist()]


def deflate(content: bytes, level: int = 6) -> bytes:
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    return packer.compress(content) + packer.flush()


def deflated_zeros(megabytes: int) -> bytes:
    """A raw deflate stream of `megabytes` MB of zeros (about 1 KB per MB), built without inflating:
    after a full flush the compressor forgets everything, so each MB compresses to the same block."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packer.compress(bytes(MB))
    packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(bytes(MB)) + packer.flush(zlib.Z_FULL_FLUSH)
    return block * megabytes + packer.flush()


def zlib_zeros(megabytes: int) -> bytes:
    """The same as a zlib stream (header and Adler-32 trailer), as PDF FlateDecode wants it."""
    size = megabytes * MB
    adler = ((size % 65521) << 16) | 1  # Adler-32 of zeros: a stays 1, b adds 1 per byte
    return b"\x78\xda" + deflated_zeros(megabytes) + struct.pack(">I", adler)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# --- PDF -------------------------------------------------------------------------------------------


def stream(content: bytes, fields: bytes = b"") -> bytes:
    return b"<< " + fields + b" /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


def pdf_of(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF with these objects numbered 1, 2, … (1 must be the catalog) and a correct xref table."""
    out, offsets = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer_extra + b" >>\n"
    return out + b"startxref\n%d\n%%%%EOF\n" % xref


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pages_pdf(
    contents: list[bytes],
    extra_objects: list[bytes] = (),
    trailer_extra: bytes = b"",
    resources: bytes = b"<< /Font << /F1 3 0 R >> >>",
) -> bytes:
    """A PDF with one page per content stream (already encoded, with its dictionary fields), Helvetica
    as /F1. Objects: 1 catalog, 2 pages, 3 font, then each page and its content, then the extras."""
    count = len(contents)
    extra_start = 4 + 2 * count
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        FONT,
    ]
    for i, content in enumerate(contents):
        page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %d 0 R >>"
        objects.append(page % (resources, 5 + 2 * i))
        objects.append(content if content.startswith(b"<<") else stream(content))
    assert len(objects) + 1 == extra_start  # the number the first extra object gets
    return pdf_of([*objects, *extra_objects], trailer_extra)


def text_content(lines: list[str], size: int = 11) -> bytes:
    """A content stream writing ASCII lines from the top of an A4 page."""
    out = [b"BT /F1 %d Tf 56 790 Td %d TL" % (size, size + 4)]
    for line in lines:
        escaped = line.encode("latin-1").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        out.append(b"(" + escaped + b") Tj T*")
    out.append(b"ET")
    return b"\n".join(out)


# --- OLE compound file (the container of .doc, .xls and encrypted .docx/.xlsx) ----------------------


def ole_container(stream_names: list[str]) -> bytes:
    """A minimal compound file: header, one FAT sector, one directory sector naming the streams (all
    empty). Enough for anything that looks at the signature and the directory."""
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 40, 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE)
    struct.pack_into("<I", header, 72, 0)  # no DIFAT sectors
    struct.pack_into("<I", header, 76, 0)  # DIFAT[0]: the FAT is sector 0
    header[80:512] = b"\xff" * 432
    fat = struct.pack("<II", 0xFFFFFFFD, 0xFFFFFFFE) + b"\xff" * 504
    directory = bytearray()
    for index, (name, kind) in enumerate([("Root Entry", 5)] + [(n, 2) for n in stream_names]):
        raw = (name + "\0").encode("utf-16-le")
        record = bytearray(128)
        record[0 : len(raw)] = raw
        struct.pack_into("<HBB", record, 64, len(raw), kind, 1)
        right = index + 1 if 0 < index < len(stream_names) else 0xFFFFFFFF
        child = 1 if index == 0 and stream_names else 0xFFFFFFFF
        struct.pack_into("<III", record, 68, 0xFFFFFFFF, right, child)
        struct.pack_into("<IQ", record, 116, 0xFFFFFFFE, 0)
        directory += record
    directory += bytes(512 - len(directory) % 512) if len(directory) % 512 else b""
    return bytes(header) + fat + bytes(directory)
