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
