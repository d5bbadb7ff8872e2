"""Plan metadata from the paragraphs of a notice (made-up notices in the genre)."""

from minsheng.notices.extraction.metadata import deadline_from_text, extract_metadata


def test_full_notice_header():
    meta = extract_metadata(
        [
            "某某县人民政府文件",
            "某政发〔2025〕3号",
            "某某县人民政府关于印发2025年民生实事项目的通知",
            "各乡、镇人民政府，各街道办事处：",
            "2025年民生实事项目已经县十八届人大四次会议票决通过，现印发给你们。",
            "某某县人民政府",
            "2025年1月20日",
        ]
    )
    assert meta == {
        "title": "关于印发2025年民生实事项目的通知",
        "issuer": "某某县人民政府",
        "region": "某某县",
        "year": 2025,
        "doc_number": "某政发〔2025〕3号",
        "issued_date": "2025-01-20",
        "approved_by": "县十八届人大四次会议",
    }


def test_table_only_document_and_chinese_date():
    meta = extract_metadata(["某某新区2023年“民生实事”项目一览表", "二〇二三年二月八日"])
    assert meta["title"] == "某某新区2023年“民生实事”项目一览表"
    assert meta["region"] == "某某新区" and meta["year"] == 2023
    assert meta["issued_date"] == "2023-02-08"


def test_deadlines():
    assert deadline_from_text("年底", 2024) == "2024-12-31"
    assert deadline_from_text("6月底前", 2024) == "2024-06-30"
    assert deadline_from_text("9月", 2022) == "2022-09-30"
    assert deadline_from_text("2025年2月", 2024) == "2025-02-28"
    assert deadline_from_text("十月底", 2024) == "2024-10-31"
    assert deadline_from_text("长期坚持", 2024) is None
    assert deadline_from_text(None, 2024) is None


def test_the_year_a_practice_began_is_not_the_plans():
    meta = extract_metadata(
        [
            "河南：重点办好10件民生实事",
            "2021-02-04 22:31 来源：新华社",
            "自2005年开始，河南省已连续17年请全省人民建言民生实事。",
        ]
    )
    assert meta["year"] == 2021


def test_a_headline_that_opens_with_its_place_gives_the_region():
    def region(*lines):
        return extract_metadata(list(lines))["region"]

    assert region("当前位置：首页", "白沙埠镇: 重大民生实事项目代表说了算", "来源:临沂日报") == "白沙埠镇"
    assert (
        region("网站首页>>新闻动态", "城中区20项民生实事项目出炉") == "城中区"
    )  # a district that reads as a word
    assert region("爱山街道召开2018年街道议事会", "会议票决产生民生实事项目") == "爱山街道"


def test_the_year_the_text_will_act_in_is_the_plans_over_last_years_review():
    meta = extract_metadata(
        [
            "市政府工作报告解读",
            "2019年，全市经济运行稳中向好，地区生产总值增长8%左右。",
            "报告指出，2020年，我市将继续坚持改善民生。",
            "续办民生实事：①推进农村学校建设；②新建公办幼儿园。",
        ]
    )
    assert meta["year"] == 2020


def test_a_cited_document_is_not_the_title_and_a_clause_is_not_the_issuer():
    meta = extract_metadata(
        [
            "来源: 中国雄安官网",
            "雄安新区2023年民生工程实施方案",
            "为深入贯彻…，按照河北省人民政府办公厅印发的《关于印发河北省2023年民生工程实施方案的通知》要求，制定如下实施方案。",
        ]
    )
    assert meta["title"] == "雄安新区2023年民生工程实施方案" and meta["region"] == "雄安新区"


def test_the_year_whose_list_is_reported_on_is_not_the_plans():
    meta = extract_metadata(
        ["大会听取了2022年民生实事项目实施情况的报告和2023年民生实事项目的建议", "代表们票决产生了项目。"]
    )
    assert meta["year"] == 2023
