"""The longest run of parallel items (notices/extraction/runs.py), in the shapes of the genre: lists a
notice prints without a table or an outline the enumerated reader knows."""

import pytest

from minsheng.notices.extraction.runs import announced_count, best_run, projects_of
from tests.notices.drafts import draft_of

VOTE = """某市第十七届人民代表大会第三次会议主席团公告
某市第十七届人民代表大会第三次会议于2024年1月20日票决产生了2024年某市十件民生实事项目，现予公告：
1.中心城区水环境综合治理；
2.老旧小区改造提升；
图为代表投票现场
3.新建公办幼儿园；
4.城乡公交一体化；
5.丘陵区山塘清淤增蓄。
某市第十七届人民代表大会第三次会议主席团
2024年1月20日"""

SHAPES = {
    "numbered bare names, a caption between": (
        VOTE,
        2024,
        ["中心城区水环境综合治理", "丘陵区山塘清淤增蓄"],
        5,
    ),
    "semicolons after 分别是": (
        "2023年，我市十件民生实事分别是：建设城市书房；改造老旧小区；新增停车泊位；建设口袋公园。",
        2023,
        ["建设城市书房", "建设口袋公园"],
        4,
    ),
    "顿号 after 包括, 等项目 dropped": (
        "今年的民生实事包括养老服务提升、学前教育扩容、城市道路改造、农村饮水安全等项目。",
        2024,
        ["养老服务提升", "农村饮水安全"],
        4,
    ),
    "一是…四是 with any verb": (
        "2024年将办好实事：一是解决群众停车难问题；二是发展普惠托育；三是改造农村公路；四是提升社区养老服务。",
        2024,
        ["解决群众停车难问题", "提升社区养老服务"],
        4,
    ),
    "circled numbers inline": (
        "今年民生实事：①新建城东幼儿园②改造老旧小区③新建滨河公园",
        2024,
        ["新建城东幼儿园", "新建滨河公园"],
        3,
    ),
    "《》 titles": (
        "票决产生的项目为《城区供水管网改造》《社区食堂建设》《农贸市场提升》。",
        2024,
        ["城区供水管网改造", "农贸市场提升"],
        3,
    ),
    "digit and space": (
        "十件实事如下\n1 城区供水管网改造\n2 社区食堂建设\n3 农贸市场提升",
        2024,
        ["社区食堂建设"],
        3,
    ),
}


@pytest.mark.parametrize("name", SHAPES)
def test_each_shape_of_the_genre_gives_its_items(name):
    text, year, some, count = SHAPES[name]
    run = best_run(text.split("\n"), year)
    assert run is not None and len(run.items) == count
    assert all(item in run.items for item in some)


def test_the_plan_years_list_wins_over_last_years():
    text = """2023年民生实事项目完成情况：
1.老旧小区改造（得票95）
2.新建学校（得票90）
3.公交优化（得票88）
4.菜市场（得票80）
5.公厕（得票70）
2024年十件民生实事：
1.城市更新行动
2.普惠托育服务
3.基层医疗提升"""
    run = best_run(text.split("\n"), 2024)
    assert run.items == ("城市更新行动", "普惠托育服务", "基层医疗提升")


def test_no_run_in_prose_and_units_leave_the_name():
    assert best_run(["今年我市将继续办好民生实事，让群众有更多获得感。"], 2024) is None
    run = best_run(
        [
            "1.新建城东幼儿园（责任单位：市教育局）",
            "2.改造西关老旧小区（责任单位：市住建局）",
            "3.建设滨河公园",
        ],
        None,
    )
    first = projects_of(run)[0]
    assert first["name"] == "新建城东幼儿园" and first["lead_units"] == ["市教育局"]


def test_the_count_a_lead_in_announces():
    assert announced_count("票决产生了十件民生实事") == 10
    assert announced_count("2024年将实施15项民生工程") == 15
    assert announced_count("今年的民生实事如下") is None


