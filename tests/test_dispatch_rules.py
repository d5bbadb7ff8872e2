"""The ten-day dispatch's rules (dashboard/dispatch/rules.py): windows, 旬, neighbours, colour changes and the
summary sentence — plain functions, no database."""

import datetime

import pytest

from minsheng.dashboard.dispatch import rules as dispatch
from minsheng.dashboard.dispatch.rules import Xun, colour_changes, parse_xun, xun_of

D = datetime.date


def test_the_window_is_the_ten_days_ending_on_the_day():
    w = dispatch.window(D(2024, 7, 15))
    assert (w.start, w.end, w.days, w.before) == (D(2024, 7, 6), D(2024, 7, 15), 10, D(2024, 7, 5))
    assert D(2024, 7, 6) in w and D(2024, 7, 15) in w and D(2024, 7, 5) not in w and D(2024, 7, 16) not in w
    assert w.label == "2024年7月6日至2024年7月15日"


@pytest.mark.parametrize(
    "as_of, start",
    [
        (D(2024, 3, 5), D(2024, 2, 25)),  # back into February of a leap year
        (D(2023, 3, 5), D(2023, 2, 24)),  # and of a common year
        (D(2024, 1, 4), D(2023, 12, 26)),  # over the year boundary
        (D(2024, 3, 1), D(2024, 2, 21)),
    ],
)
def test_windows_over_month_and_year_ends(as_of, start):
    assert dispatch.window(as_of).start == start


def test_previous_and_next_windows_never_after_today():
    today = D(2024, 7, 15)
    assert dispatch.previous_as_of(D(2024, 7, 15)) == D(2024, 7, 5)
    assert dispatch.next_as_of(D(2024, 7, 1), today) == D(2024, 7, 11)
    assert dispatch.next_as_of(D(2024, 7, 10), today) == today  # cut at today
    assert dispatch.next_as_of(today, today) is None
    assert dispatch.next_as_of(D(2023, 12, 28), D(2024, 3, 1)) == D(2024, 1, 7)


@pytest.mark.parametrize(
    "day, label, start, end",
    [
        (D(2024, 7, 1), "2024年7月上旬", D(2024, 7, 1), D(2024, 7, 10)),
        (D(2024, 7, 10), "2024年7月上旬", D(2024, 7, 1), D(2024, 7, 10)),
        (D(2024, 7, 11), "2024年7月中旬", D(2024, 7, 11), D(2024, 7, 20)),
        (D(2024, 7, 21), "2024年7月下旬", D(2024, 7, 21), D(2024, 7, 31)),
        (D(2024, 7, 31), "2024年7月下旬", D(2024, 7, 21), D(2024, 7, 31)),
        (D(2024, 4, 30), "2024年4月下旬", D(2024, 4, 21), D(2024, 4, 30)),
        (D(2024, 2, 29), "2024年2月下旬", D(2024, 2, 21), D(2024, 2, 29)),  # leap year
        (D(2023, 2, 28), "2023年2月下旬", D(2023, 2, 21), D(2023, 2, 28)),
        (D(2100, 2, 25), "2100年2月下旬", D(2100, 2, 21), D(2100, 2, 28)),  # not a leap year
    ],
)
def test_xun_boundaries(day, label, start, end):
    xun = xun_of(day)
    assert (xun.label, xun.start, xun.end) == (label, start, end)


def test_xun_neighbours_over_month_and_year_ends():
    assert Xun(2024, 7, 0).previous() == Xun(2024, 6, 2)
    assert Xun(2024, 1, 0).previous() == Xun(2023, 12, 2)
    assert Xun(2023, 12, 2).next() == Xun(2024, 1, 0)
    assert Xun(2024, 2, 1).next() == Xun(2024, 2, 2)
    assert Xun(2024, 7, 2).key == "2024-07-3" and parse_xun("2024-07-3") == Xun(2024, 7, 2)
    for bad in ["", "2024-07", "2024-13-1", "2024-07-4", "2024-07-0", "x-07-1", "2024-07-1-1"]:
        assert parse_xun(bad) is None


