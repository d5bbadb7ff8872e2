"""Grouping similar proposals (pure: Dice coefficient of character bigrams of the title and of the
title + start of the content, connected components)."""

import random
import time

from minsheng.participation.proposals import duplicates

MEALS_A = ("增设老年人助餐点", "希望在社区增设老年人助餐点，方便高龄老人就餐。")
MEALS_B = ("增加老年人助餐点", "在各社区增加老年人助餐点，让老人就近吃饭。")
LIFT_A = ("改造老旧小区", "对老旧小区进行改造，加装电梯，更新管网。")
LIFT_B = ("老旧小区加装电梯", "建议为老旧小区加装电梯，方便老人上下楼。")
BUS = ("增加公交线路", "开通到高铁站的公交线路。")
PARK = ("修建口袋公园", "在城区空地修建口袋公园，增加绿地。")

# 300 of the most common characters: unrelated texts built from them share many characters
COMMON = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产"
    "种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业"
    "本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利"
    "比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文"
    "总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干"
    "做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共"
)


def keyed(*texts):
    return [(n, title, content) for n, (title, content) in enumerate(texts, 1)]


def test_bigrams_cut_at_punctuation_spaces_and_boilerplate():
    assert duplicates.bigrams("老年人 助餐，K12") == {"老年", "年人", "助餐", "k1", "12"}
    assert duplicates.bigrams("关于增设的建议") == {"增设"}
    assert duplicates.bigrams("路") == {"路"}
    assert duplicates.bigrams("") == set() and duplicates.bigrams(None) == set()


def test_only_the_start_of_the_content_is_compared():
    same_start = "在社区增设老年人助餐点。" * 20  # 240 characters
    a = ("", same_start + "方便高龄老人就餐" * 50)
    b = ("", same_start + "修建口袋公园增加绿地" * 50)
    assert duplicates.similarity(a, b) == 100
    assert len(duplicates.excerpt("标题", "字" * 2000)) == len("标题\n") + duplicates.CONTENT_CHARS


def test_similar_and_different_pairs():
    assert duplicates.similarity(MEALS_A, MEALS_B) >= duplicates.THRESHOLD
    assert duplicates.similarity(LIFT_A, LIFT_B) >= duplicates.THRESHOLD
    assert duplicates.similarity(MEALS_A, LIFT_B) < duplicates.THRESHOLD
    assert duplicates.similarity(BUS, PARK) < duplicates.THRESHOLD
    assert duplicates.similarity(MEALS_A, MEALS_A) == 100


def test_groups_are_connected_components_in_input_order():
    items = keyed(MEALS_A, LIFT_A, BUS, MEALS_B, LIFT_B, PARK)
    assert duplicates.groups(items) == [[1, 4], [2, 5], [3], [6]]


def test_a_chain_of_likeness_makes_one_group():
    # a ~ b and b ~ c, though a and c alone are below the threshold
    a, b, c = ("甲乙丙丁戊己庚辛", ""), ("甲乙丙丁戊己庚辛壬癸子丑", ""), ("庚辛壬癸子丑寅卯", "")
    assert duplicates.similarity(a, c) < duplicates.THRESHOLD <= duplicates.similarity(b, c)
    assert duplicates.groups([("a", *a), ("c", *c), ("b", *b)]) == [["a", "c", "b"]]
    assert duplicates.groups([("a", *a), ("c", *c)]) == [["a"], ["c"]]


def test_every_item_once_and_empty_texts_alone():
    items = [(i, *(MEALS_A if i % 2 else ("", "，。"))) for i in range(6)]
    groups = duplicates.groups(items)
    assert sorted(k for g in groups for k in g) == list(range(6))
    assert [1, 3, 5] in groups and [0] in groups and [2] in groups
    assert duplicates.groups([]) == []


def test_threshold_is_a_parameter():
    items = keyed(MEALS_A, LIFT_B)
    assert duplicates.groups(items, threshold=0) == [[1, 2]]
    assert duplicates.groups(items, threshold=100) == [[1], [2]]


def test_similar_to_orders_by_likeness():
    found = duplicates.similar_to(*MEALS_A, [(1, *BUS), (2, *MEALS_B), (3, *MEALS_A)])
    assert [k for k, _ in found] == [3, 2]
    assert found[0][1] == 100
    assert duplicates.similar_to("", "", [(1, *BUS)]) == []


def _unrelated(count: int, seed: int) -> list[tuple[int, str, str]]:
    """Proposals of random common characters, with the same boilerplate around each: they share most
    of their characters, and nothing of their matter."""
    rng = random.Random(seed)

    def text(n):
        return "".join(rng.choice(COMMON) for _ in range(n))

    return [(n, f"关于{text(8)}的建议", f"我建议{text(400)}。希望领导重视。") for n in range(count)]


def test_300_unrelated_proposals_stay_apart_and_true_pairs_still_group():
    items = _unrelated(300, seed=7)
    pairs = [MEALS_A, MEALS_B, LIFT_A, LIFT_B]
    items[10:10] = [("meals a", *MEALS_A), ("lift a", *LIFT_A)]
    items[200:200] = [("meals b", *MEALS_B), ("lift b", *LIFT_B)]
    assert len(pairs) + 300 == len(items)
    started = time.perf_counter()
    groups = duplicates.groups(items)
    elapsed = time.perf_counter() - started
    assert max(len(g) for g in groups) <= 3
    assert ["meals a", "meals b"] in groups and ["lift a", "lift b"] in groups
    assert elapsed < 5  # about 0.2 s; the former grouping took minutes


def test_500_long_unrelated_proposals_make_no_large_group():
    groups = duplicates.groups(_unrelated(500, seed=11))
    assert max(len(g) for g in groups) <= 3
