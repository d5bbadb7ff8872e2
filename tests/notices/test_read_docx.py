"""Word reader: body order, bold runs, line breaks and paragraphs in cells, merged and nested cells,
automatic numbering, headers/footers left out, damaged files."""

import io

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from minsheng.notices.readers.docx import read_docx
from minsheng.notices.readers.grid import Paragraph, ReadError, Table


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_paragraphs_and_tables_keep_body_order():
    document = docx.Document()
    document.add_paragraph("济宁市人民政府关于办好2024年重点民生实事的通知")
    document.add_table(rows=1, cols=2).cell(0, 0).text = "第一张表"
    document.add_paragraph("附件")
    document.add_paragraph("   ")  # blank paragraphs are dropped
    document.add_table(rows=1, cols=2).cell(0, 0).text = "第二张表"
    blocks = read_docx(saved(document), "通知.docx").blocks
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table", "Paragraph", "Table"]
    assert blocks[1].rows[0][0].text == "第一张表"
    assert blocks[3].rows[0][0].text == "第二张表"


def test_bold_from_run_character_style_and_paragraph_style():
    document = docx.Document()
    lead_style = document.styles.add_style("牵头单位", WD_STYLE_TYPE.CHARACTER)
    lead_style.font.bold = True
    heading_style = document.styles.add_style("类别标题", WD_STYLE_TYPE.PARAGRAPH)
    heading_style.font.bold = True

    paragraph = document.add_paragraph()
    paragraph.add_run("市卫生健康委").bold = True
    paragraph.add_run("，市发展改革委")
    paragraph = document.add_paragraph()
    paragraph.add_run("市住房城乡建设局", style="牵头单位")
    paragraph.add_run("，各县（市、区）")
    paragraph = document.add_paragraph(style="类别标题")
    paragraph.add_run("一、打响托育品牌")
    paragraph.add_run("（说明）").bold = False  # explicit w:b w:val="0" overrides the style

    first, second, third = read_docx(saved(document)).paragraphs()
    assert [(r.text, r.bold) for r in first.runs] == [("市卫生健康委", True), ("，市发展改革委", False)]
    assert [(r.text, r.bold) for r in second.runs] == [
        ("市住房城乡建设局", True),
        ("，各县（市、区）", False),
    ]
    assert [(r.text, r.bold) for r in third.runs] == [("一、打响托育品牌", True), ("（说明）", False)]


def test_bold_inside_table_cells():
    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].add_run("市教育局").bold = True
    cell.paragraphs[0].add_run("、市财政局")
    table = read_docx(saved(document)).tables()[0]
    assert table.rows[0][0].bold_texts() == ["市教育局"]
    assert table.rows[0][0].text == "市教育局、市财政局"


def test_line_breaks_and_paragraphs_in_a_cell_become_newlines():
    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    run = cell.paragraphs[0].add_run("①新增托位1万个")
    run.add_break()
    run.add_text("②培育示范机构15个")
    cell.add_paragraph("③加强从业人员培训")
    table = read_docx(saved(document)).tables()[0]
    assert table.rows[0][0].text == "①新增托位1万个\n②培育示范机构15个\n③加强从业人员培训"
    assert table.rows[0][0].lines() == ["①新增托位1万个", "②培育示范机构15个", "③加强从业人员培训"]


def test_horizontal_merge_is_one_cell_with_colspan():
    document = docx.Document()
    table = document.add_table(rows=2, cols=4)
    merged = table.cell(0, 0).merge(table.cell(0, 3))
    merged.paragraphs[0].add_run("一、幼有善育").bold = True
    for col, text in enumerate(["1", "托育", "新增托位", "市卫生健康委"]):
        table.cell(1, col).text = text
    grid = read_docx(saved(document)).tables()[0]
    assert len(grid.rows[0]) == 1
    assert grid.rows[0][0].colspan == 4
    assert grid.rows[0][0].bold_texts() == ["一、幼有善育"]
    assert grid.width() == 4
    assert [c.text for c in grid.rows[1]] == ["1", "托育", "新增托位", "市卫生健康委"]


def test_vertical_merge_gives_continued_cells():
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "一、民生保障"
    table.cell(0, 0).merge(table.cell(2, 0))
    for row in range(3):
        table.cell(row, 1).text = str(row + 1)
        table.cell(row, 2).text = f"项目{row + 1}"
    grid = read_docx(saved(document)).tables()[0]
    column = [row[0] for row in grid.rows]
    assert column[0].text == "一、民生保障" and not column[0].continued
    assert all(c.continued and c.runs == [] for c in column[1:])
    assert [row[1].text for row in grid.rows] == ["1", "2", "3"]


