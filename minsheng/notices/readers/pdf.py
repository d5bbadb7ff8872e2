"""PDF → neutral grid, page by page with pdfplumber (each page is released before the next is read).

What it emits, in reading order (top to bottom on each page):
- text outside tables as Paragraphs: one per line, except that a line reaching the right margin is joined
  with the next when that one starts at the left margin (a wrapped line of one paragraph, not a new
  indented paragraph or a new 一、/（一）/1. item); page numbers in the top or bottom margin are dropped;
- tables found from ruling lines as Tables; on a page without ruled tables, runs of lines whose phrases
  start at the same 3 or more column positions also make a Table (a line with an empty first column
  continues the row above). A cell keeps one Run per stretch of bold / non-bold words
  (bold = font name with Bold/Heavy/Black/",B") and "\\n" between its text lines. A cell spanning
  several columns is one Cell with colspan; the rows below a vertically merged cell get
  Cell(continued=True).
- a table continuing on the next page (it ended low on its page, and the first block of the next page is
  a table with the same number of columns and the same left and right edges) is appended to the previous Table. The continued part's rows are emitted as they are,
  including a repeated header row (the extractor drops repeated headers); a row broken by the page
  break (its key cell, e.g. 序号, empty while other cells have text) is joined into the previous row,
  cell by cell with "\\n"; an empty first-row cell that continues a vertical merge from the previous
  page becomes continued=True.
A PDF without any extractable text (a scan) raises ReadError; pages without text in an otherwise
readable PDF are named in Document.warnings.
"""

from __future__ import annotations

import io
import itertools
import re
from bisect import bisect_right

from minsheng.notices.readers.grid import Cell, Document, Paragraph, ReadError, Run, Table
from minsheng.notices.readers.pdf_bounds import BoundedPage, ContentBudget, PageTooComplex
from minsheng.notices.readers.pdf_pages import Block, PageAssembler, join_runs
from minsheng.notices.readers.pdfguard import MAX_PDF_PAGES, check_pdf_streams
from minsheng.notices.readers.safety import block_parts, check_length

RULED = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
X_TOLERANCE = 3
LINE_TOLERANCE = 3
BOLD_MARKERS = ("bold", "heavy", "black", ",b")
PAGE_NUMBER = re.compile(
    r"^[\s\-—–－·•]*(第\s*)?\d{1,4}(\s*页)?(\s*[/／]\s*\d+|\s*共\s*\d+\s*页)?[\s\-—–－·•]*$"
)
ITEM_START = re.compile(
    r"^\s*([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]|"
    r"[①-⑳]|第[一二三四五六七八九十\d]+|附件)"
)
SCAN_MESSAGE = "该 PDF 没有可提取的文字（可能是扫描件），请提供 Word 版本或可复制文字的 PDF"
COMPLEX_MESSAGE = (
    "PDF 第 {} 页内容过于复杂（字符或图形数量异常），无法读取，请提供 Word 版本或可复制文字的 PDF"
)


def read_pdf(data: bytes, source_name: str = "") -> Document:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError

    check_pdf_streams(data)  # before pdfminer inflates anything
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as error:  # pdfplumber wraps pdfminer's errors; the wrapped one tells encryption apart
        causes = (error, error.__cause__, error.__context__, *error.args)
        if any(isinstance(cause, PDFEncryptionError) for cause in causes):
            raise ReadError("PDF 文件已加密（需要密码），请提供未加密的版本") from None
        raise ReadError("PDF 文件已损坏或不完整，无法读取，请重新导出后再导入") from None
    try:
        _check_page_count(pdf)
    except ReadError:
        pdf.close()
        raise
    document = Document(source_name=source_name)
    assembler = PageAssembler(document)
    pages_without_text, page_count, parts = [], 0, 0
    with pdf:
        try:
            for page in _iter_pages(pdf):
                page_count += 1
                try:
                    blocks = _read_page(page)
                except PageTooComplex:
                    raise ReadError(COMPLEX_MESSAGE.format(page.page_number)) from None
                finally:
                    page.close()
                if blocks is None:
                    pages_without_text.append(page.page_number)
                else:
                    parts += sum(block_parts(block.block) for block in blocks)
                    check_length(parts)  # page by page: a long file stops before it is all in memory
                    assembler.add_page(blocks)
        except ReadError:
            raise
        except Exception:  # damaged content streams raise all kinds of pdfminer errors
            raise ReadError("PDF 文件已损坏或不完整，无法读取，请重新导出后再导入") from None
    if page_count == 0:
        raise ReadError("PDF 文件没有任何页面，请重新导出后再导入")
    if len(pages_without_text) == page_count:
        raise ReadError(SCAN_MESSAGE)
    if pages_without_text:
        listed = "、".join(str(n) for n in pages_without_text[:20])
        document.warnings.append(f"第 {listed} 页没有可提取的文字（可能是扫描页），这些页的内容未读入")
    return document


