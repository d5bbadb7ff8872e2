"""Lists run into one sentence: after a lead-in, and before the count that closes them."""

from minsheng.notices.extraction.run import areas_not_projects, facets_of_one_matter
from minsheng.notices.extraction.runs import best_run
from minsheng.notices.extraction.sentence_lists import (
    counted_runs,
    separated_runs,
    split_outside_brackets,
    without_etc,
)
from tests.notices.drafts import draft_of


def test_a_list_closed_by_its_count_needs_no_lead_in_word():
    text = (
        "2021年以来，该市精心谋划实施了加快社区治理提升、持续推进乡村建设、办好人民满意教育、"
        "提升城乡通达能力等4项为民实事，全部完成。"
    )
    (run,) = counted_runs([text], 0, text)
    assert run.items == ("加快社区治理提升", "持续推进乡村建设", "办好人民满意教育", "提升城乡通达能力")
    assert best_run([text], 2021).items == run.items


def test_the_words_before_the_first_item_are_cut_only_when_it_is_the_longest():
    text = "全面推进宜居环境更新工程、医疗设施提升工程、城市安全保障工程等十项重点民生实事项目。"
    assert counted_runs([text], 0, text)[0].items[0] == "宜居环境更新工程"
    plain = "今年，新建城东幼儿园、改造城西老旧小区、建设滨河公园等3个项目。"
    assert counted_runs([plain], 0, plain)[0].items[0] == "新建城东幼儿园"


def test_a_count_smaller_than_the_parts_or_areas_instead_of_projects_give_no_list():
    assert counted_runs(["x"], 0, "新建甲幼儿园、改造乙小区、建设丙公园、修建丁道路等3个项目") == []
    areas = "围绕教育、医疗、养老、交通等10件民生实事，全力推进。"
    assert best_run([areas], 2024) is None


def test_a_single_title_before_its_count_is_the_one_project_named():
    text = "票决选出了《集镇区基础设施改造》等10件2023年政府重点民生实事。"
    assert counted_runs([text], 0, text)[0].items == ("集镇区基础设施改造",)


def test_parts_are_cut_outside_brackets_and_the_lists_close_goes():
    assert split_outside_brackets("甲(高血压、糖尿病)、乙、《丙、丁》", "、") == [
        "甲(高血压、糖尿病)",
        "乙",
        "《丙、丁》",
    ]
    assert without_etc("大圈片高标准农田建设等10个项目确定为今年的民生实事") == "大圈片高标准农田建设"
    assert without_etc("农村饮水安全等项目") == "农村饮水安全"
    assert (
        without_etc("共和圩镇(平安大道、德和路等)升级改造工程") == "共和圩镇(平安大道、德和路等)升级改造工程"
    )


def test_a_lead_in_may_carry_a_perfective_and_numbered_parts_are_not_a_dun_list():
    text = "大会选出了新型社区改善项目、农村道路提档升级项目、吴书纪念馆提升改造建设项目等10个项目。"
    assert separated_runs([text], 0, text)[0].items[0] == "新型社区改善项目"
    marked = "计划投资2000万元：①对慢性病患者(高血压、糖尿病)、严重精神障碍患者、65岁以上老年人开展体检"
    assert separated_runs([marked], 0, marked) == []
    assert separated_runs(["x"], 0, "具有普惠性、公益性、必要性的项目") == []


def test_sections_of_one_matter_and_policy_areas_are_not_projects():
    assert facets_of_one_matter(["征集时间", "征集内容", "征集说明", "征集方式"])
    assert not facets_of_one_matter(["共和镇平岭小学改扩建工程", "共和镇农村道路改造工程"])
    assert areas_not_projects(["社会保障", "养老助残", "公共安全", "城市管理"])
    assert not areas_not_projects(["老旧小区改造", "农村公路提升", "城区供水"])


def test_a_count_without_etc_must_match_the_parts():
    text = "经投票表决，饮用水提升工程、改造大棚10万平方米、中药材种植300亩三件实事成为今年民生实事。"
    assert counted_runs([text], 0, text)[0].items == (
        "饮用水提升工程",
        "改造大棚10万平方米",
        "中药材种植300亩",
    )
    fewer = "经投票表决，饮用水提升工程、改造大棚10万平方米、中药材种植300亩五件实事成为今年民生实事。"
    assert counted_runs([fewer], 0, fewer) == []


