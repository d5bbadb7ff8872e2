"""标出清单's pure function: each marked line of a notice becomes one draft project, shaped as extract()
makes them, its numbering marker stripped, its units, deadline and targets read from the line."""

import pytest

from minsheng.notices.extraction.marked import CATEGORY_DOUBT, projects_from_lines, without_marker

KEYS = {
    "seq",
    "category",
    "name",
    "summary",
    "content",
    "lead_units",
    "co_units",
    "leaders",
    "deadline",
    "deadline_text",
    "targets",
    "warnings",
}


@pytest.mark.parametrize(
    "line",
    [
        "1. 新建老年人食堂",
        "1、新建老年人食堂",
        "１．新建老年人食堂",
        "一、新建老年人食堂",
        "（1）新建老年人食堂",
        "(一) 新建老年人食堂",
        "1）新建老年人食堂",
        "①新建老年人食堂",
        "● 新建老年人食堂",
        "■新建老年人食堂",
        "—— 新建老年人食堂",
        "第一件：新建老年人食堂",
        "一是新建老年人食堂",
        "1. ● 新建老年人食堂",
        "  新建老年人食堂  ",
    ],
)
def test_the_numbering_marker_is_stripped(line):
    assert without_marker(line) == "新建老年人食堂"
    assert projects_from_lines([line])[0]["name"] == "新建老年人食堂"


def test_a_year_or_a_number_that_is_the_name_is_not_a_marker():
    assert without_marker("2025年新增公办学位3000个") == "2025年新增公办学位3000个"
    assert without_marker("10.5万户农村供水改造") == "10.5万户农村供水改造"


def test_each_non_empty_line_is_one_project_in_the_importers_shape():
    lines = ["1. 新建老年人食堂10处", "", "   ", "2. 改造农村公路50公里"]
    projects = projects_from_lines(lines, 2025)
    assert [p["seq"] for p in projects] == ["1", "2"]
    assert all(set(p) == KEYS for p in projects)
    assert [p["name"] for p in projects] == ["新建老年人食堂10处", "改造农村公路50公里"]
    assert projects[0]["category"] is None and projects[0]["summary"] == ""


def test_units_deadline_and_targets_come_from_the_line():
    line = "1. 新建老年人食堂10处，缓解老年人用餐难问题。2025年底前完成。（牵头单位：县民政局；配合单位：县财政局）"
    [p] = projects_from_lines([line], 2025)
    assert p["name"] == "新建老年人食堂10处，缓解老年人用餐难问题"
    assert p["lead_units"] == ["县民政局"] and p["co_units"] == ["县财政局"]
    assert p["deadline"] == "2025-12-31"
    assert [(t["value"], t["unit"]) for t in p["targets"]] == [(10, "处")]
    assert p["content"].startswith("新建老年人食堂10处") and "1." not in p["content"]


def test_the_name_is_the_heading_before_a_colon():
    [p] = projects_from_lines(["（2）改造农村公路：新改建农村公路不少于50公里。责任单位：县交通运输局"], 2025)
    assert p["name"] == "改造农村公路"
    assert p["lead_units"] == ["县交通运输局"]
    assert p["targets"][0]["comparator"] == "≥" and p["targets"][0]["value"] == 50


def test_a_long_item_is_named_by_its_heading():
    line = (
        "3. 促进群众就业增收，开展职业技能培训2.5万人次，新增城镇就业1.2万人，"
        "帮扶困难人员就业2000人，零就业家庭动态清零，并为返乡创业人员提供担保贷款"
    )
    [p] = projects_from_lines([line], 2025)
    assert p["name"] == "促进群众就业增收"
    assert len(p["targets"]) >= 3


def test_the_plans_year_is_not_a_target():
    [p] = projects_from_lines(["2025年城区新增公办学位3000个以上"], 2025)
    assert [(t["value"], t["unit"]) for t in p["targets"]] == [(3000, "个")]


def test_a_table_row_copied_as_text_loses_its_number_cell():
    [p] = projects_from_lines(["1\t建设老年人食堂\t在全县新建老年人食堂10处。\t县民政局"], 2025)
    assert p["name"] == "建设老年人食堂"
    assert "县民政局" in p["content"] and not p["content"].startswith("1")


def test_a_category_heading_stays_a_project_but_is_asked_about():
    heading, item = projects_from_lines(["一、教育方面", "1. 新增公办学位3000个"], 2025)
    assert heading["name"] == "教育方面" and heading["warnings"] == [CATEGORY_DOUBT]
    assert item["warnings"] == []


def test_traditional_script_keeps_its_wording_and_reads_its_units():
    lines = ["一、推進老舊小區改造，改造老舊小區30個（牽頭單位：市住建局）", "二、新建養老服務中心5個"]
    first, second = projects_from_lines(lines, 2025)
    assert first["name"] == "推進老舊小區改造，改造老舊小區30個"
    assert first["lead_units"] == ["市住建局"]
    assert [(t["value"], t["unit"]) for t in second["targets"]] == [(5, "個")]  # its own line's 個


def test_no_lines_no_projects():
    assert projects_from_lines([]) == []
    assert projects_from_lines(["", "  "]) == []
