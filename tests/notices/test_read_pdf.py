"""PDF reader on PDFs that LibreOffice makes from Word notices built here: paragraphs, bold runs, line
breaks in cells, merged cells, a table over several pages with a repeated header row and rows broken
across pages, page numbers; and scanned, encrypted and damaged PDFs."""

import shutil
import subprocess
import time
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

from minsheng.notices.readers.grid import ReadError
from minsheng.notices.readers.pdf import SCAN_MESSAGE, read_pdf
from tests.notices.test_safety import encrypted_pdf, minimal_pdf, text_pdf

HEADER = ["序号", "项目名称", "内容概述", "工作目标", "承办单位"]
PROSE = (
    "2024年市政府重点民生实事已经市十八届人大三次会议审议通过，现印发给你们，请认真抓好落实。"
    "全市各级各有关部门、单位要坚持以群众呼声为第一信号，切实把办好重点民生实事项目作为重中之重，"
    "科学制定实施方案，明确任务目标，压实工作责任，确保各项目标如期兑现。"
)
LONG_CONTENT = "内容概述" * 300


def soffice() -> str | None:
    """LibreOffice's command, waiting a little if it is being installed."""
    for _ in range(6):
        found = shutil.which("soffice") or (Path("/usr/bin/soffice").exists() and "/usr/bin/soffice")
        if found:
            return found
        time.sleep(5)
    return None


def convert_to_pdf(paths: list[Path], outdir: Path) -> None:
    command = soffice()
    if command is None:
        pytest.skip("LibreOffice (soffice) is not installed: the PDFs under test are made from .docx with it")
    profile = outdir / "libreoffice-profile"  # a private profile, so parallel runs do not share a lock
    subprocess.run(
        [
            command,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, paths),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )


