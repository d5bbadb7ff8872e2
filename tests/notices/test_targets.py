"""Targets of a project: committed quantified goals, not context. Sentences are made up in the genre."""

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from minsheng.notices.extraction.targets import targets_for_project

ROOT = Path(__file__).resolve().parents[2]
GOLD_DIR = ROOT / "minsheng" / "plans" / "demo_data"


def goals(content, name="", year=2025):
    return [(t["value"], t["unit"]) for t in targets_for_project(name, content, year)]


def test_counts_with_their_units_and_clause_text():
    targets = targets_for_project("", "年内新建社区食堂30处，培训护理员500人次。", 2025)
    assert targets == [
        {"text": "年内新建社区食堂30处", "value": 30, "unit": "处", "comparator": "="},
        {"text": "培训护理员500人次", "value": 500, "unit": "人次", "comparator": "="},
    ]


def test_wan_is_expanded_and_values_are_int_or_float():
    assert goals("改造农村公路1.2万公里，人均绿地面积达到2.5平方米") == [(12000, "公里"), (2.5, "平方米")]
    assert goals("发放消费券500万元，完成投资3.5亿元") == [(5000000, "元"), (350000000, "元")]
    assert isinstance(targets_for_project("", "建成驿站12个")[0]["value"], int)


def test_percentages_and_comparators():
    targets = targets_for_project("", "群众满意度达到90%以上，投诉率控制在5%以内，覆盖率达到百分之九十")
    assert [(t["value"], t["unit"], t["comparator"]) for t in targets] == [
        (90, "%", "≥"),
        (5, "%", "≤"),
        (90, "%", "="),
    ]


def test_a_range_keeps_both_ends():
    [target] = targets_for_project("", "每个乡镇建设2—3个示范点")
    assert (target["value"], target["value_max"], target["comparator"]) == (2, 3, "≥")


def test_chinese_numerals_count_but_a_lone_yi_is_an_article():
    assert goals("新增就业岗位两千个，建成三个社区服务中心") == [(2000, "个"), (3, "个")]
    assert goals("建设一批智慧社区，推广一次性告知制度，打造一张网") == []


@pytest.mark.parametrize(
    "content",
    [
        "2025年6月底前完成改造任务",
        "为80周岁以上老人发放补贴",
        "开通24小时服务热线",
        "全县现有养老机构46家",
        "推广“3+N”服务模式，打造“15分钟生活圈”",
        "推行212工作法",
        "升级5G基站",
        "落实《养老服务条例（2024年版）》",
        "每个示范点奖补5万元",
        "给予一次性补助3000元/户",
        "按照每人每年3元的标准购买保险",
        "开通12345热线，咨询电话：0537-1234567",
        "二级以上医院全部接入平台，实现三级联动",
    ],
)
def test_context_is_not_a_target(content):
    assert goals(content) == []


def test_baselines_keep_only_the_new_value():
    assert goals("在去年建成120个的基础上，再建成80个驿站") == [(80, "个")]
    assert goals("服务范围由3个乡镇增加至5个乡镇") == [(5, "个")]
    assert goals("高龄津贴由每人每月60元提高到80元") == [(80, "元")]
    assert goals("城镇居民收入较上年提高5个百分点") == [(5, "个百分点")]


def test_per_item_money_counts_when_it_is_the_commitment():
    assert goals("每户补助不低于1万元") == [(10000, "元")]
    assert goals("城乡低保标准分别提高到每人每月860元、720元") == [(860, "元"), (720, "元")]
    assert goals("80周岁以上老人每人每月发放60元", name="提高高龄津贴标准") == [(60, "元")]


def test_parentheses_explain_unless_they_only_hold_a_count():
    assert goals("为困难群众（约3000人）购买保险") == [(3000, "人")]
    assert goals("建设养老中心10处（其中乡镇5处，社区5处）") == [(10, "处")]


def test_a_threshold_qualifying_another_count_is_not_a_target():
    assert goals("对事故5起以上的12个路口进行整治") == [(12, "个")]
    assert goals("基本实现20户以上具备条件的自然村通硬化路") == []  # which villages, not how many
    assert goals("培训家政服务人员1000人以上，新增岗位500个") == [(1000, "人"), (500, "个")]


def test_what_a_project_costs_is_not_what_it_delivers():
    assert goals("投资9530万元，实施易地扶贫搬迁596户") == [(596, "户")]
    assert goals("发放创业担保贷款2亿元") == [(200000000, "元")]


def test_a_total_shared_out_among_places_counts_once():
    assert goals("建设幼儿园17所。其中：东台市2所、建湖县4所、射阳县1所。") == [(17, "所")]


def test_a_count_of_the_things_just_named_is_not_a_target():
    assert goals("深入实施“粤菜师傅”“广东技工”“南粤家政”三项工程") == []
    assert goals("完成10项改造工程") == [(10, "项")]


def test_a_count_at_the_start_of_the_text_is_a_target():
    assert goals("22个“口袋公园”建设工程") == [(22, "个")]
    assert goals("1+10+N服务体系建设") == []


def test_numbering_is_stripped_from_the_text():
    targets = targets_for_project("", "1.新建公厕10座；2.改造公厕5座。（三）新增学位2000个")
    assert [t["text"] for t in targets] == ["新建公厕10座", "改造公厕5座", "新增学位2000个"]


def test_a_list_clause_is_split_at_the_enumeration_comma():
    targets = targets_for_project("", "培训教师300名、家长2000人次")
    assert [t["text"] for t in targets] == ["培训教师300名", "家长2000人次"]


def test_the_same_thing_said_twice_is_one_target():
    assert goals("对8条主干道进行改造。在8条主干道新增路灯200盏") == [(8, "条"), (200, "盏")]
    assert goals("每校开展1次心理讲座，每年开展1次心理普查") == [(1, "次"), (1, "次")]


def test_the_name_gives_the_target_when_the_content_has_none():
    assert goals("推进城市更新，改善人居环境。", name="新建口袋公园12个") == [(12, "个")]
    assert goals("年内新增托位500个。", name="新增托位500个") == [(500, "个")]
    assert goals(
        "落实稳就业政策，城镇新增就业不少于3000人。", name="落实稳就业政策，城镇新增就业不少于3000人。"
    ) == [(3000, "人")]


def test_empty_input_gives_no_targets():
    assert targets_for_project("", "") == []
    assert targets_for_project("项目", "", None) == []


def _load_scorer():
    spec = importlib.util.spec_from_file_location("targets_score", ROOT / "bench" / "targets_score.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not GOLD_DIR.is_dir(), reason="the gold drafts (minsheng/plans/demo_data) are missing")
def test_gold_drafts_are_matched_with_f1_at_least_085():
    _, overall = _load_scorer().score_all(GOLD_DIR)
    assert overall.gold > 0
    assert overall.f1 >= 0.85, "\n".join(overall.misses)


@pytest.mark.skipif(not GOLD_DIR.is_dir(), reason="the gold drafts (minsheng/plans/demo_data) are missing")
def test_target_texts_are_copied_from_the_project():
    for path in sorted(GOLD_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for project in data["projects"]:
            content = project.get("content") or ""
            for target in targets_for_project(project["name"], content, data["plan"]["year"]):
                assert target["text"] and (target["text"] in content or target["text"] in project["name"])