def test_requirements_broken_lines_and_counted_areas_are_not_lists():
    from minsheng.notices.extraction.run import exhortations

    assert exhortations(["落实责任,确保质量", "密切配合,各负其责", "加强督查,有效监督"])
    assert not exhortations(["新建城东幼儿园", "改造老旧小区1200户"])
    poem = ["2024年十大民生实事定了", "随着两会闭幕，", "更多民生政策密集出台，", "更多暖心实事落地，"]
    assert best_run(poem, 2024) is None
    assert areas_not_projects(["交通出行(85项)", "教育事业(61项)", "环境整治(40项)"])


def test_categories_that_name_their_projects_give_the_projects():
    from minsheng.notices.extraction.sentence_lists import expand_categories

    def item(text):
        return {
            "seq": "1",
            "category": None,
            "name": text[:10],
            "content": text,
            "lead_units": [],
            "co_units": [],
        }

    projects = expand_categories(
        [
            item("城市配套提升类，包括城市靓化工程、“口袋公园”建设、增加停车位供给等3个项目"),
            item("城市更新行动类，包括老旧小区改造、小区排水管网养护等2个项目"),
        ]
    )
    assert [p["name"] for p in projects] == [
        "城市靓化工程",
        "“口袋公园”建设",
        "增加停车位供给",
        "老旧小区改造",
        "小区排水管网养护",
    ]
    assert projects[3]["category"] == "城市更新行动类" and projects[4]["seq"] == "5"
    assert expand_categories([item("新建城东幼儿园"), item("改造老旧小区1200户")]) is None


def test_what_a_notice_asks_of_its_readers_is_not_a_list():
    from minsheng.notices.extraction.run import duties

    asks = [
        "（一）实事项目在提出时应采取“一事一提”方式，按原则征集。",
        "（二）各单位、各部门要高度重视民生项目的推荐工作。",
        "（三）请县融媒体中心通过电视报道加大宣传力度。",
    ]
    assert duties(asks) and best_run(asks, 2021) is None
    assert not duties(["新建城东幼儿园，确保年底前投用", "改造老旧小区1200户", "建设滨河公园"])


def test_a_last_part_joining_two_items_and_back_to_back_quoted_names():
    text = "厚街镇2024年10件民生实事包括提升人居环境品质、强化就业创业帮扶、加强综合交通建设、深化绿美厚街建设和实施“住有所居”工程等。"
    assert separated_runs([text], 0, text)[0].items[-2:] == ("深化绿美厚街建设", "实施“住有所居”工程")
    short = "民生实事包括养老服务和托育服务提升、学前教育扩容、城市道路改造。"
    assert separated_runs([short], 0, short)[0].items[0] == "养老服务和托育服务提升"
    quoted = "随着票决结果的宣布，“实施道路综合治理提升”“开展物业服务质量提升行动”等20件民生实事被确定。"
    assert counted_runs([quoted], 0, quoted)[0].items == ("实施道路综合治理提升", "开展物业服务质量提升行动")
    asks = [
        "（一）在项目建议上，应具备可操作性。",
        "（二）在项目布局上，应具有代表性。",
        "（三）在资金安排上，应具有可行性。",
    ]
    assert best_run(asks, 2025) is None


def test_quotas_calls_for_proposals_and_two_item_lists():
    from minsheng.notices.extraction.run import allocations, call_for_proposals

    assert allocations(["东台市 2 所", "建湖县2所", "射阳县1所", "市直4所", "盐南高新区2所"])
    assert not allocations(["新建幼儿园3所", "改造老旧小区12个", "建设公园2座"])
    call = ["为持续增进民生福祉，现面向社会公开征集2026年民生实事项目建议。", "一、征集时间", "二、征集内容"]
    assert call_for_proposals(call) and not call_for_proposals(["经票决，确定了征集的10件民生实事项目。"])
    two = "会上票决产生了船湾镇2022年的2项民生实事项目：船湾镇综合文化服务中心项目、船湾镇农村生活垃圾收转运体系建设项目，共计投入300余万元。"
    assert len(separated_runs([two], 0, two)[0].items) == 2
    voted = "从提交的12个候选项目中，票决出张山村道路扩面延伸工程、郭郢村道路大修及扩面延伸工程等10项镇级民生实事项目。"
    assert counted_runs([voted], 0, voted)[0].items == (
        "张山村道路扩面延伸工程",
        "郭郢村道路大修及扩面延伸工程",
    )


