"""A draft from lines of text, as the importer reads a plain-text notice (shared by the notices tests)."""

from minsheng.notices.extraction.draft import extract
from minsheng.notices.readers.grid import Document, Paragraph


def draft_of(lines: list[str]) -> dict:
    return extract(Document(blocks=[Paragraph.of(line) for line in lines]))