def _check_page_count(pdf) -> None:
    """The page tree walked (no page content read): ReadError beyond MAX_PDF_PAGES."""
    from pdfminer.pdfpage import PDFPage

    try:
        pages = sum(1 for _ in itertools.islice(PDFPage.create_pages(pdf.doc), MAX_PDF_PAGES + 1))
    except Exception:  # a broken page tree: reading the pages will say so
        return
    if pages > MAX_PDF_PAGES:
        raise ReadError(
            f"PDF 超过 {MAX_PDF_PAGES} 页，超出通知文件的合理篇幅，请只保留通知正文和项目表后再导入"
        )


def _iter_pages(pdf):
    """The pages one at a time. Unlike `pdf.pages`, nothing keeps a page (and the decoded content
    streams it holds) once it is read, and pdfminer's object cache is emptied between pages, so memory
    stays flat however long the file is (fonts stay cached in the resource manager)."""
    from pdfminer.pdfpage import PDFPage

    budget = ContentBudget()
    for number, page_obj in enumerate(PDFPage.create_pages(pdf.doc), 1):
        page = BoundedPage(pdf, page_obj, page_number=number)
        page.budget = budget
        yield page
        cache = getattr(pdf.doc, "_cached_objs", None)
        if isinstance(cache, dict):
            cache.clear()


def is_bold_font(fontname: str) -> bool:
    name = (fontname or "").lower()
    return any(marker in name for marker in BOLD_MARKERS)


def _read_page(page) -> list[Block] | None:
    """The page's blocks in reading order; None when the page has no text at all."""
    words = page.extract_words(x_tolerance=X_TOLERANCE, y_tolerance=LINE_TOLERANCE, extra_attrs=["fontname"])
    if not words:
        return None
    grids = [_Grid(t) for t in page.find_tables(RULED) if len(t.cells) > 1]
    outside = []
    for word in words:
        x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
        grid = next((g for g in grids if g.contains(x, y)), None)
        if grid is None:
            outside.append(word)
        else:
            grid.add(word, x, y)
    blocks = [Block(g.bbox[1], g.table(), g.bbox[0], g.bbox[2], g.bbox[3] > 0.7 * page.height) for g in grids]
    lines = _lines(outside)
    if not grids:
        aligned, lines = _aligned_tables(lines, page.height)
        blocks += aligned
    blocks += _paragraphs(lines, page.height)
    blocks.sort(key=lambda b: b.top)
    return blocks


def _segments(line: list[dict]) -> list[list[dict]]:
    """A line's words grouped into phrases; a gap wider than one character separates two phrases."""
    segments: list[list[dict]] = []
    for word in line:
        if segments and word["x0"] - segments[-1][-1]["x1"] <= word["bottom"] - word["top"]:
            segments[-1].append(word)
        else:
            segments.append([word])
    return segments


