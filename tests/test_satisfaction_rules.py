"""The satisfaction rules with no database: the verdict at its boundaries (exactly half is not more
than half), the plan's result, the survey's mean and its minimum sample, the creation rule, the
evaluation's steps, a deputy's marks and the bulletin's wording."""

import datetime
from decimal import Decimal

import pytest

from minsheng.participation.evaluations import rules
from minsheng.participation.evaluations.rules import Survey, verdict


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((0, 0, 0), None),
        ((1, 0, 0), "satisfied"),
        ((3, 0, 2), "satisfied"),  # 3 of 5: more than half
        ((2, 0, 2), "unsatisfied"),  # exactly half satisfied, nothing more: not more than half
        ((2, 1, 1), "basic"),  # 2 of 4 satisfied is exactly half: not 满意; 3 of 4 with 基本满意
        ((5, 0, 5), "unsatisfied"),  # 5 of 10: exactly half
        ((5, 1, 4), "basic"),  # 满意 5 of 10 is half; 满意 + 基本满意 6 of 10 is more
        ((6, 0, 4), "satisfied"),
        ((1, 1, 2), "unsatisfied"),  # 满意 + 基本满意 exactly half
        ((0, 3, 2), "basic"),
        ((0, 0, 7), "unsatisfied"),
        ((0, 1, 0), "basic"),
    ],
)
def test_verdict_boundaries(counts, expected):
    assert verdict(*counts) == expected


def test_labels():
    assert [rules.verdict_label(v) for v in ("satisfied", "basic", "unsatisfied", None)] == [
        "满意",
        "基本满意",
        "不满意",
        "无人测评",
    ]


def test_project_and_plan_results():
    counted = [(1, "satisfied", 2), (1, "basic", 1), (1, "unsatisfied", 0), (2, "basic", 1)]
    counted += [(2, "unsatisfied", 1), (9, "basic", 4), (3, "satisfied", 0)]
    result = rules.evaluation_result(counted, [1, 2, 3], ballots=3)
    assert result["projects"]["1"] == {
        "counts": {"satisfied": 2, "basic": 1, "unsatisfied": 0},
        "verdict": "satisfied",
    }
    assert result["projects"]["2"]["verdict"] == "unsatisfied"  # 基本满意 1 of 2: exactly half
    assert result["projects"]["3"] == {
        "counts": {"satisfied": 0, "basic": 0, "unsatisfied": 0},
        "verdict": None,
    }
    assert "9" not in result["projects"]  # not a project of the plan
    plan = result["plan"]
    assert plan["counts"] == {"satisfied": 1, "basic": 0, "unsatisfied": 1}
    assert plan["evaluated"] == 2 and plan["projects"] == 3 and plan["rate"] == 0.5
    assert rules.plan_sentence(result) == (
        "3 名代表参加测评，2 个项目中满意 1 个、基本满意 0 个、不满意 1 个，满意及基本满意占 50.0%。"
    )
    assert rules.plan_result([])["rate"] is None
    assert rules.plan_sentence(rules.evaluation_result([], [1], 0)) == "本次测评没有代表投票。"


