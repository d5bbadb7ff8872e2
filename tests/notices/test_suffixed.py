"""Lists whose items all end with the list's own word, with no lead-in (notices/extraction/suffixed.py)."""

from minsheng.notices.extraction.suffixed import alike_runs, named_quote_runs


def test_quoted_names_closed_by_the_list_word_are_a_list_though_units_stand_between():
    text = (
        "其中，市市场监管局主办的“开展食用农产品快检，加大食品抽检力度”项目、市卫生健康委主办的“提高疾病预防能力，"
        "为老年人免费接种疫苗”项目，满意度排名并列第一；市公安局主办的“提升政务服务体验”项目，满意度排名第二。"
    )
    (run,) = named_quote_runs([text], 0, text)
    assert run.items == (
        "开展食用农产品快检，加大食品抽检力度",
        "提高疾病预防能力，为老年人免费接种疫苗",
        "提升政务服务体验",
    )
    assert run.leads == (("市市场监管局",), ("市卫生健康委",), ("市公安局",))
    spoken = "他说：“要办好民生实事”。群众认为“这是好事”项目，“那也是好事”。"
    assert named_quote_runs([spoken], 0, spoken) == []


def test_dun_parts_that_all_end_alike_are_a_list_and_a_cut_last_part_is_left_out():
    text = "今年，医保异地就医“免备案”便民项目、县(市)博物馆新建改陈项目、社区老年人照护中心项目、农村生活污水治理项目、医保服务进"
    (run,) = alike_runs([text], 0, text)
    assert run.items == (
        "医保异地就医“免备案”便民项目",
        "县(市)博物馆新建改陈项目",
        "社区老年人照护中心项目",
        "农村生活污水治理项目",
    )
    mixed = "今年将建设学校、医院和公园，实施道路工程、改造项目、绿化行动。"
    assert alike_runs([mixed], 0, mixed) == []


def test_names_in_brackets_after_their_count_are_the_list():
    from minsheng.notices.extraction.runs import best_run
    from minsheng.notices.extraction.suffixed import bracketed_runs

    text = (
        "最终，确定了4个项目（美丽家园工程、商贸服务工程、清水治污工程、安全治理工程）为2019年民生实事项目。"
        "具体包括完成两个老旧小区整治提升工作；完成社区商贸综合体装修；建设20个社区的污水零直排工程；建立17个社区消防宣传点。"
    )
    assert bracketed_runs([text], 0, text)[0].items[0] == "美丽家园工程"
    assert best_run([text], 2019).items == ("美丽家园工程", "商贸服务工程", "清水治污工程", "安全治理工程")
    assert bracketed_runs(["建设3个公园（城东公园、城西公园）"], 0, "建设3个公园（城东公园、城西公园）") == []
