"""A table copied as text, one cell per line, is read as the table it was."""

from minsheng.notices.extraction.draft import extract
from minsheng.notices.readers.grid import Document, Paragraph
from tests.notices.drafts import draft_of

FLAT = """2024年某县民生实事项目责任分工表
序号
项目名称
责任单位
完成时限
1
新建城区幼儿园2所
县教育局
2024年8月底
2
改造老旧小区1200户
县住建局、各乡镇
2024年12月底
3
建设农村公路50公里
县交通运输局
2024年10月底
注：各责任单位每月报送进度。"""


def test_a_flattened_table_gives_names_units_and_deadlines():
    doc = Document(blocks=[Paragraph.of(line) for line in FLAT.split("\n")])
    draft = extract(doc)
    projects = draft["projects"]
    assert [p["name"] for p in projects] == ["新建城区幼儿园2所", "改造老旧小区1200户", "建设农村公路50公里"]
    assert projects[0]["lead_units"] == ["县教育局"]
    assert projects[1]["lead_units"] == ["县住建局"] and projects[1]["co_units"] == ["各乡镇"]
    assert projects[2]["deadline"] == "2024-10-31"
    assert projects[1]["targets"][0]["value"] == 1200


PIPED = """附件：某县2024年十大民生实事项目清单 |
||||
序号 |
项目名称 |
建设内容 |
责任单位 |
|
1 |
城北小学门前道路建设项目 |
建成唐塔北路延伸段道路。 |
县住建局 |
2 |
高标准农田建设项目 |
实施田块整治500亩，修复堰塘1座、建设机电井7座、农桥5座、灌溉渠道50公里；新建田间道路38公里、农田林网241公里，种植苗木8000株。
县农业农村局 |
3 |
职教中心分校区建设项目 |
改造现有教学楼和学生宿舍。 |
县教体局 |"""


def test_cells_ending_in_bars_and_a_long_cell_inside_a_row_are_read():
    doc = Document(blocks=[Paragraph.of(line) for line in PIPED.split("\n")])
    projects = extract(doc)["projects"]
    assert [p["name"] for p in projects] == [
        "城北小学门前道路建设项目",
        "高标准农田建设项目",
        "职教中心分校区建设项目",
    ]
    assert [p["lead_units"] for p in projects] == [["县住建局"], ["县农业农村局"], ["县教体局"]]
    assert {(t["value"], t["unit"]) for t in projects[1]["targets"]} >= {(500, "亩"), (38, "公里")}


def test_a_header_that_names_its_list_column_with_its_own_word_gives_the_names():
    lines = ["序号", "民生实事", "责任单位", "完成时限"]
    for n, (name, unit) in enumerate(
        [
            ("新建2座人行天桥。", "县住建局"),
            ("启动县图书馆新馆建设。", "县文体局"),
            ("建成县残疾人综合服务中心。", "县残联"),
        ],
        1,
    ):
        lines += [str(n), name, unit, "2016年底"]
    projects = draft_of(lines)["projects"]
    assert [p["name"] for p in projects] == [
        "新建2座人行天桥",
        "启动县图书馆新馆建设",
        "建成县残疾人综合服务中心",
    ]
    assert projects[2]["lead_units"] == ["县残联"]


def test_a_table_printed_row_by_row_between_bars_is_read_as_a_table():
    lines = [
        "发布单位 | 区政府 | 发文日期 | 2022-07-14 |",
        "序号 | 实事项目 | 工作举措及实施计划 | 责任单位 | 配合单位 |",
        "1 | 新建成公办中小学、幼儿园7所。 | 4月底前主体完工。 | 教育局 | 发改局、住建局 |",
        "2 | 新建成婴幼儿照护服务成长驿站7家。 | 9月底前完成。 | 卫生健康局 | 各街道 |",
        "3 | 实施农村公路大中修100公里。 | 11月底前完成。 | 交通运输局 | 各镇 |",
    ]
    draft = draft_of(lines)
    projects = draft["projects"]
    assert [p["name"] for p in projects] == [
        "新建成公办中小学、幼儿园7所",
        "新建成婴幼儿照护服务成长驿站7家",
        "实施农村公路大中修100公里",
    ]
    assert [p["lead_units"] for p in projects] == [["教育局"], ["卫生健康局"], ["交通运输局"]]
    assert draft["plan"]["year"] == 2022 and draft["plan"]["issued_date"] == "2022-07-14"


