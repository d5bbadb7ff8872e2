"""Extension requests as plain rules: when a request is taken, the office's time to decide, and the due
date in force on a day."""

import datetime

from minsheng.supervision.extensions import rules

D = datetime.date


def test_a_request_is_taken_before_the_due_date_with_a_later_date_and_a_reason():
    assert rules.request_problems(D(2024, 7, 15), D(2024, 9, 30), D(2024, 12, 31), "征地未完成", False) == []
    late = rules.request_problems(D(2024, 9, 30), D(2024, 9, 30), D(2024, 12, 31), "征地未完成", False)
    assert late == ["完成期限（2024年9月30日）已到，不能再申请延期；请说明未完成原因并接受督办。"]
    earlier = rules.request_problems(D(2024, 7, 15), D(2024, 9, 30), D(2024, 9, 1), "理由", False)
    assert earlier == ["申请延至的日期须晚于现在的完成期限（2024年9月30日）。"]
    assert rules.request_problems(D(2024, 7, 15), D(2024, 9, 30), None, " ", True) == [
        "该项目已有一份延期申请待督查室决定，请勿重复申请。",
        "请填写申请延至的日期。",
        "请填写延期理由。",
    ]


def test_the_office_decides_within_ten_days():
    assert rules.decide_by(D(2024, 7, 15)) == D(2024, 7, 25)


def test_the_due_date_moves_from_the_day_the_extension_is_granted():
    original, granted = D(2024, 9, 30), [(D(2024, 8, 10), D(2024, 12, 31))]
    assert rules.due_on(original, granted, D(2024, 8, 9)) == original
    assert rules.due_on(original, granted, D(2024, 8, 10)) == D(2024, 12, 31)
    second = [*granted, (D(2024, 12, 1), D(2025, 3, 31))]
    assert rules.due_on(original, list(reversed(second)), D(2024, 12, 15)) == D(2025, 3, 31)
    assert rules.due_on(original, [], D(2025, 1, 1)) == original