def test_items_found_without_numbering_carry_their_doubt_to_the_review_page():
    loose = projects_of(best_run(["今年的民生实事包括养老服务提升、学前教育扩容、城市道路改造。"], 2024))
    assert all(any("请确认它是一个项目" in w for w in p["warnings"]) for p in loose)
    numbered = projects_of(best_run(VOTE.split("\n"), 2024))
    assert not any(p["warnings"] for p in numbered)
    long = projects_of(best_run(["1." + "建设" * 25, "2.改造城西老旧小区", "3.新建滨河公园"], None))
    assert any("名称较长" in w for w in long[0]["warnings"])


def test_a_hostile_text_gives_bounded_runs():
    from minsheng.notices.extraction.runs import MAX_RUN

    run = best_run(["新建城乡供水项目"] * 5000, 2024)
    assert run is not None and len(run.items) <= MAX_RUN
    assert best_run(["项目：" * 5000], 2024) is None


def test_when_the_run_is_taken_the_outline_readers_doubts_go_with_it():

    draft = draft_of(VOTE.split("\n"))
    assert len(draft["projects"]) == 5
    assert not [w for w in draft["warnings"] if "未识别到以编号列出" in w or "不在项目清单中" in w]
    assert any("识别出 5 个项目" in w for w in draft["warnings"])


def test_a_numbered_item_may_carry_its_detail_and_a_heading_before_a_colon_names_it():
    text = (
        "现将进展情况公示如下。 1.轨道交通1号线一期工程投入试运营。 牵头领导:林某 责任单位:市轨道交通指挥部 "
        "项目责任人:尹某 实际完成情况:"
        + "已通车试运营，"
        * 30
        + " 2.新增安装300套路口交通信息视频采集设备。 "
        "责任单位:市公安局 项目责任人:王某 3.农田水利基础设施建设提升工程:完成主要河道治理3条。"
    )
    projects = projects_of(best_run([text], 2014))
    assert [p["name"] for p in projects] == [
        "轨道交通1号线一期工程投入试运营",
        "新增安装300套路口交通信息视频采集设备",
        "农田水利基础设施建设提升工程",
    ]
    assert [p["lead_units"] for p in projects[:2]] == [["市轨道交通指挥部"], ["市公安局"]]


def test_full_stop_markers_and_long_items_named_by_their_heading():
    from minsheng.notices.extraction.run import heading_of

    lines = [
        "今年，继续开展为民办实事：",
        "1。 新改扩建20所公办幼儿园;",
        "2。 改善全市60所中小学校教室视觉环境;",
        "3。 持续实施呵护母婴健康工程;",
    ]
    assert best_run(lines, 2021).items[0] == "新改扩建20所公办幼儿园"
    assert (
        heading_of("促进群众就业增收，开展职业技能培训2.5万人次，县、乡级就业公共服务机构覆盖率达100%")
        == "促进群众就业增收"
    )


def test_paragraphs_opening_with_a_short_sentence_are_a_list():
    lines = [
        "政府工作报告提出今年办好以下民生实事：",
        "稳定和扩大就业。实现城镇新增就业50万人以上，高校毕业生就业率保持稳定。",
        "学前教育普及普惠能力提升。统筹盘活基础教育资源支持乡村幼儿园建设。",
        "科技助力乡村振兴。建设省级院士专家工作站30个。",
    ]
    run = best_run(lines, 2023)
    assert run.items == ("稳定和扩大就业", "学前教育普及普惠能力提升", "科技助力乡村振兴")
    assert any("请确认它是一个项目" in w for w in projects_of(run)[0]["warnings"])
    assert "建设省级院士专家工作站30个" in projects_of(run)[2]["content"]  # the detail is kept: its targets


def test_the_lines_under_a_numbered_item_are_its_detail_units_and_targets():
    lines = [
        "2025年十件民生实事如下：",
        "一、村内基础设施提升工程",
        "在17个乡镇硬化道路10万平方米并安装太阳能路灯1000盏。",
        "牵头单位：县住建局",
        "二、农村饮水维修养护工程",
        "维修更换农村37处的机泵、阀门。",
        "三、城乡电网改造升级工程",
        "改造升级10千伏线路16.66公里。",
    ]
    projects = projects_of(best_run(lines, 2025))
    assert [p["name"] for p in projects] == [
        "村内基础设施提升工程",
        "农村饮水维修养护工程",
        "城乡电网改造升级工程",
    ]
    assert projects[0]["lead_units"] == ["县住建局"] and "1000盏" in projects[0]["content"]
    from minsheng.notices.extraction.targets import targets_for_project

    third = targets_for_project(projects[2]["name"], projects[2]["content"], 2025)
    assert [(t["value"], t["unit"]) for t in third] == [(16.66, "公里")]  # 10千伏 rates the line