def test_a_flattened_table_may_show_later_rows_whose_empty_cells_were_dropped():
    lines = [
        "2023年重点民生实事项目推进情况",
        "序号 |",
        "主要任务 |",
        "全年目标任务 |",
        "分管 领导 |",
        "牵头 单位 |",
    ]
    lines += ["协同单位 |", "推进情况 |", "说明 |"]
    for n, (task, unit) in enumerate(
        [
            ("优化提升50条背街后巷交通组织。", "城管局"),
            ("新增达标小区210个。", "城管局"),
            ("新建中转站8个。", "市政局"),
        ],
        24,
    ):
        lines += [f"{n} |", f"{task} |", "徐某 |", f"{unit} |", "相关街道 |", "已完成60%。 |", "||"]
    projects = draft_of(lines)["projects"]
    assert [p["name"] for p in projects] == [
        "优化提升50条背街后巷交通组织",
        "新增达标小区210个",
        "新建中转站8个",
    ]
    assert [p["lead_units"] for p in projects] == [["城管局"], ["城管局"], ["市政局"]]


def test_a_units_cell_printed_one_unit_per_line_stays_one_cell():
    lines = ["序号", "民生实事", "责任单位", "完成时限"]
    rows = [
        ("启动东柳河综合治理工程。", ["县水务局", "县住建局"]),
        ("新建2座人行天桥。", ["县住建局"]),
        ("迁建县政务服务中心。", ["县政务服务中心", "县代建中心"]),
    ]
    for n, (name, units) in enumerate(rows, 1):
        lines += [str(n), name, *units, "12月底前"]
    projects = draft_of(lines)["projects"]
    assert [(p["lead_units"], p["co_units"]) for p in projects] == [
        (["县水务局"], ["县住建局"]),
        (["县住建局"], []),
        (["县政务服务中心"], ["县代建中心"]),
    ]


def test_a_wrapped_header_and_a_wrapped_name_are_read_and_the_content_cell_gives_the_targets():
    header = ["序号", "项目名称", "项目建设规模及内容", "建设起", "止年限", "总投资", "(万元)", "当年投资"]
    header += ["(万元)", "2023年度", "计划", "资金", "来源", "责任", "单位"]
    rows = [
        [
            "1",
            "城市用气",
            "提升工程",
            "对28个小区进行液改气改造，安装燃气安全装置13000套。",
            "2023.01-2023.12",
        ],
        ["1200", "1200", "完工投用", "国企投资", "城投集团"],
        ["2", "山塘水库综合整治工程", "完成6座小型水库加固改造。", "2023.01-2023.12", "4600", "4600"],
        ["基本完工", "政府投资", "水利局"],
        ["3", "生命守护", "工程", "新增应急救护持证人员6800人，配置急救设备20台。", "2023.01-2023.12"],
        ["300", "300", "完工", "政府投资", "卫健局"],
    ]
    lines = ["2023年市政府民生实事项目实施计划表", *[x for h in header for x in (h, "")]]
    lines += [cell for row in rows for cell in row]
    projects = draft_of(lines)["projects"]
    assert [p["name"] for p in projects] == ["城市用气提升工程", "山塘水库综合整治工程", "生命守护工程"]
    assert [p["lead_units"] for p in projects] == [["城投集团"], ["水利局"], ["卫健局"]]
    assert [(t["value"], t["unit"]) for t in projects[2]["targets"]] == [(6800, "人"), (20, "台")]


def test_a_pipe_row_whose_cell_runs_onto_a_line_of_its_own_keeps_the_rows_after_it():
    lines = [
        "2023年度民生实事工作任务一季度进展情况",
        "序号 | 工作任务 | 责任单位 | 一季度目标 | 进展情况",
        "1 | 新改扩建公办中小学校1所 | 教体局 | 室内装修 | 进展顺利",
        "新增学位810个 | |||",
        "",
        "2 | 完成一对一结对帮扶学校2所 | 教体局 | 互派人员到位 | 已完成",
        "3 | 新建城市书房3家 | 文广旅局 | 选址 | 已选址",
    ]
    projects = draft_of(lines)["projects"]
    assert [p["lead_units"] for p in projects] == [["教体局"], ["教体局"], ["文广旅局"]]
    assert projects[1]["name"] == "完成一对一结对帮扶学校2所"