def _aligned_tables(lines: list[list[dict]], page_height: float) -> tuple[list[Block], list[list[dict]]]:
    """Tables without ruling lines: runs of lines whose phrases start at the same (3 or more) column
    positions. A line whose first column is empty continues the row above (a wrapped cell).
    Returns the tables and the lines left over."""
    tables, rest, index = [], [], 0
    while index < len(lines):
        end = index
        first_x = lines[index][0]["x0"]
        height = lines[index][0]["bottom"] - lines[index][0]["top"]
        seen_starts: list[float] = []
        while end < len(lines):
            segments = _segments(lines[end])
            x0 = lines[end][0]["x0"]
            if len(segments) >= 2:
                seen_starts += [segment[0]["x0"] for segment in segments]
            elif x0 <= first_x + height or all(abs(x0 - x) > 0.6 * height for x in seen_starts):
                break
            end += 1
        block = lines[index:end]
        multi = [line for line in block if len(_segments(line)) >= 2]
        starts = _cluster([seg[0]["x0"] for line in multi for seg in _segments(line)], 0.6 * height)
        starts = [
            x
            for x in starts
            if sum(1 for line in multi for seg in _segments(line) if abs(seg[0]["x0"] - x) <= 0.6 * height)
            >= 2
        ]
        if len(multi) < 3 or len(starts) < 3:
            rest.append(lines[index])
            index += 1
            continue
        rows: list[list[list[dict]]] = []
        for line in block:
            cells: list[list[dict]] = [[] for _ in starts]
            for segment in _segments(line):
                column = max(0, bisect_right(starts, segment[0]["x0"] + 0.6 * height) - 1)
                cells[column] += segment
            if rows and not cells[0]:
                for column, words in enumerate(cells):
                    rows[-1][column] += words
            else:
                rows.append(cells)
        table = Table([[Cell(_cell_runs(words)) for words in row] for row in rows])
        x1 = max(word["x1"] for line in block for word in line)
        bottom = block[-1][0]["bottom"]
        tables.append(Block(block[0][0]["top"], table, starts[0], x1, bottom > 0.7 * page_height))
        index = end
    return tables, rest


