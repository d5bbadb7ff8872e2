"""Numbers in notice text: to_number and find_quantities."""

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from minsheng.notices.extraction.numbers import find_quantities, to_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2000", 2000),
        ("1,200", 1200),
        ("3.58", Decimal("3.58")),
        ("1.6万", 16000),
        ("3.5亿", 350000000),
        ("一万", 10000),
        ("两千", 2000),
        ("十", 10),
        ("二十三", 23),
        ("0.23万", 2300),
        ("5000万", 50000000),
        ("一千零一", 1001),
        ("十万零一十", 100010),
        ("两万五", 25000),
        ("二〇二四", 2024),
        ("三点五万", 35000),
        ("１２０", 120),
        (" 3000 ", 3000),
    ],
)
def test_to_number_reads_arabic_chinese_and_wan(text, expected):
    assert to_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "  ", "abc", "万", "百", "十十", "一二十", "1.2.3", "约", "5G"])
def test_to_number_is_none_for_what_is_not_a_number(text):
    assert to_number(text) is None


def _one(text):
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "unit", "comparator"),
    [
        ("开展义诊活动不少于120次", 120, "次", "≥"),
        ("惠及群众1.6万人次以上", 16000, "人次", "≥"),
        ("建成健身步道不低于8公里", 8, "公里", "≥"),
        ("至少培训50名护理员", 50, "名", "≥"),
        ("年接待游客突破3万人", 30000, "人", "≥"),
        ("新增停车位900余个", 900, "个", "≥"),
        ("受理时间控制在3个工作日", 3, "个", "≤"),
        ("空置率不超过5%", 5, "%", "≤"),
        ("单次等候30分钟以内", 30, "分钟", "≤"),
        ("安排专项资金800万元", 8000000, "元", "="),
        ("完成投资1.2亿元", 120000000, "元", "="),
        ("参保率达到百分之九十五", 95, "%", "="),
        ("入园率达到92.5％", Decimal("92.5"), "%", "="),
        ("铺设污水管网12km", 12, "km", "="),
        ("增设护栏60面，", 60, "面", "="),
        ("新建社区食堂两千处", 2000, "处", "="),
        ("三个以上乡镇", 3, "个", "≥"),
        ("提升6个百分点", 6, "个百分点", "="),
        ("义诊下乡 400 场", 400, "场", "="),
    ],
)
def test_find_quantities_reads_value_unit_and_comparator(text, value, unit, comparator):
    q = _one(text)
    assert (q.value, q.unit, q.comparator) == (Decimal(value), unit, comparator)
    assert text[q.start : q.end] == q.raw


@pytest.mark.parametrize(
    "text", ["建设3—5个示范点", "建设3-5个示范点", "建设3至5个示范点", "建设3~5个示范点"]
)
def test_ranges_give_the_low_value_the_high_value_and_at_least(text):
    q = _one(text)
    assert (q.value, q.value_max, q.unit, q.comparator) == (3, 5, "个", "≥")


def test_a_measure_word_is_read_longest_first():
    assert [q.unit for q in find_quantities("脱产学习6个月，建成12个站点，覆盖8平方公里")] == [
        "个月",
        "个",
        "平方公里",
    ]


def test_an_unknown_classifier_counts_only_at_the_end_of_a_phrase():
    assert _one("安装路灯400盏；").unit == "盏"
    assert [q.unit for q in find_quantities("补植乔木300株，种植花卉500丛。")] == ["株", "丛"]
    assert _one("推行135工作法").unit == ""


def test_codes_ordinals_and_chinese_words_are_not_quantities():
    assert find_quantities("推进5G和J960专线建设") == []
    assert find_quantities("第一批、第3批名单") == []
    assert find_quantities("统一标准，一体化推进，一次性告知") == []


def test_half_is_fifty_percent():
    q = _one("半数以上的乡镇")
    assert (q.value, q.unit, q.comparator) == (50, "%", "≥")


def test_years_and_dates_keep_their_time_units():
    assert [(q.value, q.unit) for q in find_quantities("2025年6月底前")] == [(2025, "年"), (6, "月")]


# --- properties -------------------------------------------------------------------------------

integers = st.integers(min_value=0, max_value=10**12 - 1)


@given(integers)
def test_arabic_numbers_parse_back(n):
    assert to_number(str(n)) == n
    assert to_number(f"{n:,}") == n


@given(st.integers(min_value=1, max_value=10**8))
def test_wan_and_yi_parse_back(n):
    assert to_number(f"{n}万") == n * 10**4
    assert to_number(f"{n}亿") == n * 10**8


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_decimal_wan_parses_back(d):
    assert to_number(f"{d}万") == d * 10000


@given(integers)
def test_chinese_numerals_parse_back(n):
    assert to_number(cn2an.an2cn(n)) == n


@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(["个", "户", "人次", "平方米", "台"]))
def test_a_count_in_a_sentence_is_found_with_its_unit(n, unit):
    text = f"年内新建{n}{unit}，"
    q = _one(text)
    assert (q.value, q.unit, q.raw) == (n, unit, f"{n}{unit}")
    if n % 10000 == 0:
        assert _one(f"年内新建{n // 10000}万{unit}，").value == n
    assert _one(f"年内新建{cn2an.an2cn(n)}{unit}，").value == n


@given(st.text())
def test_find_quantities_never_raises_and_keeps_its_invariants(text):
    for q in find_quantities(text):
        assert q.value >= 0
        assert q.value_max is None or q.value <= q.value_max
        assert text[q.start : q.end] == q.raw
        assert q.comparator in ("=", "≥", "≤")


@given(st.text(alphabet="0123456789一二两三四五六七八九十百千万亿零点.,—-至个人万元%％以上不少于每第年 ，。"))
def test_find_quantities_on_number_soup(text):
    for q in find_quantities(text):
        assert q.value >= 0
        assert q.value_max is None or q.value <= q.value_max


def test_liang_counts_as_two():
    from minsheng.notices.extraction.numbers import cn_integer

    assert cn_integer("两") == 2 and cn_integer("两百") == 200 and cn_integer("十二") == 12
