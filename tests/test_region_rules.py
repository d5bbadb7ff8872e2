"""The region list's rules (site/regions/rules.py), as plain functions: what a code says of its parent
and level, what a name says of its kind and government, and every way a row can be wrong."""

from minsheng.site.regions import rules


def rows(*lines: dict) -> list[tuple[int, dict]]:
    return [(n, cells) for n, cells in enumerate(lines, 2)]


def test_a_code_names_its_parent_and_statistics_codes_are_shortened():
    assert [rules.parent_code(c) for c in ("370000", "370800", "370826", "370826100")] == [
        "",
        "370000",
        "370800",
        "370826",
    ]
    assert rules.short_code("370826100000") == "370826100" and rules.short_code("370826000000") == "370826"
    assert rules.short_code("370826") == "370826"


def test_the_kind_comes_from_the_level_and_the_name():
    found = [
        rules.kind_of(code, name)
        for code, name in [
            ("370000", "山东省"),
            ("370100", "济南市"),
            ("370102", "历下区"),
            ("370124", "平阴县"),
            ("370881", "曲阜市"),
            ("370826100", "夏镇街道"),
            ("370826101", "韩庄镇"),
            ("370826205", "两城乡"),
            ("", "济宁高新区"),
        ]
    ]
    assert found == [
        "province",
        "city",
        "district",
        "county",
        "county_city",
        "street",
        "town",
        "township",
        "zone",
    ]
    assert rules.government_of("微山县", "county") == "微山县人民政府"
    assert rules.government_of("济宁高新区", "zone") == "济宁高新区管理委员会"
    assert rules.government_of("夏镇街道", "street") == "夏镇街道办事处"


def test_children_listed_before_their_parents_are_made_after_them():
    checked, errors = rules.check(
        rows(
            {"区划代码": "140121100000", "名称": "清源镇"},
            {"区划代码": "140121", "名称": "清徐县"},
            {"区划代码": "140100", "名称": "太原市"},
            {"区划代码": "140000", "名称": "山西省"},
            {"名称": "太原高新区", "上级": "太原市", "类型": "功能区"},
        ),
        {},
    )
    assert errors == []
    assert [r.name for r in checked] == ["山西省", "太原市", "清徐县", "太原高新区", "清源镇"]
    zone = next(r for r in checked if r.name == "太原高新区")
    assert (zone.parent, zone.kind, zone.government) == ("140100", "zone", "太原高新区管理委员会")
    town = next(r for r in checked if r.name == "清源镇")
    assert (town.code, town.parent, town.kind) == ("140121100", "140121", "town")


def test_every_wrong_row_is_named_and_nothing_is_checked_through():
    checked, errors = rules.check(
        rows(
            {"区划代码": "14010", "名称": "太原市"},
            {"区划代码": "140100", "名称": ""},
            {"区划代码": "140105", "名称": "小店区", "类型": "片区"},
            {"名称": "某开发区"},
            {"区划代码": "140121", "名称": "清徐县"},
            {"区划代码": "140121", "名称": "清徐县"},
            {"名称": "示范区", "上级": "不存在市", "类型": "功能区"},
        ),
        {"140000": "山西省"},
    )
    assert checked == []
    assert errors == [
        "第 2 行：区划代码“14010”应为 6、9 或 12 位数字。",
        "第 3 行：请填写名称（最多 60 字）。",
        "第 4 行：类型“片区”不对，应为 省、地级市、市、市辖区、区、县、旗、县级市、功能区、镇、乡、街道 之一。",
        "第 5 行：没有区划代码的区划（如功能区）请填写“上级”。",
        "第 7 行：与第 6 行重复（140121）。",
        "第 8 行：上级“不存在市”不存在。",
    ]


def test_a_list_that_starts_below_the_province_has_its_tops():
    checked, errors = rules.check(
        rows(
            {"区划代码": "140100", "名称": "太原市"},
            {"名称": "太原高新区", "上级": "太原西区", "类型": "功能区"},
        ),
        {},
    )
    assert errors == ["第 3 行：上级“太原西区”不存在。"]  # a parent given by hand must exist
    checked, errors = rules.check(rows({"区划代码": "140100", "名称": "太原市"}), {})
    assert errors == [] and checked[0].parent == ""  # read from the code (140000), absent: a top


def test_a_parent_already_on_the_platform_is_enough():
    checked, errors = rules.check(rows({"区划代码": "370826100", "名称": "夏镇街道"}), {"370826": "微山县"})
    assert errors == [] and checked[0].parent == "370826"
