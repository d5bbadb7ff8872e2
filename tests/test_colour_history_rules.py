"""The colour history as plain rules: a month behind stays as it was, marked 补齐 by the first later
point back on pace; nothing is painted over."""

import datetime

from minsheng.supervision.status.colour_history import caught_up_between, colour_history
from minsheng.supervision.status.rules import ProjectStatus

D = datetime.date


def status(colour: str, gap: float = 0.0) -> ProjectStatus:
    return ProjectStatus(colour, 0.5, 0.5 + gap / 100, gap, None, False)


def test_a_red_month_made_up_later_reads_caught_up_and_keeps_its_colour():
    points = [
        (D(2024, 6, 30), status("yellow", 8)),
        (D(2024, 4, 30), status("green")),
        (D(2024, 5, 31), status("red", 35)),
        (D(2024, 7, 31), status("green", -2)),
        (D(2024, 8, 31), status("orange", 20)),
    ]
    history = colour_history(points)
    assert [h.day for h in history] == sorted(day for day, _ in points)
    assert [h.colour for h in history] == ["green", "red", "yellow", "green", "orange"]
    april, may, june, july, august = history
    assert may.caught_up_on == D(2024, 7, 31) and may.label == "红 · 7月补齐"
    assert june.caught_up_on == D(2024, 7, 31) and june.caught_up
    assert not april.caught_up and april.label == "绿" and not april.behind
    assert august.behind and not august.caught_up and august.label == "橙"  # not made up (yet)
    assert may.gap == 35


def test_blue_counts_as_made_up_and_an_empty_history_is_empty():
    history = colour_history([(D(2024, 9, 30), status("red", 40)), (D(2024, 10, 31), status("blue"))])
    assert history[0].caught_up_on == D(2024, 10, 31)
    assert colour_history([]) == []


def test_caught_up_between_two_points():
    assert caught_up_between(status("red", 31), status("green"))
    assert caught_up_between(status("orange"), status("blue"))
    assert not caught_up_between(status("green"), status("green"))
    assert not caught_up_between(status("red"), status("yellow"))
    assert not caught_up_between(None, status("green"))
    assert not caught_up_between(status("red"), None)


def test_the_note_beside_a_colour_says_why():
    overdue = ProjectStatus("orange", 0.6, 0.5, -10.0, None, False, 1, ("1 期报告逾期未报",))
    behind = ProjectStatus("red", 0.1, 0.5, 40.0, None, False, 0, ("落后序时进度 40 个百分点",))
    ahead, late = colour_history([(D(2024, 5, 31), overdue), (D(2024, 6, 30), behind)])
    assert ahead.note == "1 期报告逾期未报"  # ahead of pace: never "落后 -10 点"
    assert late.note == "落后 40.0 点"
    assert colour_history([(D(2024, 5, 31), status("green", -3))])[0].note == ""
