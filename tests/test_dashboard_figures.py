"""The dashboard's figures as plain functions: counts by colour, means against 序时进度, categories
(their numbering dropped so plans meet), regions (subtrees), the trend and timeliness, and the chart
options and tables that carry them (every colour named in words)."""

import datetime
from dataclasses import dataclass

from minsheng.dashboard.office import rules as figures
from minsheng.dashboard.office import sections
from minsheng.reporting.compliance.rules import Tally
from minsheng.supervision.status.rules import ProjectStatus


def status(colour="green", progress=0.5, expected=0.5):
    gap = round((expected - progress) * 100, 1)
    return ProjectStatus(colour, progress, expected, gap, None, progress >= 1)


def item(pk, colour="green", progress=0.5, expected=0.5, path="/1/", category="一、教育", region="济宁市"):
    return figures.Item(
        pk,
        1,
        path,
        region,
        category,
        str(pk),
        f"项目{pk}",
        "市教育局",
        f"/projects/{pk}/",
        status(colour, progress, expected),
    )


@dataclass
class Region:
    pk: int
    name: str
    path: str


def test_summarise_counts_every_colour_and_averages():
    s = figures.summarise([status("green", 0.6, 0.5), status("red", 0.1, 0.5), status("red", 0.2, 0.5)])
    assert s.n == 3 and s.counts == {"blue": 0, "green": 1, "yellow": 0, "orange": 0, "red": 2}
    assert round(s.progress, 4) == 0.3 and s.expected == 0.5 and s.gap == 20.0
    assert figures.counts_text(s) == "绿 1 个，红 2 个"
    empty = figures.summarise([])
    assert (empty.n, empty.progress, empty.expected) == (0, 0.0, 0.0) and figures.counts_text(
        empty
    ) == "无项目"


def test_categories_meet_across_plans_without_their_numbering():
    assert figures.category_name("一、教育服务方面") == "教育服务方面"
    assert figures.category_name("（十二）体育运动") == "体育运动"
    assert figures.category_name("3. 安全") == "安全"
    assert figures.category_name("") == "未分类"
    groups = figures.by_category(
        [item(1, category="一、教育"), item(2, "red", category="三、教育"), item(3, category="二、养老")]
    )
    assert [(name, s.n, s.counts["red"]) for name, s in groups] == [("教育", 2, 1), ("养老", 1, 0)]
    chart = sections.category_section(
        [item(1, category="一、教育"), item(2, "red", 0.1, category="三、教育")]
    )
    assert "红色项目最多的类别：教育（1 个）" in chart.summary
    assert chart.table.head[:3] == ["类别", "项目数", "蓝（已验收）"]
    assert [c.text for c in chart.table.rows[0]] == ["教育", "2", "0", "1", "0", "0", "1", "30%", "50%"]


def test_regions_aggregate_their_subtree_and_link_down():
    city, weishan, renc = (
        Region(1, "济宁市", "/1/"),
        Region(4, "微山县", "/1/4/"),
        Region(2, "任城区", "/1/2/"),
    )
    items = [item(1, path="/1/"), item(2, "red", path="/1/4/"), item(3, "orange", path="/1/4/16/")]
    rows = figures.by_region(items, city, [renc, weishan])
    assert [(r.name, s.n) for r, s in rows] == [("济宁市", 3), ("微山县", 2)]  # 任城区 has no plan: left out
    chart = sections.region_section(items, city, [renc, weishan], lambda r: f"?region={r.pk}")
    assert [c.text for c in chart.table.rows[0][:2]] == ["济宁市（合计）", "3"] and not chart.table.rows[0][
        0
    ].href
    assert chart.table.rows[1][0].href == "?region=4" and chart.table.rows[1][0].text == "微山县"
    assert chart.option["yAxis"]["data"] == ["济宁市（合计）", "微山县"]
    assert "下辖 1 个区划有计划" in chart.summary
    leaf = sections.region_section(items[1:], weishan, [], lambda r: "")
    assert len(leaf.table.rows) == 1 and "下级区划没有计划" in leaf.summary


