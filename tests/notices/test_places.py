"""Places a document names (GB/T 2260 divisions and the towns written after them) and the plan's region."""

from minsheng.notices.extraction.metadata import extract_metadata
from minsheng.notices.extraction.places import division_names, place_ending, places_in


def test_the_division_list_covers_the_country_without_common_words():
    names = division_names()
    assert len(names) > 3000
    assert {"济宁市", "迁安市", "洋县", "天祝县", "恩施州", "义马市"} <= names
    assert not {"城区", "郊区", "市中区"} & names


def test_a_chain_gives_its_most_specific_place_and_prose_gives_none():
    assert places_in("日前，在连云港市灌南县新安镇召开的人代会上") == ["新安镇"]
    assert places_in("2021年以来，迁安市坚持以人民为中心") == ["迁安市"]
    assert places_in("全市城乡统筹，市和县两级，城区排水") == []
    assert places_in("近日，洋县召开人代会") == ["洋县"]


def test_a_candidate_name_is_kept_only_where_it_names_a_place():
    assert place_ending("千秋路中段义马市") == "义马市"
    assert place_ending("覃塘区樟木镇") == "樟木镇"
    assert place_ending("土官镇") == "土官镇"
    assert place_ending("确定区") is None and place_ending("征求县") is None


def test_the_region_comes_from_the_issuer_the_body_or_the_place_named_most():
    joint = extract_metadata(["中共商丘市委办公室商丘市人民政府办公室", "关于印发2023年民生实事的通知"])
    assert joint["region"] == "商丘市"
    labelled = extract_metadata(["  • 来源:苍南县人民政府办公室", "关于2022年民生实事项目进展情况的通报"])
    assert labelled["issuer"] == "苍南县人民政府办公室" and labelled["region"] == "苍南县"
    news = extract_metadata(
        ["2021年以来，迁安市坚持以人民为中心，实施了10项为民实事。", "迁安市各镇街全部完成。"]
    )
    assert news["region"] == "迁安市"
    law = extract_metadata(
        ["根据《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》的通知，2021年民生实事"]
    )
    assert law["issuer"] is None


def test_a_year_spoken_of_as_past_gives_the_next_as_the_plans():
    meta = extract_metadata(
        ["刚刚过去的2020年，市委、市政府实施36个为民办实事项目，今年继续开展为民办实事。"]
    )
    assert meta["year"] == 2021
    assert extract_metadata(["更新时间:2017-01-05 09:11:38", "党湾镇十件实事"])["year"] == 2017


def test_a_town_named_after_a_verb_is_the_town():
    assert place_ending("这次票决是船湾镇") == "船湾镇"


def test_a_county_named_without_its_suffix_again_and_again_is_the_place():
    from minsheng.notices.extraction.places import bare_place

    texts = ["宁海新闻网讯 1月22日，记者从县人大会议上获悉", "宁海将实施10项民生实事项目。"]
    assert bare_place(texts) == "宁海县"
    assert bare_place(["宁海新闻网讯 记者获悉"]) is None  # once is not enough
    assert bare_place(["惠民服务怎么干", "为推进惠民实事项目", "惠民服务项目"]) is None  # a word, not 惠民县
