"""The grades of a 督办单 as plain rules: deadlines by grade, where a sheet starts, and rising a grade
when its deadline passes unanswered."""

import datetime

from minsheng.supervision.orders import grades

D = datetime.date


def test_three_grades_with_their_sheets_and_deadlines():
    assert [g.label for g in grades.GRADES.values()] == ["提示", "警示", "严重"]
    assert grades.GRADES["serious"].name == "严重（红色督办单）"
    assert grades.respond_by("prompt", D(2024, 7, 1)) == D(2024, 7, 11)
    assert grades.respond_by("warning", D(2024, 7, 1)) == D(2024, 7, 8)
    assert grades.respond_by("serious", D(2024, 7, 1)) == D(2024, 7, 6)
    assert grades.respond_by("serious", D(2024, 7, 1), {"serious": 3}) == D(2024, 7, 4)


def test_where_a_sheet_starts():
    assert grades.starting_grade(has_instruction=False) == "prompt"
    assert grades.starting_grade(has_instruction=True) == "warning"  # after a leader's 批示
    assert grades.for_rule("behind_two_months:2024-06") == "warning"
    assert grades.for_rule("year_end:2024") == "serious"
    assert grades.for_rule("") == "prompt"


def test_an_unanswered_sheet_rises_one_grade_after_its_deadline_up_to_serious():
    deadline = D(2024, 7, 10)
    assert grades.rises("prompt", answered=False, deadline=deadline, day=D(2024, 7, 10)) is None  # due today
    assert grades.rises("prompt", answered=False, deadline=deadline, day=D(2024, 7, 11)) == "warning"
    assert grades.rises("warning", answered=False, deadline=deadline, day=D(2024, 7, 11)) == "serious"
    assert grades.rises("serious", answered=False, deadline=deadline, day=D(2024, 7, 11)) is None
    assert grades.rises("prompt", answered=True, deadline=deadline, day=D(2024, 8, 1)) is None
    assert grades.rises("prompt", answered=False, deadline=None, day=D(2024, 8, 1)) is None
    assert grades.higher("prompt") == "warning" and grades.higher("serious") is None
