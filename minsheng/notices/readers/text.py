"""Plain-text and Markdown notices: the exports offices pass around.

Two table shapes are recognised line by line, and everything else is a paragraph:
- tab-separated rows ("1\\t项目\\t内容\\t单位"), whose cells may carry HTML (<p>…</p> for lines, <b> for bold,
  <br> for breaks), as PDF-to-Markdown and PDF-to-text tools write them;
- Word's text export, one cell per line starting with a tab, a line without a tab continuing the cell
  above (a line break inside the cell), and a blank line ending the row.
"""

import html
import re

from minsheng.notices.readers.grid import Cell, Document, Paragraph, Run, Table

_TAG = re.compile(r"(<b>|</b>|<strong>|</strong>|<br\s*/?>|</p>\s*<p>|<p>|</p>|<[^>]+>)", re.I)
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")


def _runs(text: str) -> list[Run]:
    """HTML-ish cell text to runs: bold from <b>/<strong>, line breaks from <br> and paragraphs."""
    runs: list[Run] = []
    bold = False
    for part in _TAG.split(text):
        if not part:
            continue
        tag = part.lower().replace(" ", "")
        if tag in ("<b>", "<strong>"):
            bold = True
        elif tag in ("</b>", "</strong>"):
            bold = False
        elif tag.startswith("<br") or tag.startswith("</p><p>"):
            runs.append(Run("\n"))
        elif tag in ("<p>", "</p>") or (tag.startswith("<") and tag.endswith(">")):
            continue
        else:
            runs.append(Run(html.unescape(part), bold))
    return runs


def _clean(line: str) -> str:
    return _BOOKMARK.sub("", line).replace("\u3000", " ").rstrip("\r")


def _is_word_cell(line: str) -> bool:
    return line.startswith("\t") and "\t" not in line[1:]


def _is_tab_row(line: str) -> bool:
    return "\t" in line.strip("\t") or (line.count("\t") >= 2)


def read_text(text: str, source_name: str = "") -> Document:
    doc = Document(source_name=source_name)
    table: Table | None = None
    row: list[Cell] | None = None  # Word-export row being collected

    def close_table():
        nonlocal table, row
        if row:
            table.rows.append(row)
        row = None
        if table is not None and table.rows:
            doc.blocks.append(table)
        table = None

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = _clean(raw)
        if _is_word_cell(line):
            if table is None:
                table = Table()
            if row is None:
                row = []
            row.append(Cell(_runs(line[1:])))
        elif row is not None and line.strip():
            # A line without a tab inside a Word-export row continues the last cell.
            row[-1].runs += [Run("\n"), *_runs(line)]
        elif row is not None:
            table.rows.append(row)
            row = None
        elif _is_tab_row(line):
            if table is None:
                table = Table()
            table.rows.append([Cell(_runs(c)) for c in line.split("\t")])
        elif not line.strip():
            continue  # a blank line between tab rows does not end the table
        else:
            close_table()
            doc.blocks.append(Paragraph(_runs(_MD_HEADING.sub("", line).strip())))
    close_table()
    return doc
