"""The rules of the cross views (minsheng.dashboard.commitments.rules): lineage closure, public standing words,
grouping and the summary line of a project's county parts."""

from minsheng.dashboard.commitments.rules import (
    group_by,
    lineage_closure,
    parts_summary,
    percent,
    standing,
    year_span,
)


def test_lineage_closure_is_transitive_and_starts_with_the_project():
    edges = [(1, 2), (2, 1), (2, 3), (7, 8)]
    assert lineage_closure(1, edges) == [1, 2, 3]
    assert lineage_closure(3, edges) == [3, 2, 1]
    assert lineage_closure(8, edges) == [8, 7]


def test_lineage_closure_alone_with_cycles_and_a_bound():
    assert lineage_closure(5, []) == [5]
    assert lineage_closure(1, [(1, 1)]) == [1]  # a self link is ignored
    assert sorted(lineage_closure(1, [(1, 2), (2, 3), (3, 1)])) == [1, 2, 3]
    chain = [(i, i + 1) for i in range(1, 200)]
    assert len(lineage_closure(1, chain, limit=10)) == 10


def test_standing_words():
    assert standing("blue", True) == "已验收"
    assert standing("green") == "正常推进"
    assert standing("green", finished=True) == "已完成"
    # the public board's words, never another set of them
    assert [standing(c) for c in ("yellow", "orange", "red")] == ["略有滞后", "明显滞后", "严重滞后"]
    assert standing(None) == "暂无进度" and standing("purple") == "暂无进度"
    # once the plan's year is over, what became of a project not accepted
    assert standing("red", year_over=True) == "年度未完成"
    assert standing("green", finished=True, year_over=True) == "已完成，待验收"
    assert standing("blue", True, year_over=True) == "已验收"


def test_percent():
    assert percent(0.634) == "63%"
    assert percent(1.2) == "100%"
    assert percent(-0.1) == "0%"
    assert percent(None) == "—"


def test_parts_summary_in_words():
    parts = [("微山县", "正常推进"), ("鱼台县", "正常推进"), ("金乡县", "严重滞后")]
    assert parts_summary(parts) == "3 个县区承担，2 个正常推进，1 个严重滞后"
    assert (
        parts_summary([("微山县", "略有滞后"), ("微山县", "已验收")])
        == "1 个县区承担 2 个项目，1 个已验收，1 个略有滞后"
    )
    assert parts_summary([]) == ""


def test_group_by_keeps_first_appearance_order():
    items = [("b", 1), ("a", 2), ("b", 3)]
    assert group_by(items, lambda x: x[0]) == [("b", [("b", 1), ("b", 3)]), ("a", [("a", 2)])]


def test_year_span():
    assert str(year_span([2024, 2023])) == "2023—2024年"
    assert str(year_span([2024])) == "2024年"
    assert year_span([]) is None
