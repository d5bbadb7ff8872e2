"""Compression bombs in PDFs, found before pdfminer reads the file.

pdfminer inflates a FlateDecode stream with one unbounded `zlib.decompress` (a 600 KB stream can ask
for 600 MB), and retries a damaged one byte by byte with quadratic copying. So every stream in the file
is inflated here first, in bounded steps and without keeping the output: a stream may inflate to at most
MAX_PDF_STREAM_BYTES, all streams together to MAX_PDF_INFLATED_BYTES (for a PDF only stored, images are
allowed more and not counted: opening the structure never decodes them), and a damaged stream is refused
when pdfminer's byte-by-byte retry of it would be costly. Streams wrapped in ASCII85/ASCIIHex, and a
Flate stream inside a Flate stream, are followed too. LZW streams are not measured (pdfminer's pure-Python
LZW decoder is slow rather than greedy); the page limits in the PDF reader bound what a page may draw.
"""

from __future__ import annotations

import re
import zlib

from minsheng.notices.readers.grid import ReadError
from minsheng.notices.readers.inflation import OUT_CHUNK, Inflation

MAX_PDF_PAGES = 500  # for reading (the PDF reader's limit)
MAX_PDF_STREAM_BYTES = 32 * 1024 * 1024  # a 300 dpi A4 colour scan is ~26 MB
MAX_PDF_INFLATED_BYTES = 160 * 1024 * 1024
# For a PDF only stored (an attachment), images are never decoded: they may be larger and not counted.
MAX_STORED_IMAGE_BYTES = 256 * 1024 * 1024
# pdfminer's retry of a damaged stream copies its output once per input byte: refuse above this cost.
MAX_DAMAGED_COST = 2 * 10**9

_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_ASCII85 = re.compile(rb"/(?:ASCII85Decode|A85)\b")
_ASCIIHEX = re.compile(rb"/(?:ASCIIHexDecode|AHx)\b")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
TOO_BIG = (
    "PDF 文件中有一段数据解压后超过 {} MB（超大图片或疑似压缩炸弹），无法读取，请重新导出或提供 Word 版本"
)
BOMB = "PDF 文件解压后的数据总量异常（疑似压缩炸弹），已拒绝导入"
DAMAGED = "PDF 文件已损坏或不完整，无法读取，请重新导出后再导入"


class _Budget:
    def __init__(self):
        self.total = 0

    def spend(self, produced_in_stream: int, piece: int, limit: int, counted: bool) -> None:
        if produced_in_stream > limit:
            raise ReadError(TOO_BIG.format(limit // 1024 // 1024))
        if counted:
            self.total += piece
            if self.total > MAX_PDF_INFLATED_BYTES:
                raise ReadError(BOMB)


def check_pdf_streams(data: bytes, *, reading: bool = True) -> None:
    """ReadError when a stream of the PDF inflates beyond the caps or is damaged in a costly way.
    `reading=False` (a PDF that is only stored) lets images be larger: pdfminer does not decode them
    to open the file's structure."""
    budget = _Budget()
    position = 0
    while match := _STREAM.search(data, position):
        start = match.end()
        head = data[max(0, match.start() - 2048) : match.start()]
        dictionary = head[head.rfind(b"obj") + 3 :] if b"obj" in head else head
        image = not reading and bool(_IMAGE.search(dictionary))
        limit, counted = (MAX_STORED_IMAGE_BYTES, False) if image else (MAX_PDF_STREAM_BYTES, True)
        raw = memoryview(data)[start:]
        consumed = _measure(raw, budget, limit, counted) if _zlib_header(raw) else 0
        if _ASCII85.search(dictionary) or _ASCIIHEX.search(dictionary):
            end = data.find(b"endstream", start)
            unwrapped = memoryview(_unwrap_ascii(dictionary, data[start : end if end >= 0 else len(data)]))
            if _zlib_header(unwrapped):
                _measure(unwrapped, budget, limit, counted)
        # The next stream starts after this one's compressed bytes (each byte is inflated once).
        position = start + consumed


def _unwrap_ascii(head: bytes, text: bytes) -> bytes:
    from pdfminer.ascii85 import ascii85decode, asciihexdecode

    try:
        return ascii85decode(text) if _ASCII85.search(head) else asciihexdecode(text)
    except Exception:  # not what the dictionary says: pdfminer gets nothing out of it either
        return b""


def _zlib_header(raw) -> bool:
    if len(raw) < 2:
        return False
    first, second = raw[0], raw[1]
    return first & 0x0F == 8 and first >> 4 <= 7 and (first * 256 + second) % 31 == 0


def _measure(raw: memoryview, budget: _Budget, limit: int, counted: bool) -> int:
    """Inflate `raw` (a zlib stream at its start) without keeping the output; the input bytes used."""
    inflation = Inflation(zlib.decompressobj(), raw)
    inner = None  # a zlib stream inside this one's output: inflated the same way
    produced = 0
    try:
        for piece in inflation:
            if produced == 0 and _zlib_header(piece):
                inner = _Inner(budget, limit, counted)
            produced += len(piece)
            budget.spend(produced, len(piece), limit, counted)
            if inner is not None:
                inner.feed(piece)
    except zlib.error:
        pass  # damaged: inflation.finished stays False
    if not inflation.finished and inflation.consumed * produced > MAX_DAMAGED_COST:
        raise ReadError(DAMAGED)
    return inflation.consumed


class _Inner:
    """A nested zlib stream fed piece by piece (Flate inside Flate), inflated in bounded steps."""

    def __init__(self, budget: _Budget, limit: int, counted: bool):
        self.inflater = zlib.decompressobj()
        self.budget = budget
        self.limit = limit
        self.counted = counted
        self.produced = 0
        self.done = False

    def feed(self, data: bytes) -> None:
        while data and not self.done:
            try:
                piece = self.inflater.decompress(data, OUT_CHUNK)
            except zlib.error:
                self.done = True
                return
            data = self.inflater.unconsumed_tail
            self.produced += len(piece)
            self.budget.spend(self.produced, len(piece), self.limit, self.counted)
            self.done = self.inflater.eof