def test_colour_chart_names_every_colour_in_words():
    s = figures.summarise([status("green"), status("orange", 0.2)])
    chart = sections.colour_section(s)
    assert chart.option["aria"]["enabled"] and chart.option["aria"]["label"]["description"] == chart.summary
    assert chart.option["xAxis"]["data"] == [
        "蓝\n已验收",
        "绿\n序时推进",
        "黄\n轻度滞后",
        "橙\n明显滞后",
        "红\n严重滞后",
    ]
    assert [d["value"] for d in chart.option["series"][0]["data"]] == [0, 1, 0, 1, 0]
    assert [(c.colour_label, c.text) for c, *_ in chart.table.rows][1] == ("绿", "序时推进")
    assert [row[2].text for row in chart.table.rows] == ["0%", "50%", "0%", "50%", "0%"]
    assert chart.summary == "共 2 个项目：绿 1 个，橙 1 个。"


def test_overall_progress_says_behind_or_ahead():
    behind = sections.progress_section(figures.summarise([status(progress=0.3, expected=0.5)]))
    assert "落后序时 20 个百分点" in behind.summary and behind.option["series"][0]["data"][1]["value"] == 30.0
    ahead = sections.progress_section(figures.summarise([status(progress=0.6, expected=0.5)]))
    assert "超前序时 10 个百分点" in ahead.summary


def test_trend_labels_month_ends_and_the_day():
    days = [datetime.date(2024, 1, 31), datetime.date(2024, 2, 29), datetime.date(2024, 3, 10)]
    points = [
        (d, figures.summarise([status(progress=p, expected=0.2)]))
        for d, p in zip(days, [0.1, 0.2, 0.3], strict=True)
    ]
    chart = sections.trend_section(points)
    assert chart.option["xAxis"]["data"] == ["1月", "2月", "3月10日"]
    lines = {s["name"]: s["data"] for s in chart.option["series"] if s["type"] == "line"}
    assert lines == {"平均完成": [10.0, 20.0, 30.0], "平均序时": [20.0, 20.0, 20.0]}
    assert [row[0].text for row in chart.table.rows] == ["2024年1月", "2024年2月", "2024年3月10日"]
    assert "平均完成由 10% 到 30%" in chart.summary
    assert sections.trend_section([]).summary == "没有可显示的月份。"


def test_timeliness_merges_units_and_ranks_the_worst_first():
    tallies = [Tally("市民政局", 6, 6, 6), Tally("县民政局", 6, 3, 1), Tally("市民政局", 6, 5, 5)]
    total, worst = figures.timeliness(tallies)
    assert (total["expected"], total["received"], total["on_time"]) == (18, 14, 12)
    assert total["completeness_text"] == "77.8%" and total["timeliness_text"] == "66.7%"
    assert [(r["unit"], r["expected"]) for r in worst] == [("县民政局", 6), ("市民政局", 12)]
    many = [Tally(f"单位{i:02d}", 6, 6, i % 7) for i in range(14)]
    chart, _ = sections.timeliness_section(many)
    assert len(chart.table.rows) == figures.WORST and len(chart.more.rows) == 14
    assert chart.option["yAxis"]["data"][0] in {"单位00", "单位07"}  # on time 0 of 6: the worst
    assert sections.timeliness_section(many[:3])[0].more is None
    assert figures.timeliness([])[0]["completeness"] == 1.0  # nothing due yet


def test_project_table_links_each_project_with_its_colour_label():
    table = sections.project_table(
        "我分管的项目", [item(7, "red", 0.1, 0.5, region="微山县")], with_region=True
    )
    assert table.head == ["区划", "序号", "颜色", "项目", "牵头单位", "完成", "序时", "差距"] and table.wide
    row = table.rows[0]
    assert row[0].text == "微山县" and row[3].href == "/projects/7/" and row[7].text == "落后 40 点"
    assert row[2].colour == "red" and row[2].colour_label == "红" and row[2].text == "严重滞后"
    assert sections.project_table("x", [item(8, progress=0.6)]).rows[0][6].text == "超前 10 点"


def test_tall_lists_get_tall_charts():
    assert sections.height(1) == 240 and sections.height(20) > 600