def test_zhi_markers_headings_before_a_dash_and_count_notes():
    from minsheng.notices.extraction.run import without_count_note

    lines = [
        "打造十大民生工程：",
        "之一：“亮点工程”——南正街改造提升。",
        "之二：“地标工程”——大南门市场竣工。",
        "之三：“网格工程”——提升网格作用。",
    ]
    assert [p["name"] for p in projects_of(best_run(lines, 2014))] == [
        "“亮点工程”",
        "“地标工程”",
        "“网格工程”",
    ]
    assert without_count_note("科教惠民工程(项目6个,其中基建工程类5个)") == "科教惠民工程"
    assert without_count_note("共和镇农村道路(来苏、大凹)改造工程") == "共和镇农村道路(来苏、大凹)改造工程"


def test_a_notices_furniture_is_not_a_bare_list():
    lines = ["2020年政府工作报告重点工作责任分解", "湖州市人民政府办公室", "2020年5月22日", "附件1"]
    assert best_run(lines, 2020) is None


def test_headings_may_list_with_dun_and_a_line_about_the_list_ends_a_bare_run():
    lines = [
        "今年票决的10件民生实事：",
        "义务教育学校扩容提质。新建、改扩建义务教育学校33所。",
        "为居民小区加盖停车棚、配建智能充电桩。统一规划、分类实施。",
        "城区公厕增量提标工程。全市新建、改建公厕100座。",
    ]
    assert best_run(lines, 2023).items[1] == "为居民小区加盖停车棚、配建智能充电桩"
    chat = ["跟踪监督2025年民生实事", "跟踪监督", "这些重点民生实事项目中", "你关注哪些", "评论区聊聊吧"]
    assert best_run(chat, 2025) is None


def test_the_signature_under_the_last_item_is_not_its_detail():
    lines = [
        "沅江市人民政府2023年民生实事项目：",
        "1.中心城区水环境综合治理；",
        "2.“三线一站”新型电力系统建设；",
        "3.丘陵区山塘清淤增蓄。",
        "沅江市第十八届人民代表大会第二次会议主席团",
        "2022年12月21日",
        "|",
    ]
    assert projects_of(best_run(lines, 2023))[-1]["content"] == "丘陵区山塘清淤增蓄"


def test_a_number_alone_over_its_heading_and_bullets_gives_the_headings():
    lines = ["会议票决通过十件民生实事："]
    for n, (head, bullets) in enumerate(
        [
            ("构建高水平健康服务体系", ["加强临床重点专科建设。", "优化就医服务。"]),
            ("保障市民便利办事和畅通出行", ["提升市民办事便利化水平。", "优化公共交通服务。"]),
            ("关心关爱老年人和困难群体", ["扩大养老服务供给。", "深入实施科技助残。"]),
        ],
    ):
        lines += ["一二三"[n], head, *("●" + b for b in bullets)]
    assert best_run(lines, 2026).items == (
        "构建高水平健康服务体系",
        "保障市民便利办事和畅通出行",
        "关心关爱老年人和困难群体",
    )
    bullets_in_one_section = [
        "一、总体要求",
        "二、项目清单",
        "●新建城东幼儿园",
        "●改造西关老旧小区",
        "●建设滨河公园",
        "三、保障措施",
    ]
    assert best_run(bullets_in_one_section, 2026).items[0] == "新建城东幼儿园"


