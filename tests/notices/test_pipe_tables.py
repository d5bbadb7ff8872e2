"""Tables printed one row per line between "|" (notices/extraction/pipe_tables.py)."""

from minsheng.notices.extraction.draft import extract
from minsheng.notices.extraction.pipe_tables import headerless_pipe_table
from minsheng.notices.readers.grid import Document, Paragraph


def test_rows_with_no_header_are_read_by_their_numbers_and_their_units_column():
    lines = [
        "1 | 完成27所学校教育基础设施改造提升。 | 县教育局 | 已经安装空调970台。 | 按时序推进 |",
        "|",
        "2 | 完成10家示范型居家养老服务照料中心建设。 | 县民政局 | 已完成设计方案。 | 按时序推进 |",
        "|",
        "3 | 为全县200名以上残疾儿童实施基本康复服务。 | 县残联 | 已救助150名。 | 按时序推进 |",
    ]
    projects = extract(Document(blocks=[Paragraph.of(t) for t in lines]))["projects"]
    assert [p["name"] for p in projects] == [
        "完成27所学校教育基础设施改造提升",
        "完成10家示范型居家养老服务照料中心建设",
        "为全县200名以上残疾儿童实施基本康复服务",
    ]
    assert [p["lead_units"] for p in projects] == [["县教育局"], ["县民政局"], ["县残联"]]


def test_numbers_out_of_order_or_too_few_rows_are_no_table():
    assert headerless_pipe_table(["1 | 甲 | 县教育局 |", "3 | 乙 | 县民政局 |", "4 | 丙 | 县残联 |"]) is None
    assert headerless_pipe_table(["1 | 甲 | 县教育局 |", "2 | 乙 | 县民政局 |"]) is None