def test_category_lines_with_their_projects_and_lists_closed_by_etc_alone():
    from minsheng.notices.extraction.sentence_lists import grouped_runs

    lines = [
        "生态环境改善工程：包括城区空气质量改善、市生态环境监控系统建设、黑臭河道整治工程等10项。",
        "",
        "公共安全保障工程：包括社会治安技防监控七期、市区数字化城管监控全覆盖等5项。",
    ]
    (run,) = grouped_runs(lines)
    assert run.items[-1] == "市区数字化城管监控全覆盖" and run.categories[-1] == "公共安全保障工程"
    rated = "投票结果显示，实施健康惠民工程、“一老一小”关爱行动、“千万工程”建设、城乡交通出行畅通工程等项目的测评结果均为满意。"
    assert counted_runs([rated], 0, rated)[0].items[1:] == (
        "“一老一小”关爱行动",
        "“千万工程”建设",
        "城乡交通出行畅通工程",
    )
    covers = "拟列入清单的内容涵盖电动汽车公共充电桩安装工程、城市公共停车设施建设、婴幼儿照护服务普惠项目等一批热点项目。"
    assert separated_runs([covers], 0, covers)[0].items[0] == "电动汽车公共充电桩安装工程"


def test_joint_responsible_units_are_helpers():
    from minsheng.notices.extraction.unitclauses import parse_unit_clause

    found = parse_unit_clause(
        "青少年关爱行动。开展心理健康“润心行动”。(牵头单位:区教育局;共同责任单位:团区委)"
    )
    assert found["lead_units"] == ["区教育局"] and found["co_units"] == ["团区委"]


def test_a_project_with_its_measures_is_not_a_category():
    from minsheng.notices.extraction.sentence_lists import category_list

    assert category_list("“常有善育”工程，包括扩大普惠托育资源供给、加强儿童健康管理等。") is None
    assert (
        category_list("生态环境改善工程：包括城区空气质量改善、黑臭河道整治工程等10项。")[1][0]
        == "城区空气质量改善"
    )


def test_growth_rates_and_qualities_of_one_noun_are_not_projects():
    from minsheng.notices.extraction.run import growth_goals

    assert growth_goals(["地区生产总值增长10%左右", "规模以上工业增加值增长15%", "外贸出口增长10%"])
    assert not growth_goals(["新建城东幼儿园", "城乡居民医保参保率稳定在95%以上的巩固工程", "建设滨河公园"])
    qualities = "重点征集群众最关切、社会最关注、需求最急迫的民生实事。"
    assert separated_runs([qualities], 0, qualities) == []


def test_counted_clauses_after_a_list_lead_in_are_its_items_and_prose_is_not():
    listed = (
        "2023年为民办实事项目主要包括：建设30家智慧养老院，新增500张养护床位，完成5000户适老化改造，"
        "新建20家示范性智慧菜场，更新投运500辆低地板公交车，新建30个社区市民健身中心。"
    )
    run = separated_runs([listed], 0, listed)[0]
    assert run.items[0] == "建设30家智慧养老院" and len(run.items) == 6
    prose = "今年的实事项目主要包括：加大投入力度，完善工作机制，强化督查考核，确保按期完成，群众满意。"
    assert separated_runs([prose], 0, prose) == []  # clauses without counts: how, not what


def test_a_quoted_list_closed_by_its_exact_count_wins_over_fewer_numbered_reports():

    lines = [
        "某县2022年民生实事完成情况",
        "2022年，全县实施以“政务服务大厅搬迁改造、工人文化宫建设、农村道路提升、老旧小区改造”为主要内容的4项民生实事工程。",
        "一、工作进展情况",
        "（一）政务服务大厅搬迁改造工程。该工程已于7月投入使用。",
        "（二）工人文化宫建设工程。该工程已完成主体封顶。",
        "（三）农村道路提升工程。现已全部完工。",
    ]
    draft = draft_of(lines)
    assert [p["name"] for p in draft["projects"]] == [
        "政务服务大厅搬迁改造",
        "工人文化宫建设",
        "农村道路提升",
        "老旧小区改造",
    ]
    etc = "区政府提出的“为30栋高层售后公房维修、增配消防设施”等17个项目被确定为民生实事。"
    assert counted_runs([etc], 0, etc)[0].items == ("为30栋高层售后公房维修、增配消防设施",)