def test_a_list_of_headings_run_into_their_detail_is_named_by_its_headings():
    from minsheng.notices.extraction.run import headings_of_run

    texts = [
        "促进重点群体稳定就业,新增城镇就业4.3万人",
        "支持毕业生求职创业,对符合条件的毕业生按1500/人的标准发放补贴",
        "加强城乡公益性公墓建设管理",
        "擴大5G網絡覆蓋面,年底前实现乡镇全覆盖",
    ]
    names = ["促进重点群体稳定就业", *texts[1:]]
    assert headings_of_run(names, texts) == [
        "促进重点群体稳定就业",
        "支持毕业生求职创业",
        "加强城乡公益性公墓建设管理",
        "擴大5G網絡覆蓋面",
    ]
    counted = ["新建中小学15所，改扩建8所学校", "新增托位1000个", "改造老旧小区50个"]
    assert headings_of_run(counted, counted) == counted  # a count in the first clause: not a heading


def test_a_project_named_with_the_measures_it_holds_is_named_before_them():
    from minsheng.notices.extraction.run import without_measures

    assert (
        without_measures("“常有优学”工程,包括促进教育资源优质均衡、深化学生健康关爱行动等")
        == "“常有优学”工程"
    )
    assert without_measures("新建城东幼儿园") == "新建城东幼儿园"
    from minsheng.notices.extraction.run import without_purpose

    assert without_purpose("建设“口袋公园”10处,方便群众“出门见绿,移步入园”") == "建设“口袋公园”10处"
    assert without_purpose("新建教学楼,改造操场") == "新建教学楼,改造操场"
    assert without_purpose("快速路一期工程建设推进情况") == "快速路一期工程建设"


def test_item_two_may_open_with_a_count():
    from minsheng.notices.extraction.enumerated_lines import match_marker

    assert match_marker("2.50个小区新增电动自行车充电设施")[1:] == (2, "2.", "50个小区新增电动自行车充电设施")
    assert match_marker("1.5万人次参加培训") is None  # a decimal, not a marker
    assert match_marker("实事一：修建乡镇学校教师周转房566套")[:2] == ("named", 1)


def test_bullets_that_begin_alike_are_projects_and_exclamations_are_not_items():
    lines = [
        "今年我市将继续实施20件民生实事",
        "这些与百姓福祉息息相关的项目",
        "值得大家期待",
        "一起来看看吧!",
        "教育供给",
        "·建设幼儿园",
        "建设幼儿园17所，9所年内主体竣工。",
        "·建设中小学",
        "建设中小学26所。",
        "·建设高职学校",
        "建设职业学校3所。",
    ]
    assert best_run(lines, 2021).items == ("建设幼儿园", "建设中小学", "建设高职学校")


def test_table_rows_printed_with_spaces_between_cells_are_named_by_their_first_cell():

    lines = [
        "万州区2025年重点民生实事目标任务及月度推进情况表",
        "序号 项目名称 2025年工作目标任务 2025年投资计划(万元) 责任",
        "单位",
        "月度进展情况(1-3月) 投资完成情况 备注",
        "1 实施城镇老旧小区改造 新开工改造城镇老旧小区67个。 25000 区住房城乡建委 已开工 8000 32",
        "2 农村公路加装护栏 实施农村公路生命安全防护工程201公里。 3417 区交通运输委 已完成审查 680 19.9",
        "3 关爱青少年心理健康 开展心理健康教育培训认证400人以上。 120 区教委 已培训 30 25",
    ]
    projects = draft_of(lines)["projects"]
    assert [p["name"] for p in projects] == ["实施城镇老旧小区改造", "农村公路加装护栏", "关爱青少年心理健康"]
    assert [p["lead_units"] for p in projects] == [["区住房城乡建委"], ["区交通运输委"], ["区教委"]]


def test_a_unit_label_glued_to_the_name_is_still_a_label():
    from minsheng.notices.extraction.unitclauses import item_units

    found = item_units(["适龄女生HPV疫苗接种牵头责任部门:县卫生健康委员会"])
    assert found["texts"] == ["适龄女生HPV疫苗接种"] and found["lead_units"] == ["县卫生健康委员会"]
    assert item_units(["加强单位食堂管理：推行明厨亮灶"])["lead_units"] == []  # no label, a word