def _lines(words: list[dict]) -> list[list[dict]]:
    """Words grouped into text lines (by vertical position), each sorted left to right."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and abs(word["top"] - lines[-1][0]["top"]) <= LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _line_runs(line: list[dict]) -> list[Run]:
    runs: list[Run] = []
    previous = None
    for word in line:
        text = word["text"]
        if previous is not None and (
            word["x0"] - previous["x1"] > X_TOLERANCE or word["fontname"] == previous["fontname"]
        ):
            text = " " + text
        bold = is_bold_font(word["fontname"])
        if runs and runs[-1].bold == bold:
            runs[-1] = Run(runs[-1].text + text, bold)
        else:
            runs.append(Run(text, bold))
        previous = word
    return runs


def _paragraphs(lines: list[list[dict]], page_height: float) -> list[Block]:
    lines = [line for line in lines if not _is_page_number(line, page_height)]
    if not lines:
        return []
    left = min(line[0]["x0"] for line in lines)
    right = max(line[-1]["x1"] for line in lines)
    blocks: list[Block] = []
    previous = None
    for line in lines:
        runs = _line_runs(line)
        height = line[0]["bottom"] - line[0]["top"]
        text = "".join(r.text for r in runs)
        if previous is not None and _continues(previous, line, left, right, text):
            last = blocks[-1].block.runs
            separator = " " if last[-1].text[-1:].isascii() and text[:1].isascii() else ""
            blocks[-1].block.runs = join_runs(last, runs, separator)
        else:
            blocks.append(Block(line[0]["top"], Paragraph(runs), line[0]["x0"], line[-1]["x1"]))
        previous = line if height > 0 else None
    return blocks


def _continues(previous: list[dict], line: list[dict], left: float, right: float, text: str) -> bool:
    """Whether `line` is the wrapped continuation of the paragraph that `previous` belongs to."""
    height = previous[0]["bottom"] - previous[0]["top"]
    return (
        previous[-1]["x1"] >= right - 1.5 * height
        and line[0]["x0"] <= left + 0.5 * height
        and 0 <= line[0]["top"] - previous[0]["bottom"] <= 1.2 * height
        and abs((line[0]["bottom"] - line[0]["top"]) - height) <= 0.2 * height
        and not ITEM_START.match(text)
    )


def _is_page_number(line: list[dict], page_height: float) -> bool:
    text = " ".join(w["text"] for w in line)
    in_margin = line[0]["top"] > page_height * 0.88 or line[0]["bottom"] < page_height * 0.1
    return in_margin and bool(PAGE_NUMBER.match(text))


def _cluster(values: list[float], tolerance: float = 1.0) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > tolerance:
            out.append(value)
    return out


class _Grid:
    """A pdfplumber table as a grid of logical rows and columns, collecting the words of its cells."""

    def __init__(self, table):
        self.bbox = table.bbox
        self.cells = list(table.cells)
        self.xs = _cluster([c[0] for c in self.cells])
        self.ys = _cluster([c[1] for c in self.cells])
        self.owner: list[list[int | None]] = [[None] * len(self.xs) for _ in self.ys]
        self.spans = []
        for index, (x0, top, x1, bottom) in enumerate(self.cells):
            row, col = self._index(self.ys, top), self._index(self.xs, x0)
            rows = max(1, sum(1 for y in self.ys if top - 1 <= y < bottom - 1))
            cols = max(1, sum(1 for x in self.xs if x0 - 1 <= x < x1 - 1))
            self.spans.append((row, col, rows, cols))
            for r in range(row, min(row + rows, len(self.ys))):
                for c in range(col, min(col + cols, len(self.xs))):
                    self.owner[r][c] = index
        self.words: list[list[dict]] = [[] for _ in self.cells]

    @staticmethod
    def _index(edges: list[float], value: float) -> int:
        return max(0, bisect_right(edges, value + 1) - 1)

    def contains(self, x: float, y: float) -> bool:
        x0, top, x1, bottom = self.bbox
        return x0 <= x <= x1 and top <= y <= bottom

    def add(self, word: dict, x: float, y: float) -> None:
        owner = self.owner[self._index(self.ys, y - 1)][self._index(self.xs, x - 1)]
        if owner is not None:
            self.words[owner].append(word)

    def table(self) -> Table:
        rows = []
        for r, owners in enumerate(self.owner):
            row, c = [], 0
            while c < len(owners):
                index = owners[c]
                if index is None:
                    row.append(Cell())
                    c += 1
                    continue
                first_row, first_col, _, cols = self.spans[index]
                span = max(1, first_col + cols - c)
                if first_row == r:
                    runs = _cell_runs(self.words[index], right=self.cells[index][2])
                    row.append(Cell(runs, colspan=span))
                else:
                    row.append(Cell(colspan=span, continued=True))
                c += span
            rows.append(row)
        return Table(rows)


def _cell_runs(words: list[dict], right: float | None = None) -> list[Run]:
    """A cell's lines. A line that fills the cell to its right edge wrapped softly and joins the next
    without a break ("县民政" / "局" is one name), unless the next line starts something new (a unit of
    some level, an item number); a shorter line ends with a line break."""
    runs: list[Run] = []
    previous = None
    for line in _lines(words):
        starts_new = _STARTS_NEW.match(line[0]["text"])
        soft = (
            previous is not None
            and right is not None
            and _fills(previous, right)
            and not starts_new
            and not _ENDS_NAME.search(previous[-1]["text"])
        )
        runs = join_runs(runs, _line_runs(line), "" if soft else "\n") if runs else _line_runs(line)
        previous = line
    return runs


# A line ending so ends a unit name ("市交通运输局" / "兖州区"); "县人力资源社" / "会保障局" does not.
_ENDS_NAME = re.compile(r"(局|委|办|室|中心|公司|集团|政府|管委会|街道|队|院|部|所|站|厅|馆|处|区|县|[)）])$")
_STARTS_NEW = re.compile(
    r"[市县区省镇乡各]|有关|相关|团[市县区]|[①-⑳]|\d+[、.．]|[一二三四五六七八九十]+[、.．]|[（(]"
)


def _fills(line: list[dict], right: float) -> bool:
    last = line[-1]
    char_width = (last["x1"] - last["x0"]) / max(1, len(last["text"]))
    return right - last["x1"] < 2.5 * char_width