def mark_repeated_header(row) -> None:
    """w:tblHeader: Word and LibreOffice repeat this row at the top of every page the table runs onto."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def add_page_number_footer(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("— ")
    paragraph._p.append(
        parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>')
    )
    paragraph.add_run(" —")


def notice_docx(path: Path, items: int = 40, long_item: int = 12, repeat_header: bool = True) -> Path:
    """A notice: bold title, an indented paragraph that wraps, then a 5-column table with a bold header
    row, a merged category row, bold lead units, line breaks in cells and one item long enough to run
    over several pages."""
    document = docx.Document()
    add_page_number_footer(document.sections[0])
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("关于办好2024年重点民生实事的通知").bold = True
    prose = document.add_paragraph(PROSE)
    prose.paragraph_format.first_line_indent = Pt(21)
    document.add_paragraph("附件")
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    if repeat_header:
        mark_repeated_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    category = table.add_row().cells
    category[0].merge(category[4]).paragraphs[0].add_run("一、幼有善育").bold = True
    for number in range(1, items + 1):
        cells = table.add_row().cells
        cells[0].text = str(number)
        cells[1].text = f"项目{number}"
        cells[2].text = LONG_CONTENT if number == long_item else "内容概述" * 3
        target = cells[3].paragraphs[0].add_run(f"新增{number}万个")
        target.add_break()
        target.add_text("年底前")
        unit = cells[4].paragraphs[0]
        unit.add_run("市卫生健康委").bold = True
        unit.add_run("，市发展改革委")
    document.save(path)
    return path


def merges_docx(path: Path) -> Path:
    document = docx.Document()
    table = document.add_table(rows=5, cols=4)
    table.style = "Table Grid"
    for col, text in enumerate(["序号", "项目名称", "工作目标", "承办单位"]):
        table.cell(0, col).text = text
    table.cell(1, 0).merge(table.cell(1, 3)).paragraphs[0].add_run("二、老有颐养").bold = True
    for row in (2, 3, 4):
        table.cell(row, 0).text = str(row - 1)
        table.cell(row, 1).text = f"养老项目{row - 1}"
        table.cell(row, 2).text = "新增床位"
    table.cell(2, 3).text = "市民政局"
    table.cell(2, 3).merge(table.cell(4, 3))
    document.save(path)
    return path


def borderless_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("2024年民生实事项目表")
    table = document.add_table(rows=5, cols=4)  # the template's default table style draws no lines
    for col, text in enumerate(["序号", "项目名称", "完成时限", "牵头单位"]):
        table.cell(0, col).text = text
    for row in range(1, 5):
        for col, text in enumerate([str(row), f"项目{row}", f"{row + 5}月底", "市民政局"]):
            table.cell(row, col).text = text
    document.save(path)
    return path


def category_column_docx(path: Path) -> Path:
    """Categories in a first column merged down over their items, across page breaks; item 20 is long
    enough to break over a page."""
    document = docx.Document()
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    mark_repeated_header(table.rows[0])
    for cell, text in zip(
        table.rows[0].cells, ["类别", "序号", "项目名称", "实施内容", "责任单位"], strict=True
    ):
        cell.text = text
    number = 0
    for category, count in (("一、幼有善育", 12), ("二、学有优教", 14)):
        first = len(table.rows)
        for _ in range(count):
            number += 1
            cells = table.add_row().cells
            cells[1].text = str(number)
            cells[2].text = f"项目{number}"
            cells[3].text = "实施内容" * (120 if number == 20 else 8)
            cells[4].text = "县教体局"
        table.cell(first, 0).text = category
        table.cell(first, 0).merge(table.cell(len(table.rows) - 1, 0))
    document.save(path)
    return path


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("pdfs")
    sources = [
        notice_docx(folder / "notice.docx"),
        notice_docx(folder / "no_header.docx", items=25, long_item=10, repeat_header=False),
        merges_docx(folder / "merges.docx"),
        borderless_docx(folder / "borderless.docx"),
        category_column_docx(folder / "category_column.docx"),
    ]
    convert_to_pdf(sources, folder)
    return {path.stem: (folder / f"{path.stem}.pdf").read_bytes() for path in sources}


def item_rows(table):
    return [row for row in table.rows if row[0].text.strip().isdigit()]


def test_paragraphs_keep_bold_and_wrapped_lines_are_joined(pdfs):
    paragraphs = read_pdf(pdfs["notice"], "notice.pdf").paragraphs()
    assert paragraphs[0].text == "关于办好2024年重点民生实事的通知" and paragraphs[0].is_bold
    assert paragraphs[1].text == PROSE and not paragraphs[1].is_bold
    assert paragraphs[2].text == "附件"


def test_page_numbers_are_dropped(pdfs):
    document = read_pdf(pdfs["notice"])
    assert not [
        p.text for p in document.paragraphs() if any(ch.isdigit() for ch in p.text) and len(p.text) < 8
    ]


def test_table_over_several_pages_is_one_table_with_repeated_headers_kept(pdfs):
    document = read_pdf(pdfs["notice"])
    assert len(document.tables()) == 1
    table = document.tables()[0]
    assert table.width() == 5
    headers = [row for row in table.rows if [c.text for c in row] == HEADER]
    assert len(headers) >= 3  # one per page the table runs over
    assert all(c.bold_texts() == [c.text] for c in headers[0])
    assert [row[0].text for row in item_rows(table)] == [str(n) for n in range(1, 41)]


def test_row_broken_across_pages_is_joined(pdfs):
    for name, long_item, items in (("notice", 12, 40), ("no_header", 10, 25)):
        table = read_pdf(pdfs[name]).tables()[0]
        rows = item_rows(table)
        assert len(rows) == items
        assert rows[long_item - 1][2].text.replace("\n", "") == LONG_CONTENT
        dangling = [row for row in table.rows if not row[0].text.strip() and not row[0].continued]
        assert dangling == [], name


def test_cells_keep_bold_runs_and_line_breaks(pdfs):
    table = read_pdf(pdfs["notice"]).tables()[0]
    for number, row in enumerate(item_rows(table), 1):
        target, unit = row[3], row[4]
        # A line that fills its cell reads as wrapped, so the break may be joined; the text is whole.
        assert target.text.replace("\n", "") == f"新增{number}万个年底前"
        assert unit.text.replace("\n", "") == "市卫生健康委，市发展改革委"
        assert "".join(unit.bold_texts()).replace("\n", "") == "市卫生健康委"


def test_horizontal_merge_gives_colspan(pdfs):
    table = read_pdf(pdfs["notice"]).tables()[0]
    category = table.rows[1]
    assert len(category) == 1 and category[0].colspan == 5
    assert category[0].text == "一、幼有善育" and category[0].bold_texts() == ["一、幼有善育"]


def test_vertical_merge_gives_continued_cells(pdfs):
    table = read_pdf(pdfs["merges"]).tables()[0]
    assert [c.text for c in table.rows[0]] == ["序号", "项目名称", "工作目标", "承办单位"]
    assert table.rows[1][0].colspan == 4 and table.rows[1][0].text == "二、老有颐养"
    units = [row[-1] for row in table.rows[2:]]
    assert units[0].text == "市民政局" and not units[0].continued
    assert [c.continued for c in units[1:]] == [True, True]
    assert [row[1].text for row in table.rows[2:]] == ["养老项目1", "养老项目2", "养老项目3"]


def test_merged_category_column_over_page_breaks(pdfs):
    table = read_pdf(pdfs["category_column"]).tables()[0]
    rows = [row for row in table.rows if row[1].text.isdigit()]
    assert [row[1].text for row in rows] == [str(n) for n in range(1, 27)]
    assert [row[0].text for row in rows if not row[0].continued] == ["一、幼有善育", "二、学有优教"]
    assert rows[19][3].text.replace("\n", "") == "实施内容" * 120
    assert all(row[3].text.replace("\n", "") == "实施内容" * 8 for n, row in enumerate(rows, 1) if n != 20)


def test_table_without_ruling_lines_is_found_by_text_alignment(pdfs):
    document = read_pdf(pdfs["borderless"])
    assert document.paragraphs()[0].text == "2024年民生实事项目表"
    table = document.tables()[0]
    texts = [[c.text for c in row] for row in table.rows]
    assert ["序号", "项目名称", "完成时限", "牵头单位"] in texts
    assert ["3", "项目3", "8月底", "市民政局"] in texts


def test_scanned_pdf_is_refused():
    image = (
        b"/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8",
    )
    scanned = minimal_pdf(
        b"q 400 0 0 600 100 100 cm /Im1 Do Q",
        resources=b"<< /XObject << /Im1 5 0 R >> >>",
        extra_objects=[(b"\x00\xff\xff\x00", *image)],
    )
    with pytest.raises(ReadError) as error:
        read_pdf(scanned)
    assert str(error.value) == SCAN_MESSAGE


def test_simple_text_pdf():
    document = read_pdf(text_pdf(b"Notice 2024"), "a.pdf")
    assert [p.text for p in document.paragraphs()] == ["Notice 2024"]
    assert document.source_name == "a.pdf"


def test_encrypted_and_damaged_pdfs():
    with pytest.raises(ReadError, match="加密"):
        read_pdf(encrypted_pdf())
    with pytest.raises(ReadError, match="损坏"):
        read_pdf(b"%PDF-1.4\nnot really a pdf")
