"""Excel reader: one Table per sheet, trimmed; merged ranges; bold cells and partly bold rich text;
numbers, percentages and dates as a person reads them; hidden and empty sheets; damaged files."""

import datetime as dt
import io

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Font

from minsheng.notices.readers.grid import ReadError
from minsheng.notices.readers.xlsx import format_value, read_xlsx


def saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def project_sheet_workbook():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "民生实事"
    sheet["B2"] = "2024年重点民生实事项目表"
    sheet["B2"].font = Font(b=True)
    sheet.merge_cells("B2:E2")
    sheet.append([None, "序号", "项目名称", "工作目标", "牵头单位"])
    sheet.append(
        [
            None,
            1,
            "托育扩容",
            10000.0,
            CellRichText(TextBlock(InlineFont(b=True), "市卫生健康委"), "，市发展改革委"),
        ]
    )
    sheet.append([None, 2.0, "电梯加装", 0.95, "市住房城乡建设局\n市市场监管局"])
    sheet["D5"].number_format = "0%"
    sheet["E5"].font = Font(b=True)
    sheet.append([None, 3, "学位建设", 1.5, None])
    sheet.append([None, 4, "老旧小区", dt.datetime(2024, 6, 30), None])
    sheet.merge_cells("E6:E7")
    sheet["E6"] = "市教育局"
    sheet["H30"].font = Font(b=True)  # formatting far away does not widen the table
    return workbook


def test_sheet_is_one_trimmed_table():
    document = read_xlsx(saved(project_sheet_workbook()), "项目表.xlsx")
    assert document.source_name == "项目表.xlsx"
    (table,) = document.tables()
    assert table.width() == 4
    assert len(table.rows) == 6
    assert [c.text for c in table.rows[1]] == ["序号", "项目名称", "工作目标", "牵头单位"]


def test_merged_ranges_give_colspan_and_continued():
    table = read_xlsx(saved(project_sheet_workbook())).tables()[0]
    title = table.rows[0]
    assert len(title) == 1 and title[0].colspan == 4 and title[0].text == "2024年重点民生实事项目表"
    assert title[0].bold_texts() == ["2024年重点民生实事项目表"]
    assert table.rows[4][3].text == "市教育局" and not table.rows[4][3].continued
    assert table.rows[5][3].continued and table.rows[5][3].runs == []


def test_bold_cells_and_partly_bold_rich_text():
    table = read_xlsx(saved(project_sheet_workbook())).tables()[0]
    lead = table.rows[2][3]
    assert [(r.text, r.bold) for r in lead.runs] == [("市卫生健康委", True), ("，市发展改革委", False)]
    assert lead.bold_texts() == ["市卫生健康委"]
    whole = table.rows[3][3]
    assert whole.lines() == ["市住房城乡建设局", "市市场监管局"] and whole.bold_texts() == [whole.text]
    assert table.rows[2][1].bold_texts() == []


def test_values_read_as_shown():
    table = read_xlsx(saved(project_sheet_workbook())).tables()[0]
    assert [row[0].text for row in table.rows[2:]] == ["1", "2", "3", "4"]
    assert [row[2].text for row in table.rows[2:]] == ["10000", "95%", "1.5", "2024-06-30"]


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (3.0, "General", "3"),
        (0.1 + 0.2, "General", "0.3"),
        (12345678901.0, "General", "12345678901"),
        (0.125, "0.0%", "12.5%"),
        (dt.date(2024, 12, 31), "yyyy-mm-dd", "2024-12-31"),
        (dt.datetime(2024, 5, 1, 9, 30), "yyyy-mm-dd h:mm", "2024-05-01 09:30"),
        ("牵头单位", "General", "牵头单位"),
    ],
)
def test_format_value(value, number_format, text):
    assert format_value(value, number_format) == text


def test_each_non_empty_visible_sheet_is_a_table():
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "第一张"
    workbook.create_sheet("空表")
    hidden = workbook.create_sheet("参数")
    hidden["A1"] = "下拉选项"
    hidden.sheet_state = "hidden"
    workbook.create_sheet("第二张")["C3"] = "第二张"
    document = read_xlsx(saved(workbook))
    assert [t.rows[0][0].text for t in document.tables()] == ["第一张", "第二张"]
    assert document.warnings == ["已跳过隐藏的工作表“参数”"]


def test_empty_rows_inside_the_table_are_dropped():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["B1"] = "序号", "项目"
    sheet["A4"], sheet["B4"] = 1, "托育"
    table = read_xlsx(saved(workbook)).tables()[0]
    assert [[c.text for c in row] for row in table.rows] == [["序号", "项目"], ["1", "托育"]]


def test_damaged_and_wrong_files():
    data = saved(project_sheet_workbook())
    with pytest.raises(ReadError, match="损坏"):
        read_xlsx(data[: len(data) // 2])
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with pytest.raises(ReadError, match="不是 Excel"):
        read_xlsx(buffer.getvalue())