def test_sentences_that_count_a_categorys_projects_and_name_them_all_are_one_list():
    lines = [
        "2023年十大民生项目中，医疗卫生类项目1个，即国家区域医疗中心创建工程，总投资20亿元。"
        "公共教育类项目1个，即第一中学新校区建设工程，总投资8.2亿元。",
        "基础设施类项目3个，分别为市民服务中心建设工程、22个口袋公园建设工程、老旧供水管道改造提升工程，总投资11亿元。"
        "交通出行类项目两个，分别为大外环工程、四好农村路新改建工程，总投资52亿元。",
    ]
    run = best_run(lines, 2023)
    assert run.items == (
        "国家区域医疗中心创建工程",
        "第一中学新校区建设工程",
        "市民服务中心建设工程",
        "22个口袋公园建设工程",
        "老旧供水管道改造提升工程",
        "大外环工程",
        "四好农村路新改建工程",
    )
    assert run.categories[0] == "医疗卫生类" and run.categories[-1] == "交通出行类"
    mainly = (
        "其中，安居保障类3项，主要是安居惠民保障、暖心社区微改造等工程；"
        "绿化美化类2项，主要是清洁能源改造提升、洁净城市能力提升等工程。"
    )
    assert best_run([mainly], 2024).items == (
        "安居惠民保障",
        "暖心社区微改造",
        "清洁能源改造提升",
        "洁净城市能力提升",
    )
    short = (
        "基础设施类项目3个，分别为甲工程、乙工程。"  # two named where three are counted: not read as the list
    )
    assert best_run([short], 2023) is None


def test_labelled_groups_with_their_items_after_ji_are_one_list_across_captions():
    lines = [
        "2025年的10件重点民生实事可以概括为“两个实施”“两个开展”。",
        "“两个实施”，即实施城镇老旧小区改造，新开工5个老旧小区改造项目；实施城市“增绿添园”工程，建设3个口袋公园。",
        "秀湖汽车露营公园 供图 区委宣传部",
        "“两个开展”，即开展残疾人服务提升行动，新增残疾人就业40人；开展未成年人假期公益托管，开设托管班20个。",
    ]
    run = best_run(lines, 2025)
    assert [i.split("，")[0] for i in run.items] == [
        "实施城镇老旧小区改造",
        "实施城市“增绿添园”工程",
        "开展残疾人服务提升行动",
        "开展未成年人假期公益托管",
    ]


def test_a_call_for_proposals_under_a_voting_system_s_name_is_still_a_call():
    from minsheng.notices.extraction.run import call_for_proposals

    lines = ["某镇人民政府关于征集2022年度民生实事人大代表票决制建议项目的公告", "二、征集途径"]
    assert call_for_proposals(lines)
    assert call_for_proposals(["某镇2022年民生实事项目票决结果公告", "经镇人大票决，确定以下项目："]) is None


def test_a_paragraph_with_two_lists_offers_both_and_the_livelihood_list_wins():
    text = (
        "今年县委县政府确定“双十”目标。10项重点建设项目为：苹果园基础设施提升工程、东城提黄灌溉工程、旅游循环路改造工程、"
        "生物发电厂建设工程、新城路网工程、新城府前广场工程、新城供水管网、污水处理站、热源点工程、公共体育场建设工程、"
        "光伏发电站建设工程、人祖山公路建设工程。10项惠民实事为：整体搬迁东关幼儿园、建设新华西街农贸市场、"
        "扩大城区供暖煤改气范围、新建公厕10座、改造农村危房500户、建设日间照料中心3个、新建村级卫生室20个、"
        "实施农村饮水安全工程、建设城市书房2个、培训新型农民1000人。"
    )
    runs = separated_runs([text], 0, text)
    assert len(runs) == 2
    assert best_run([text], 2016).items[0] == "整体搬迁东关幼儿园"


def test_a_quoted_name_may_hold_a_comma_in_a_dun_list():
    text = "清单包括：5G+同步课堂项目、“治理‘餐桌污染’，建设‘食品放心工程’项目”、长者食堂建设项目、公厕改建改造工程项目。"
    (run,) = separated_runs([text], 0, text)
    assert run.items[1] == "“治理‘餐桌污染’，建设‘食品放心工程’项目”" and len(run.items) == 4


