"""Tables printed one row per line between "|" (notices/extraction/pipe_tables.py)."""

from minsheng.notices.extraction.pipe_tables import headerless_pipe_table
from tests.notices.drafts import draft_of


def test_rows_with_no_header_are_read_by_their_numbers_and_their_units_column():
    lines = [
        "1 | 完成27所学校教育基础设施改造提升。 | 县教育局 | 已经安装空调970台。 | 按时序推进 |",
        "|",
        "2 | 完成10家示范型居家养老服务照料中心建设。 | 县民政局 | 已完成设计方案。 | 按时序推进 |",
        "|",
        "3 | 为全县200名以上残疾儿童实施基本康复服务。 | 县残联 | 已救助150名。 | 按时序推进 |",
    ]
    projects = draft_of(lines)["projects"]
    assert [p["name"] for p in projects] == [
        "完成27所学校教育基础设施改造提升",
        "完成10家示范型居家养老服务照料中心建设",
        "为全县200名以上残疾儿童实施基本康复服务",
    ]
    assert [p["lead_units"] for p in projects] == [["县教育局"], ["县民政局"], ["县残联"]]


def test_numbers_out_of_order_or_too_few_rows_are_no_table():
    assert headerless_pipe_table(["1 | 甲 | 县教育局 |", "3 | 乙 | 县民政局 |", "4 | 丙 | 县残联 |"]) is None
    assert headerless_pipe_table(["1 | 甲 | 县教育局 |", "2 | 乙 | 县民政局 |"]) is None


def test_a_projects_further_task_rows_do_not_end_a_numbered_names_table():
    lines = [
        "项目名称 | 工作任务 | 计划完成时间 | 牵头单位 |",
        "1.城市人居环境提升项目 | 对3条城区道路进行综合提升改造; | 11月 | 建设局 |",
        "新建城市口袋公园2处; | 11月 | 建设局 | |",
        "2021年11月 | 经开区 | ||",
        "2.生态公墓建设项目 | 新建生态公益性墓地15处 | 10月 | 民政局 |",
        "3.农村道路改造提升项目 | 提升改造低等级公路40公里 | 12月 | 交通运输局 |",
    ]
    projects = draft_of(lines)["projects"]
    assert [p["name"] for p in projects] == [
        "城市人居环境提升项目",
        "生态公墓建设项目",
        "农村道路改造提升项目",
    ]
    assert [p["lead_units"] for p in projects] == [["建设局"], ["民政局"], ["交通运输局"]]


def test_a_two_column_table_of_numbers_and_names_whose_cells_carry_their_detail():
    lines = [
        "2025年象山县民生实事项目共4项，分别是：",
        "序号 | 项目名称 |",
        "1 | 安康颐养项目：新改建农村互助颐养小院6个；为老年人投保2.5万份意外伤害保险 |",
        "2 | 名医下乡项目：建设名医基层工作站5个 |",
        "3 | 村有医疗项目：新（改、扩）建村级医疗卫生机构27家 |",
        "4 | 书香象山项目：新建城市书房3家 |",
    ]
    projects = draft_of(lines)["projects"]
    assert [p["name"] for p in projects] == ["安康颐养项目", "名医下乡项目", "村有医疗项目", "书香象山项目"]
    assert [(t["value"], t["unit"]) for t in projects[1]["targets"]] == [(5, "个")]