def test_merged_block_spanning_rows_and_columns():
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "牵头单位"
    table.cell(0, 0).merge(table.cell(1, 1))
    grid = read_docx(saved(document)).tables()[0]
    assert grid.rows[0][0].colspan == 2 and grid.rows[0][0].text == "牵头单位"
    assert grid.rows[1][0].colspan == 2 and grid.rows[1][0].continued
    assert all(sum(c.colspan for c in row) == 3 for row in grid.rows)


def test_nested_table_is_flattened_into_lines_of_the_cell():
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "1"
    host = outer.cell(0, 1)
    host.text = "分项目标："
    inner = host.add_table(rows=2, cols=2)
    inner.cell(0, 0).text = "新增托位"
    inner.cell(0, 1).text = "1万个"
    inner.cell(1, 0).text = "示范机构"
    inner.cell(1, 1).text = "15个"
    grid = read_docx(saved(document)).tables()
    assert len(grid) == 1
    assert grid[0].rows[0][1].lines() == ["分项目标：", "新增托位 1万个", "示范机构 15个"]


def test_headers_and_footers_are_left_out():
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "页眉：济宁市人民政府文件"
    document.sections[0].footer.paragraphs[0].text = "— 1 —"
    document.add_paragraph("正文")
    assert read_docx(saved(document)).text() == "正文"


def test_hyperlink_text_is_kept_and_deleted_text_is_not():
    document = docx.Document()
    paragraph = document.add_paragraph("详见")
    paragraph._p.append(
        parse_xml(
            f"<w:hyperlink {nsdecls('w')}><w:r><w:rPr><w:b/></w:rPr><w:t>附件1</w:t></w:r></w:hyperlink>"
        )
    )
    paragraph._p.append(parse_xml(f"<w:del {nsdecls('w')}><w:r><w:delText>已删除</w:delText></w:r></w:del>"))
    runs = read_docx(saved(document)).paragraphs()[0].runs
    assert [(r.text, r.bold) for r in runs] == [("详见", False), ("附件1", True)]


def add_numbering(document, list_id: int, fmt: str, text: str) -> str:
    """Adds a one-level list in Word's number format `fmt` with level text `text`; returns its numId."""
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{list_id}"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>'
        ),
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="{list_id}"><w:abstractNumId w:val="{list_id}"/></w:num>')
    )
    return str(list_id)


def number_paragraph(paragraph, num_id: str) -> None:
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def test_automatic_numbering_is_rendered_as_text():
    document = docx.Document()
    num_id = add_numbering(document, 90, "chineseCounting", "%1、")
    seq_id = add_numbering(document, 91, "decimal", "%1")
    for title in ["幼有善育", "学有优教", "病有良医"]:
        number_paragraph(document.add_paragraph(title), num_id)
    table = document.add_table(rows=2, cols=2)
    for row in range(2):
        number_paragraph(table.cell(row, 0).paragraphs[0], seq_id)  # an auto-numbered 序号 column
        table.cell(row, 1).text = f"项目{row + 1}"
    doc = read_docx(saved(document))
    assert [p.text for p in doc.paragraphs()] == ["一、幼有善育", "二、学有优教", "三、病有良医"]
    assert [row[0].text for row in doc.tables()[0].rows] == ["1", "2"]


def test_damaged_word_file():
    good = io.BytesIO()
    docx.Document().save(good)
    import zipfile

    broken = io.BytesIO()
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    with pytest.raises(ReadError, match="Word 文件已损坏"):
        read_docx(broken.getvalue())
    with pytest.raises(ReadError, match="损坏"):
        read_docx(good.getvalue()[:300])


def test_excel_file_is_not_read_as_word():
    import openpyxl

    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    with pytest.raises(ReadError, match="不是 Word"):
        read_docx(buffer.getvalue())


def test_blocks_are_grid_types():
    document = docx.Document()
    document.add_paragraph("正文")
    document.add_table(rows=1, cols=1)
    blocks = read_docx(saved(document), "x.docx").blocks
    assert isinstance(blocks[0], Paragraph) and isinstance(blocks[1], Table)