def test_counted_lists_told_by_status_clause_after_clause_are_one_list():
    text = (
        "实施大学生资助、建成梓潼游园、易地扶贫搬迁3项民生实事已完成年度目标任务；农村小康路建设、社区养老服务设施建设等"
        "21项民生实事正常有序推进；免费无线局域网建设、城区卫生厕所建设等13项民生实事还处于前期阶段。"
    )
    (run,) = counted_runs([text], 0, text)
    assert run.items == (
        "大学生资助",
        "建成梓潼游园",
        "易地扶贫搬迁",
        "农村小康路建设",
        "社区养老服务设施建设",
        "免费无线局域网建设",
        "城区卫生厕所建设",
    )
    years = (
        "2023年实施城东幼儿园建设、城西公园建设、老旧小区改造3项民生实事；"
        "2022年完成农村公路建设、社区食堂建设、城区公厕改造3项民生实事。"
    )
    assert len(counted_runs([years], 0, years)) == 2  # two years' lists stay apart


def test_lines_that_count_projects_by_their_progress_are_not_projects():
    from minsheng.notices.extraction.run import status_counts

    assert status_counts(
        ["5个项目已提前完成全年目标", "7个项目超额完成节点目标", "25个项目按计划完成节点目标"]
    )
    assert not status_counts(["5个社区食堂建设", "新建公厕10座"])


def test_lists_after_each_fen_bie_wei_of_one_paragraph_are_parts_of_one_list():
    text = (
        "一是已完成的项目3个。分别为：城镇棚户区改造、农村危房改造、提高城乡低保标准。"
        "二是有一定进度的项目3个。分别为：电商扶贫、易地扶贫搬迁、提质改造农村公路。"
    )
    runs = separated_runs([text], 0, text)
    assert max(len(r.items) for r in runs) == 6
    assert best_run([text], 2018).items[3] == "电商扶贫"


def test_the_first_item_loses_a_second_lead_in_and_a_voltage_is_no_target():
    from minsheng.notices.extraction.targets import targets_for_project

    text = (
        "此次票决出的10件民生实事项目包括新建农村公路项目、城镇供水改造项目、尧坪村10kV电压越限治理工程项目。"
    )
    runs = separated_runs([text], 0, text)
    assert runs[0].items[0] == "新建农村公路项目"
    assert targets_for_project("", "尧坪村10kV电压越限治理工程项目", 2025) == []


def test_as_many_comma_parts_as_the_count_before_them_with_a_summing_up_after():
    text = "会议票决产生5个项目包括第四幼儿园建设项目,农村公路提升改造工程,经河、荥河县城段河道治理工程,县医院综合楼建设项目,城区停车场建设项目,估算总投资4.66亿元。"
    runs = separated_runs([text], 0, text)
    assert runs[0].items[2] == "经河、荥河县城段河道治理工程" and len(runs[0].items) == 5
    prose = "3个项目包括加快推进建设,确保按期完成,群众满意度高,各部门通力配合。"
    assert all(len(r.items) != 3 for r in separated_runs([prose], 0, prose))


def test_boards_of_a_plan_each_naming_their_projects_after_bao_kuo_are_one_list():
    lines = [
        "2026年金普新区民生实事涵盖30件实事，分为六大板块。",
        "教育强基项目:投资0.99亿元,包括:金牌教育园扩建教学楼工程、示范性高中改造工程、校舍抗震加固改造工程。",
        "医疗提升项目:投资0.52亿元,包括:黄海路院区医疗条件提升工程、精神卫生管理平台项目、“两癌”免费筛查活动。",
    ]
    run = best_run(lines, 2026)
    assert len(run.items) == 6 and run.items[3] == "黄海路院区医疗条件提升工程"
    assert run.categories[0] == "教育强基项目"
    measures = [
        "提升服务:投资1亿元,包括:加强培训、完善制度、优化流程。",
        "改善环境:投资2亿元,包括:加强保洁、增加绿化、整治噪声。",
    ]
    assert best_run(measures, 2026) is None  # measures, not projects


def test_fen_bie_she_ji_leads_into_a_list():
    text = "今年8项民生实事项目分别涉及村庄环境整治、对外道路建设、农村道路建设、农贸市场改造等。"
    assert separated_runs([text], 0, text)[0].items == (
        "村庄环境整治",
        "对外道路建设",
        "农村道路建设",
        "农贸市场改造",
    )