def test_survey_mean_rounds_half_up_and_names_a_small_sample():
    assert Survey().mean is None and Survey().text == "群众满意度：暂无评价"
    assert Survey(345, 4).mean == Decimal("86.3")  # 86.25 → 86.3
    assert Survey(345, 4).text == "群众满意度 86.3 分（4 人，样本不足）"
    five = Survey(400, 5)
    assert five.enough and five.text == "群众满意度 80.0 分（5 人）"
    assert Survey(10380, 120).text == "群众满意度 86.5 分（120 人）"
    assert (Survey(100, 1) + Survey(50, 1)) == Survey(150, 2)
    assert rules.SURVEY_MIN == 5


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (("", "70"), (70, "")),
        (("90", "70"), (90, "")),  # the typed number wins over the slider
        (("0",), (0, "")),
        (("100",), (100, "")),
        (("101",), (None, "分数应为 0 到 100 之间的整数。")),
        (("-1",), (None, "分数应为 0 到 100 之间的整数。")),
        (("8.5",), (None, "分数应为 0 到 100 之间的整数。")),
        ((None, ""), (None, "请给出 0 到 100 之间的分数。")),
        (("²",), (None, "分数应为 0 到 100 之间的整数。")),  # str.isdigit() says yes; int() fails
        (("٩٠",), (None, "分数应为 0 到 100 之间的整数。")),  # int() would read 90
        (("+90",), (None, "分数应为 0 到 100 之间的整数。")),
        (("9_0",), (None, "分数应为 0 到 100 之间的整数。")),
        (("9" * 5000,), (None, "分数应为 0 到 100 之间的整数。")),  # int() would raise
        ((" 90 ",), (90, "")),
    ],
)
def test_parse_score(values, expected):
    assert rules.parse_score(*values) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("7", 7),
        (" 42 ", 42),
        ("000000012", 12),
        ("999999999", 999_999_999),
        ("1234567890", None),  # ten digits
        ("9" * 5000, None),
        ("²", None),
        ("１２", None),  # full-width digits
        ("-1", None),
        ("", None),
        (None, None),
        ("1e3", None),
    ],
)
def test_parse_number_takes_only_a_few_ascii_digits(raw, expected):
    assert rules.parse_number(raw) == expected
    assert rules.parse_number("101", 100) is None and rules.parse_number("100", 100) == 100


def test_creation_rule_from_december_or_once_closed():
    assert (
        rules.creation_refusal("draft", 2024, datetime.date(2024, 12, 20))
        == "计划尚未发布，不能组织满意度测评。"
    )
    assert "12月1日" in rules.creation_refusal("published", 2024, datetime.date(2024, 11, 30))
    assert rules.creation_refusal("published", 2024, datetime.date(2024, 12, 1)) is None
    assert rules.creation_refusal("published", 2023, datetime.date(2024, 3, 1)) is None  # the year is over
    assert rules.creation_refusal("closed", 2024, datetime.date(2024, 6, 1)) is None


def test_steps_follow_the_states():
    assert rules.step_refusal("draft", "open") is None
    assert rules.step_refusal("open", "close") is None
    assert rules.step_refusal("closed", "publish") is None
    assert rules.step_refusal("draft", "publish") == "测评当前为“准备中”，不能公布结果。"
    assert rules.step_refusal("published", "close") is not None
    assert rules.step_refusal("open", "delete") == "未知的操作。"


def test_marks_every_project_once_with_a_known_verdict():
    assert rules.marks_refusal({1: "satisfied", 2: "basic"}, [1, 2]) == []
    assert rules.marks_refusal({1: "satisfied"}, [1, 2]) == [
        "还有 1 个项目未评价，每个项目都需选择满意、基本满意或不满意。"
    ]
    assert rules.marks_refusal({1: "satisfied", 2: "basic", 7: "basic"}, [1, 2]) == [
        "以下项目不属于本次测评：7。"
    ]
    assert rules.marks_refusal({1: "great", 2: "basic"}, [1, 2]) == ["评价只能是满意、基本满意或不满意。"]


def test_bulletin_text():
    result = rules.evaluation_result([(1, "satisfied", 1), (2, "unsatisfied", 1)], [1, 2], 1)
    rows = [("养老项目", "satisfied", Survey(450, 5)), ("道路项目", "unsatisfied", Survey(60, 1))]
    text = rules.bulletin_text(result, rows, "济宁市2024年满意度测评")
    lines = text.split("\n")
    assert lines[0].startswith("济宁市2024年满意度测评结果已公布。1 名代表参加测评")
    assert lines[1].startswith("代表测评为不满意的项目：道路项目")
    assert lines[2].startswith("群众满意度问卷共收到 6 份评价，涉及 2 个项目，平均 85.0 分")
    only_survey = rules.bulletin_text(None, [("养老项目", None, Survey(80, 1))])
    assert only_survey.startswith("群众满意度问卷共收到 1 份评价") and "已公布" not in only_survey
    assert rules.bulletin_text(None, [("养老项目", None, Survey())]) == ""
