"""The writers: a draft as the official 汇总表 in Word and Excel, Word → PDF, and the seed fixtures."""

import io
import re
import shutil

import docx
import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock

from minsheng.notices.writers import pdf as pdf_writer
from minsheng.notices.writers import word as writers
from minsheng.notices.writers.excel import draft_to_xlsx
from minsheng.notices.writers.word import BOLD_NOTE, DEFAULT_LAYOUT, Layout, draft_to_docx
from tests.notices import seed_documents

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HAS_SOFFICE = bool(shutil.which("soffice") or shutil.which("libreoffice"))
needs_soffice = pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice (soffice) is not installed here")
needs_seeds = pytest.mark.skipif(
    not seed_documents.SEEDS_DIR.is_dir(), reason=f"seed notices not found at {seed_documents.SEEDS_DIR}"
)


def project(seq, category, name, leads, cos, **extra):
    return {
        "seq": seq,
        "category": category,
        "name": name,
        "summary": "",
        "content": f"{name}的实施内容。",
        "lead_units": leads,
        "co_units": cos,
        "leaders": [],
        "deadline": None,
        "deadline_text": None,
        "targets": [],
        **extra,
    }


DRAFT = {
    "plan": {"title": "关于办好2025年民生实事的通知", "issuer": "某某县人民政府", "year": 2025},
    "categories": ["一、养老服务", "二、教育服务"],
    "projects": [
        project("1", "一、养老服务", "建设老年食堂", ["县民政局"], ["县财政局", "各乡镇（街道）"]),
        project("2", "一、养老服务", "安装火灾报警器", ["县消防救援大队", "县民政局"], ["各乡镇（街道）"]),
        project("3", "二、教育服务", "新增公办学位", ["县教育局"], []),
    ],
}
PREAMBLE = [
    "某某县人民政府文件",
    "某政发〔2025〕1号",
    "关于办好2025年民生实事的通知",
    "各乡镇人民政府：",
    "2025年民生实事已经县人大会议审议通过，现印发给你们，请认真抓好落实，确保各项实事如期完成。",
    "附件：2025年民生实事项目汇总表",
]
COLUMN_LAYOUT = Layout(
    category_style="column",
    name_column=False,
    separate_unit_columns=True,
    leaders_column=True,
    leaders_header="分管县领导",
    lead_header="责任单位",
)


def word_table(data: bytes):
    document = docx.Document(io.BytesIO(data))
    assert len(document.tables) == 1
    return document, document.tables[0]


def bold_stretches(cell) -> list[str]:
    out, current = [], ""
    for paragraph in cell.paragraphs:
        for run in paragraph.runs:
            if run.bold and run.text.strip():
                current += run.text
            elif current:
                out.append(current)
                current = ""
    return out + ([current] if current else [])


def tcs(row):
    return row._tr.findall(W + "tc")


# ---------------------------------------------------------------- Word


def test_word_table_has_header_category_and_project_rows():
    _, table = word_table(draft_to_docx(DRAFT, DEFAULT_LAYOUT))
    assert [c.text for c in table.rows[0].cells] == ["序号", "项目名称", "实施内容及工作目标", "承办单位"]
    assert len(table.rows) == 1 + 2 + 3
    heading = table.rows[1]
    assert len(tcs(heading)) == 1 and tcs(heading)[0].find(f"{W}tcPr/{W}gridSpan").get(W + "val") == "4"
    assert heading.cells[0].text == "一、养老服务" and all(
        r.bold for r in heading.cells[0].paragraphs[0].runs
    )
    assert [table.rows[i].cells[1].text for i in (2, 3, 5)] == [
        "建设老年食堂",
        "安装火灾报警器",
        "新增公办学位",
    ]


def test_word_bold_runs_are_exactly_the_lead_units_with_the_note_once():
    _, table = word_table(draft_to_docx(DRAFT, DEFAULT_LAYOUT))
    unit_cells = [table.rows[i].cells[3] for i in (2, 3, 5)]
    assert [bold_stretches(c) for c in unit_cells] == [p["lead_units"] for p in DRAFT["projects"]]
    assert unit_cells[0].text.split("\n") == ["县民政局", BOLD_NOTE, "县财政局", "各乡镇（街道）"]
    assert unit_cells[1].text.split("\n") == ["县消防救援大队", "县民政局", "各乡镇（街道）"]
    assert sum(BOLD_NOTE in row.cells[-1].text for row in table.rows) == 1
    assert unit_cells[0]._tc.findall(f".//{W}br"), "units are separated by line breaks inside the cell"


