"""Projects written as labelled records (notices/extraction/records.py)."""

from minsheng.notices.extraction.records import record_runs
from tests.notices.drafts import draft_of

BLOCKS = """全县“我为群众办实事”实践活动项目进展与成效情况
01 项目名称:提升县域生态环境
项目内容:
新开引水河道1条，新建公厕5座。
责任单位:
水务局、城管局
进展与成效:
已完成初步设计审查，建成公厕3座。
02 项目名称:加大文化惠民力度
项目内容:
新建“城市书房”1个。
责任单位
文广旅局
进展与成效:
城市书房已确定建设地址。
03
项目名称:
实施新时代文明实践提质增效工程
项目内容:
开展志愿服务活动100场。"""


def test_labelled_records_give_names_units_and_promised_targets_not_achievements():
    lines = BLOCKS.split("\n")
    (run,) = record_runs(lines)
    assert run.items == ("提升县域生态环境", "加大文化惠民力度", "实施新时代文明实践提质增效工程")
    projects = draft_of(lines)["projects"]
    assert [p["lead_units"] for p in projects] == [["水务局"], ["文广旅局"], []]
    assert [(t["value"], t["unit"]) for t in projects[0]["targets"]] == [
        (1, "条"),
        (5, "座"),
    ]  # not 建成公厕3座


def test_fewer_than_three_records_are_no_list():
    assert record_runs(["项目名称：甲工程", "项目内容：新建1座", "项目名称：乙工程"]) == []