def test_a_pipe_table_whose_group_cell_comes_before_its_number_and_whose_lead_cell_names_a_person():
    lines = [
        "大类 | 序号 | 工作任务 | 分管 市领导 | 牵头单位及 主要负责人 | 落实进展情况 |",
        "一、继续提高底线民生保障水平 | 1 | 将城乡低保标准提高到每人每月609元 | 陈某群 | 市民政局 伍某国 | 已完成 |",
        "2 | 特困供养人员基本生活标准不低于低保标准的1.6倍 | 陈某群 | 市民政局 伍某国 | 已完成 |",
        "3 | 提高孤儿养育标准 | 陈某群 | 市民政局 伍某国 | 已完成 |",
    ]
    projects = draft_of(lines)["projects"]
    assert len(projects) == 3 and projects[2]["name"] == "提高孤儿养育标准"
    assert [p["lead_units"] for p in projects] == [["市民政局"]] * 3


def test_a_category_on_its_first_row_only_and_helpers_one_per_line_keep_the_columns_in_place():
    lines = ["2024年民生实事任务分解", "序号", "事项分类", "事项名称", "项目内容", "牵头单位", "协同单位"]
    lines += [
        "1",
        "打造区域教育高地",
        "新建一批中小学校",
        "实施新建中小学校5家。",
        "区教体局",
        "东孝街道",
        "孝顺镇",
    ]
    lines += ["2", "中小学校阳光厨房建设", "对28所中小学校食堂安装验收平台。", "区教体局", "/"]
    lines += ["3", "医疗卫生机构迁建", "实施卫生院迁建1家。", "区卫健局", "源东乡", "区发改局", "区资规分局"]
    lines += ["4", "“娃有所托”工程", "暑期托管服务", "开设100个暑期公益托管班。", "团区委", "各乡镇(街道)"]
    projects = draft_of(lines)["projects"]
    assert [p["name"] for p in projects] == [
        "新建一批中小学校",
        "中小学校阳光厨房建设",
        "医疗卫生机构迁建",
        "暑期托管服务",
    ]
    assert [p["lead_units"] for p in projects] == [["区教体局"], ["区教体局"], ["区卫健局"], ["团区委"]]
    assert projects[2]["co_units"] == ["源东乡", "区发改局", "区资规分局"]


def test_a_pipe_table_without_a_number_column_whose_names_carry_their_numbers():
    lines = [
        "类别 | 民生事项名称 | 2022年度任务目标 | 责任单位 | 分管市领导 | 1-9月份工作完成情况",
        "四、教育文化 | 14.改扩建泉山学校 | 完成教学楼2座。 | 教育体育局 | 王某 | 已完成",
        "15.推进学校塑胶运动场地建设 | 完成13处农村学校塑胶运动场地。 | 教育体育局 | 王某 | 已完成",
        "16.推进义务教育课后服务 | 对34所学校实行课后服务全覆盖。 | 教育体育局 | 王某 | 已完成",
    ]
    projects = draft_of(lines)["projects"]
    assert [(p["seq"], p["name"]) for p in projects] == [
        ("14", "改扩建泉山学校"),
        ("15", "推进学校塑胶运动场地建设"),
        ("16", "推进义务教育课后服务"),
    ]
    assert [p["lead_units"] for p in projects] == [["教育体育局"]] * 3


def test_a_flattened_table_numbered_by_a_bian_hao_column_between_category_rows():
    lines = [
        "类别 |",
        "编号 |",
        "工作任务 |",
        "1-9月份工作情况 |",
        "牵头单位 |",
        "一、加强特殊困难群体关爱服务保障 |",
    ]
    lines += ["1 |", "提高困难群众救助保障水平 |", "城乡低保标准提高。 |", "市民政局 |"]
    lines += ["2 |", "提高工伤保险3项待遇水平 |", "发放伤残津贴3188万元。 |", "市人力资源社会保障局 |"]
    lines += [
        "二、推动实现更高质量的就业 |",
        "3 |",
        "免费康复救助2000名残疾儿童 |",
        "已救助1500名。 |",
        "市残联 |",
    ]
    projects = draft_of(lines)["projects"]
    assert [p["lead_units"] for p in projects] == [["市民政局"], ["市人力资源社会保障局"], ["市残联"]]