def test_word_header_row_repeats_on_every_page():
    _, table = word_table(draft_to_docx(DRAFT, DEFAULT_LAYOUT))
    repeating = [row._tr.find(f"{W}trPr/{W}tblHeader") is not None for row in table.rows]
    assert repeating == [True] + [False] * (len(table.rows) - 1)


def test_word_column_style_merges_category_cells_vertically():
    _, table = word_table(draft_to_docx(DRAFT, COLUMN_LAYOUT))
    headers = [c.text for c in table.rows[0].cells]
    assert headers == ["序号", "项目类别", "实施内容及工作目标", "分管县领导", "责任单位", "协办单位"]
    assert len(table.rows) == 1 + 3  # no heading rows: the category is a column
    merges = [[tc.find(f"{W}tcPr/{W}vMerge") for tc in tcs(row)[:2]] for row in table.rows[1:]]
    states = [[None if m is None else m.get(W + "val", "continue") for m in row] for row in merges]
    assert states == [["restart", "restart"], ["continue", "continue"], [None, None]]
    assert table.rows[1].cells[0].text == "一" and table.rows[2].cells[1].text == "养老服务"
    assert table.rows[2].cells[4].text == "县消防救援大队\n县民政局"
    assert not any(bold_stretches(row.cells[i]) for row in table.rows[1:] for i in (4, 5))


def test_word_preamble_title_is_centred_and_bold_and_fonts_are_cjk():
    document, _ = word_table(
        draft_to_docx(DRAFT, Layout(preamble=PREAMBLE, title="2025年民生实事项目汇总表"))
    )
    paragraphs = {p.text: p for p in document.paragraphs}
    assert list(paragraphs)[: len(PREAMBLE)] == PREAMBLE
    title = paragraphs["关于办好2025年民生实事的通知"]
    assert title.alignment == 1 and all(r.bold for r in title.runs)  # WD_ALIGN_PARAGRAPH.CENTER
    assert paragraphs["2025年民生实事项目汇总表"].alignment == 1
    fonts = document.styles["Normal"].element.find(f"{W}rPr/{W}rFonts")
    assert fonts.get(W + "eastAsia") == writers.CJK_FONT
    assert round(document.sections[0].page_width.cm, 1) == 21.0


def test_optional_columns_appear_only_when_the_draft_has_them():
    draft = {**DRAFT, "projects": [dict(p) for p in DRAFT["projects"]]}
    draft["projects"][0].update(deadline="2025-06-30", leaders=["张三"])
    draft["projects"][1].update(deadline="2025-12-31", deadline_text="年底")
    _, table = word_table(draft_to_docx(draft, DEFAULT_LAYOUT))
    assert [c.text for c in table.rows[0].cells][-3:] == ["完成期限", "分管领导", "承办单位"]
    assert [table.rows[i].cells[3].text for i in (2, 3, 5)] == ["2025年6月底", "年底", ""]
    assert table.rows[2].cells[4].text == "张三"


# ---------------------------------------------------------------- Excel


def load_sheet(data: bytes):
    book = openpyxl.load_workbook(io.BytesIO(data), rich_text=True)
    assert book.sheetnames == ["汇总表"]
    return book["汇总表"]


def test_excel_has_title_header_category_rows_and_bold_rich_text_leads():
    sheet = load_sheet(draft_to_xlsx(DRAFT, DEFAULT_LAYOUT))
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:D1", "A3:D3", "A6:D6"} <= merged  # title and category rows span the table
    assert [c.value for c in sheet[2]] == ["序号", "项目名称", "实施内容及工作目标", "承办单位"]
    assert sheet["A3"].value == "一、养老服务" and sheet["A3"].font.b
    units = sheet["D4"].value
    assert isinstance(units, CellRichText)
    bold = [b.text for b in units if isinstance(b, TextBlock) and b.font.b]
    assert bold == ["县民政局"] and str(units).split("\n")[1] == BOLD_NOTE
    second = [b.text for b in sheet["D5"].value if isinstance(b, TextBlock) and b.font.b]
    assert second == ["县消防救援大队", "县民政局"]
    assert sheet["D4"].alignment.wrap_text and sheet.column_dimensions["C"].width > 20


