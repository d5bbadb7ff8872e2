"""Read any accepted notice file into the neutral grid, after the upload safety checks.

Every problem with the file itself comes out as ReadError with a Chinese message (the one error type the
import page and the `minsheng extract` / `minsheng import` commands catch)."""

from pathlib import Path

from minsheng.notices.readers.grid import Document, ReadError
from minsheng.notices.readers.safety import (
    MAX_UPLOAD_BYTES,
    block_parts,
    check_length,
    decode_text,
    extension_warning,
    sniff,
)


def read_file(path: Path) -> bytes:
    """A notice file's bytes from disk, for the commands; refused before reading when over the limit."""
    try:
        if not path.is_file():
            raise ReadError(f"文件不存在：{path}")
        size = path.stat().st_size
        if size > MAX_UPLOAD_BYTES:
            raise ReadError(
                f"文件超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB 上限（本文件 {size / 1024 / 1024:.1f} MB），"
                "请删除图片或拆分后再导入"
            )
        return path.read_bytes()
    except OSError as e:
        raise ReadError(f"无法读取文件：{path}（{e.strerror or e}）") from None


def read_document(data: bytes, filename: str = "") -> tuple[Document, str]:
    """The document and its kind ("docx", "pdf", "xlsx", "text"); ReadError with a Chinese message."""
    kind = sniff(data, filename)
    if kind == "docx":
        from minsheng.notices.readers.docx import read_docx

        doc = read_docx(data, filename)
    elif kind == "pdf":
        from minsheng.notices.readers.pdf import read_pdf

        doc = read_pdf(data, filename)
    elif kind == "xlsx":
        from minsheng.notices.readers.xlsx import read_xlsx

        doc = read_xlsx(data, filename)
    else:
        from minsheng.notices.readers.text import read_text

        doc = read_text(decode_text(data), filename)
    check_length(sum(block_parts(block) for block in doc.blocks))
    if note := extension_warning(kind, filename):
        doc.warnings.append(note)
    if not doc.blocks:
        raise ReadError("文件中没有可识别的内容。")
    return doc, kind


__all__ = ["ReadError", "read_document", "read_file"]
