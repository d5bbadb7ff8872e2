"""Read any accepted notice file into the neutral grid, after the upload safety checks."""

from .grid import Document, ReadError
from .readers.safety import decode_text, extension_warning, sniff


def read_document(data: bytes, filename: str = "") -> tuple[Document, str]:
    """The document and its kind ("docx", "pdf", "xlsx", "text"); ReadError with a Chinese message."""
    kind = sniff(data, filename)
    if kind == "docx":
        from .readers.docx import read_docx

        doc = read_docx(data, filename)
    elif kind == "pdf":
        from .readers.pdf import read_pdf

        doc = read_pdf(data, filename)
    elif kind == "xlsx":
        from .readers.xlsx import read_xlsx

        doc = read_xlsx(data, filename)
    else:
        from .readers.text import read_text

        doc = read_text(decode_text(data), filename)
    if note := extension_warning(kind, filename):
        doc.warnings.append(note)
    if not doc.blocks:
        raise ReadError("文件中没有可识别的内容。")
    return doc, kind


__all__ = ["ReadError", "read_document"]