def test_excel_column_style_merges_category_cells_vertically():
    sheet = load_sheet(draft_to_xlsx(DRAFT, COLUMN_LAYOUT))
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert (
        {"A3:A4", "B3:B4"} <= merged and sheet["B3"].value == "养老服务" and sheet["B5"].value == "教育服务"
    )
    assert sheet["E4"].value == "县消防救援大队\n县民政局"


# ---------------------------------------------------------------- PDF


def test_pdf_without_libreoffice_says_so_in_chinese(monkeypatch):
    monkeypatch.setattr(pdf_writer.shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match="LibreOffice"):
        pdf_writer.docx_to_pdf(b"")


@needs_soffice
def test_pdf_holds_the_table_text():
    import pdfplumber

    pdf = pdf_writer.docx_to_pdf(draft_to_docx(DRAFT, Layout(preamble=PREAMBLE)))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in document.pages))
    for expected in [
        "关于办好2025年民生实事的通知",
        "建设老年食堂",
        "安装火灾报警器",
        "县消防救援大队",
        "新增公办学位",
    ]:
        assert expected in text


# ---------------------------------------------------------------- seed fixtures


def pdf_column_texts(path) -> list[str]:
    """Each table column's text down all pages (repeated header rows dropped, whitespace removed), so a
    row broken across a page boundary reads whole."""
    import pdfplumber

    columns: dict[int, list[str]] = {}
    header = None
    with pdfplumber.open(path) as document:
        for page in document.pages:
            for table in page.extract_tables():
                for row in table:
                    cells = [re.sub(r"\s+", "", c or "") for c in row]
                    if header is None or cells == header:
                        header = cells
                        continue
                    for index, cell in enumerate(cells):
                        columns.setdefault(index, []).append(cell)
    return ["".join(cells) for cells in columns.values()]


def test_every_gold_draft_names_its_seed():
    assert seed_documents.seed_names()
    assert all(seed_documents.gold(name)["source"] == name for name in seed_documents.seed_names())


@needs_seeds
def test_seed_preamble_is_the_text_before_the_table_without_markup():
    text = (seed_documents.SEEDS_DIR / "001_78c4bcec02d1362b.txt").read_text(encoding="utf-8")
    preamble, title = seed_documents.preamble_and_title(text)
    assert "济政发〔2023〕2号" in preamble and preamble[-1] == "附件"
    assert title.endswith("项目汇总表")
    assert not any(re.search(r"<[a-z/]|^#|\[bookmark", line) for line in preamble)


@needs_seeds
@pytest.mark.parametrize("seed", seed_documents.seed_names())
def test_seed_builds_as_word_with_one_row_per_project(seed):
    gold = seed_documents.gold(seed)
    layout = seed_documents.layout(seed)
    _, table = word_table(seed_documents.build(seed, "docx").read_bytes())
    headings = len(gold["categories"]) if layout.category_style == "row" else 0
    assert len(table.rows) == 1 + headings + len(gold["projects"])
    if not layout.separate_unit_columns:
        item_rows = [row for row in table.rows[1:] if len(tcs(row)) > 1]
        assert [bold_stretches(row.cells[-1]) for row in item_rows] == [
            p["lead_units"] for p in gold["projects"]
        ]


@needs_seeds
@pytest.mark.parametrize("seed", seed_documents.seed_names())
def test_seed_builds_as_excel(seed):
    gold = seed_documents.gold(seed)
    sheet = load_sheet(seed_documents.build(seed, "xlsx").read_bytes())
    texts = [str(c.value) for row in sheet.iter_rows(min_row=3) for c in row if c.value]
    for item in gold["projects"]:
        assert any(item["content"] in text for text in texts)
    assert sheet.merged_cells.ranges


@needs_seeds
@needs_soffice
@pytest.mark.parametrize("seed", seed_documents.seed_names())
def test_seed_builds_as_pdf_holding_every_project_name(seed):
    gold = seed_documents.gold(seed)
    columns = pdf_column_texts(seed_documents.build(seed, "pdf"))
    missing = [
        p["name"] for p in gold["projects"] if not any(re.sub(r"\s+", "", p["name"]) in c for c in columns)
    ]
    assert missing == []
