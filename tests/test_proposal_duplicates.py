"""Grouping similar proposals (pure: rapidfuzz token_set_ratio on title + content, connected components)."""

from minsheng.participation import duplicates

MEALS_A = "增设老年人助餐点 希望在社区增设老年人助餐点，方便高龄老人就餐。"
MEALS_B = "增加老年人助餐点 在各社区增加老年人助餐点，让老人就近吃饭。"
LIFT_A = "改造老旧小区 对老旧小区进行改造，加装电梯，更新管网。"
LIFT_B = "老旧小区加装电梯 建议为老旧小区加装电梯，方便老人上下楼。"
BUS = "增加公交线路 开通到高铁站的公交线路。"
PARK = "修建口袋公园 在城区空地修建口袋公园，增加绿地。"


def test_tokens_cut_chinese_into_characters_and_keep_latin_words():
    assert duplicates.tokens("老年人 助餐点，K12 Bus!") == "老 年 人 助 餐 点 k12 bus"
    assert duplicates.tokens("") == "" and duplicates.tokens(None) == ""


def test_similar_and_different_pairs():
    assert duplicates.similarity(MEALS_A, MEALS_B) >= duplicates.THRESHOLD
    assert duplicates.similarity(LIFT_A, LIFT_B) >= duplicates.THRESHOLD
    assert duplicates.similarity(MEALS_A, LIFT_B) < duplicates.THRESHOLD
    assert duplicates.similarity(BUS, PARK) < duplicates.THRESHOLD
    assert duplicates.similarity(MEALS_A, MEALS_A) == 100


def test_groups_are_connected_components_in_input_order():
    items = [(1, MEALS_A), (2, LIFT_A), (3, BUS), (4, MEALS_B), (5, LIFT_B), (6, PARK)]
    assert duplicates.groups(items) == [[1, 4], [2, 5], [3], [6]]


def test_a_chain_of_likeness_makes_one_group():
    # a ~ b and b ~ c, though a and c alone are below the threshold
    a, b, c = "甲乙丙丁戊己庚辛", "甲乙丙丁戊己庚辛壬癸子丑", "庚辛壬癸子丑寅卯"
    assert duplicates.similarity(a, c) < 70
    assert duplicates.groups([("a", a), ("c", c), ("b", b)]) == [["a", "c", "b"]]
    assert duplicates.groups([("a", a), ("c", c)]) == [["a"], ["c"]]


def test_every_item_once_and_empty_texts_alone():
    items = [(i, MEALS_A if i % 2 else "") for i in range(6)]
    groups = duplicates.groups(items)
    assert sorted(k for g in groups for k in g) == list(range(6))
    assert [1, 3, 5] in groups and [0] in groups
    assert duplicates.groups([]) == []


def test_threshold_is_a_parameter():
    items = [(1, MEALS_A), (2, LIFT_B)]
    assert duplicates.groups(items, threshold=0) == [[1, 2]]
    assert duplicates.groups(items, threshold=100) == [[1], [2]]


def test_similar_to_orders_by_likeness():
    found = duplicates.similar_to(MEALS_A, [(1, BUS), (2, MEALS_B), (3, MEALS_A)])
    assert [k for k, _ in found] == [3, 2]
    assert found[0][1] == 100
    assert duplicates.similar_to("", [(1, BUS)]) == []