def test_heading_paragraphs_run_into_one_line_are_still_a_list():
    line = (
        "棚户区改造工程。新开工11万套，改善群众居住条件。 老旧小区改造工程。改造老旧小区3057个，完善基础设施。 "
        "城中村改造工程。启动203个城中村改造，改善人居环境。"
    )
    run = best_run(["2021年河北省重点民生工程：", line], 2021)
    assert run.items == ("棚户区改造工程", "老旧小区改造工程", "城中村改造工程") and run.line == 1
    assert "改造老旧小区3057个" in projects_of(run)[1]["content"]


def test_a_heading_sentence_may_pair_two_clauses():
    lines = [
        "10件40项民生实事具体包括：",
        "加强教育基础设施建设，拓展优质教育资源。新建改扩建中小学5所，新增学位3000个。",
        "加强公共设施建设，丰富群众文体生活。新建社区健身中心10处。",
        "继续实施关爱工程，提高公共卫生服务水平。为老人免费体检2万人次。",
    ]
    run = best_run(lines, 2016)
    assert run.items[0] == "加强教育基础设施建设，拓展优质教育资源" and len(run.items) == 3


def test_numerals_glued_to_their_headings_count_only_in_order():
    lines = [
        "2022年十件民生实事完成情况",
        "一开展公办义务教育学位供给保障行动 完成附属学校升级改造工程",
        "新增学位2000个。",
        "二开展缓解“停车难”行动 市城区停车场",
        "新增停车位500个。",
        "三开展城乡居民医疗保障待遇提升行动 市医保局加大救助力度",
    ]
    run = best_run(lines, 2022)
    assert run.items == (
        "开展公办义务教育学位供给保障行动",
        "开展缓解“停车难”行动",
        "开展城乡居民医疗保障待遇提升行动",
    )
    words = ["一站式服务中心建设", "三季度完成验收工作", "二维码门牌全覆盖"]  # words that open with a numeral
    assert best_run(words, 2022) is None or best_run(words, 2022).family != "cn_glued"


def test_items_that_name_their_lead_units_win_over_the_measures_numbered_under_them():

    lines = [
        "谯城区2025年30项民生实事实施方案",
        "一、实施促进重点人群就业行动，对符合条件的毕业生发放求职创业补贴。（牵头单位：区人社局）",
        "推进措施：",
        "1.及时发布毕业生求职创业补贴发放信息。",
        "2.对低保家庭毕业生给予补贴。",
        "3.科学规划零工驿站布局。",
        "4.推进“三公里”就业圈建设。",
    ]
    projects = draft_of(lines)["projects"]
    assert len(projects) == 1 and projects[0]["lead_units"] == ["区人社局"]
    assert projects[0]["name"].startswith("实施促进重点人群就业行动")


def test_the_bullets_under_a_numbered_heading_are_its_measures_and_targets():
    lines = [
        "2025年金凤区十件民生实事",
        "01",
        "交通畅行“顺心”实事",
        "▶整治背街小巷80条",
        "▶新增公共停车位800个",
        "02",
        "幸福宜居“舒心”实事",
        "▶改造老旧小区20个",
        "03",
        "休闲健身“悦心”实事",
        "▶新建小微公园2个",
    ]
    projects = projects_of(best_run(lines, 2025))
    assert [p["name"] for p in projects] == ["交通畅行“顺心”实事", "幸福宜居“舒心”实事", "休闲健身“悦心”实事"]
    assert "新增公共停车位800个" in projects[0]["content"]


def test_lines_that_name_a_project_before_a_colon_and_its_detail_are_a_list():
    lines = [
        "2024年，中梁山街道将实施十件民生实事项目。项目内容具体包括：",
        "社区党群服务中心建设项目：优化华福家园社区等党群服务中心建设。",
        "农村黑臭水体整治项目：对西山村等相关区域污水及底泥进行清淤整治。",
        "环卫设施维护项目：对辖区270余座无主化粪池进行清掏维护。",
    ]
    run = best_run(lines, 2024)
    assert run.items == ("社区党群服务中心建设项目", "农村黑臭水体整治项目", "环卫设施维护项目")
    facets = ["征集时间：3月1日至3月31日。", "征集方式：来信来电。", "征集内容：民生实事建议。"]
    assert best_run(facets, 2024) is None  # the heading must end with the list's own word
