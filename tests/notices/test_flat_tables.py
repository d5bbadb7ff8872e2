"""A table copied as text, one cell per line, is read as the table it was."""

from minsheng.notices.extraction.draft import extract
from minsheng.notices.readers.grid import Document, Paragraph

FLAT = """2024年某县民生实事项目责任分工表
序号
项目名称
责任单位
完成时限
1
新建城区幼儿园2所
县教育局
2024年8月底
2
改造老旧小区1200户
县住建局、各乡镇
2024年12月底
3
建设农村公路50公里
县交通运输局
2024年10月底
注：各责任单位每月报送进度。"""


def test_a_flattened_table_gives_names_units_and_deadlines():
    doc = Document(blocks=[Paragraph.of(line) for line in FLAT.split("\n")])
    draft = extract(doc)
    projects = draft["projects"]
    assert [p["name"] for p in projects] == ["新建城区幼儿园2所", "改造老旧小区1200户", "建设农村公路50公里"]
    assert projects[0]["lead_units"] == ["县教育局"]
    assert projects[1]["lead_units"] == ["县住建局"] and projects[1]["co_units"] == ["各乡镇"]
    assert projects[2]["deadline"] == "2024-10-31"
    assert projects[1]["targets"][0]["value"] == 1200


PIPED = """附件：某县2024年十大民生实事项目清单 |
||||
序号 |
项目名称 |
建设内容 |
责任单位 |
|
1 |
城北小学门前道路建设项目 |
建成唐塔北路延伸段道路。 |
县住建局 |
2 |
高标准农田建设项目 |
实施田块整治500亩，修复堰塘1座、建设机电井7座、农桥5座、灌溉渠道50公里；新建田间道路38公里、农田林网241公里，种植苗木8000株。
县农业农村局 |
3 |
职教中心分校区建设项目 |
改造现有教学楼和学生宿舍。 |
县教体局 |"""


def test_cells_ending_in_bars_and_a_long_cell_inside_a_row_are_read():
    doc = Document(blocks=[Paragraph.of(line) for line in PIPED.split("\n")])
    projects = extract(doc)["projects"]
    assert [p["name"] for p in projects] == [
        "城北小学门前道路建设项目",
        "高标准农田建设项目",
        "职教中心分校区建设项目",
    ]
    assert [p["lead_units"] for p in projects] == [["县住建局"], ["县农业农村局"], ["县教体局"]]
    assert {(t["value"], t["unit"]) for t in projects[1]["targets"]} >= {(500, "亩"), (38, "公里")}


def test_a_header_that_names_its_list_column_with_its_own_word_gives_the_names():
    lines = ["序号", "民生实事", "责任单位", "完成时限"]
    for n, (name, unit) in enumerate(
        [
            ("新建2座人行天桥。", "县住建局"),
            ("启动县图书馆新馆建设。", "县文体局"),
            ("建成县残疾人综合服务中心。", "县残联"),
        ],
        1,
    ):
        lines += [str(n), name, unit, "2016年底"]
    projects = extract(Document(blocks=[Paragraph.of(line) for line in lines]))["projects"]
    assert [p["name"] for p in projects] == [
        "新建2座人行天桥",
        "启动县图书馆新馆建设",
        "建成县残疾人综合服务中心",
    ]
    assert projects[2]["lead_units"] == ["县残联"]