def test_xun_windows_are_cut_at_today():
    today = D(2024, 7, 15)
    w = dispatch.xun_window(Xun(2024, 6, 2), today)
    assert (w.start, w.end, w.days) == (D(2024, 6, 21), D(2024, 6, 30), 10)
    assert w.label == "2024年6月下旬（2024年6月21日至2024年6月30日）"
    w = dispatch.xun_window(Xun(2024, 7, 1), today)
    assert (w.start, w.end) == (D(2024, 7, 11), today)
    assert dispatch.xun_window(Xun(2024, 2, 2), today).days == 9  # 21–29 February 2024


def test_neighbours_and_shortcuts():
    today = D(2024, 7, 15)
    earlier, later = dispatch.neighbours(dispatch.window(D(2024, 7, 1)), today)
    assert earlier == {"as_of": "2024-06-21"} and later == {"as_of": "2024-07-11"}
    assert dispatch.neighbours(dispatch.window(today), today)[1] is None
    shown = dispatch.xun_window(Xun(2024, 7, 0), today)
    assert dispatch.neighbours(shown, today) == ({"xun": "2024-06-3"}, {"xun": "2024-07-2"})
    current = dispatch.xun_window(Xun(2024, 7, 1), today)
    assert dispatch.neighbours(current, today)[1] is None  # 下旬 has not begun
    shortcuts = dispatch.xun_shortcuts(shown, today)
    assert [s.xun.label for s in shortcuts] == [
        "2024年5月下旬",
        "2024年6月上旬",
        "2024年6月中旬",
        "2024年6月下旬",
        "2024年7月上旬",
        "2024年7月中旬",
    ]
    assert len(shortcuts) == 6 and [s.current for s in shortcuts].count(True) == 1
    assert [s.xun for s in shortcuts if s.current] == [Xun(2024, 7, 0)]
    jan = dispatch.xun_shortcuts(dispatch.window(D(2024, 1, 5)), D(2024, 1, 5))
    assert [s.xun.label for s in jan][:3] == ["2023年11月中旬", "2023年11月下旬", "2023年12月上旬"]
    assert not any(s.current for s in jan)  # a rolling window is no 旬


def test_colour_changes_worsened_first_then_improved():
    before = {1: "green", 2: "yellow", 3: "red", 4: "green", 5: "orange", 6: "blue", 7: "green", 8: "yellow"}
    after = {1: "green", 2: "red", 3: "yellow", 4: "yellow", 5: "green", 6: "blue", 7: "orange", 9: "red"}
    changes = colour_changes(before, after)
    assert [(c.project_id, c.text, c.worsened) for c in changes] == [
        (2, "黄 → 红", True),  # worst colour reached first
        (7, "绿 → 橙", True),
        (4, "绿 → 黄", True),
        (5, "橙 → 绿", False),  # then the improved, best colour reached first
        (3, "红 → 黄", False),
    ]
    assert changes[0].before_label == "黄" and changes[0].after_label == "红"
    # 8 vanished and 9 is new: no change is known for them; unchanged projects are left out
    assert colour_changes({}, after) == [] and colour_changes(after, after) == []


def test_colour_changes_ties_keep_the_given_order():
    before = {30: "green", 10: "green", 20: "green", 40: "blue"}
    after = {30: "yellow", 10: "yellow", 20: "orange", 40: "green"}
    assert [c.project_id for c in colour_changes(before, after)] == [20, 30, 10, 40]
    # the bigger fall first when the colour reached is the same
    assert [c.project_id for c in colour_changes({1: "yellow", 2: "blue"}, {1: "red", 2: "red"})] == [2, 1]


def test_the_summary_sentence():
    assert dispatch.summary(12, 3, 5, 2) == "本旬新报送月报12份，状态变差3个，新增问题5条，逾期事项2项"
