"""One vocabulary: the colours, the Chinese dates and numerals and the state labels are each defined once,
and the watchlist, the dashboards, the bulletin, the dispatch and the Word writers take them from there."""

import datetime

import cn2an
import pytest

from minsheng.core import dates
from minsheng.dashboard.dispatch import rules as dispatch
from minsheng.dashboard.office import rules as office
from minsheng.dashboard.office import sections
from minsheng.dashboard.public import rules as public
from minsheng.notices.extraction.enumerated_lines import match_marker
from minsheng.notices.extraction.numbers import cn_integer
from minsheng.notices.writers import word
from minsheng.reporting.models import ReportState
from minsheng.reporting.reports import versions
from minsheng.supervision.bulletins import document
from minsheng.supervision.bulletins import rules as bulletin
from minsheng.supervision.status.rules import COLOURS
from minsheng.supervision.watch import rules as watch

DAY = datetime.date(2024, 7, 5)


def test_the_five_colours_carry_rank_word_meaning_and_hex():
    assert list(COLOURS) == ["blue", "green", "yellow", "orange", "red"]
    assert [c.rank for c in COLOURS.values()] == [0, 1, 2, 3, 4]
    assert [c.label for c in COLOURS.values()] == ["蓝", "绿", "黄", "橙", "红"]
    assert all(c.hex.startswith("#") and len(c.hex) == 7 for c in COLOURS.values())


def test_watchlist_and_dispatch_rank_colours_as_colours_does():
    assert {k: c.rank for k, c in COLOURS.items()} == watch.COLOUR_RANK
    assert dict(watch.COLOUR_CHOICES[1:]) == {k: f"{c.label}色" for k, c in COLOURS.items()}
    for before in COLOURS:
        for after in COLOURS:
            change = dispatch.Change(1, before, after)
            assert change.worsened == (COLOURS[after].rank > COLOURS[before].rank)
            assert (change.before_label, change.after_label) == (COLOURS[before].label, COLOURS[after].label)


def test_dashboards_and_bulletin_show_the_words_and_hex_of_colours():
    assert [f"{c.label}（{c.meaning}）" for c in COLOURS.values()] == sections.COLOUR_HEAD
    assert {k: words[0] for k, words in public.COLOUR_WORDS.items()} == {
        k: c.label for k, c in COLOURS.items()
    }
    assert {k: f"{c.label}色（{c.meaning}）" for k, c in COLOURS.items()} == bulletin.COLOUR_NAMES
    chart = sections.colour_chart(office.summarise([]), "")
    assert [bar["itemStyle"]["color"] for bar in chart["series"][0]["data"]] == [
        c.hex for c in COLOURS.values()
    ]
    series = sections.stacked_chart(["6月"], [office.summarise([])], "")["series"]
    assert [s["itemStyle"]["color"] for s in series] == [c.hex for c in COLOURS.values()]
    assert not hasattr(document, "FILLS") and not hasattr(document, "TINTS")


def test_one_date_formatter_used_by_pages_and_word_writers():
    assert dates.chinese_date(DAY) == "2024年7月5日"
    assert dates.chinese_month(DAY) == "2024年7月"
    assert document.chinese_date is dates.chinese_date
    assert word.chinese_date is dates.chinese_date
    assert word.deadline_label({"deadline": "2024-07-05"}) == "2024年7月5日"
    assert word.deadline_label({"deadline": "2024-06-30"}) == "2024年6月底"
    assert dispatch.chinese_date is dates.chinese_date


@pytest.mark.parametrize("n", range(1, 100))
def test_numerals_go_through_cn2an(n):
    text = cn2an.an2cn(n)
    assert word.chinese_number(n) == text
    assert cn_integer(text) == n
    assert match_marker(f"{text}、教育方面")[1] == n


def test_state_labels_are_the_model_choices():
    for state in ReportState:
        before, after = {"state": ReportState.DRAFT.value}, {"state": state.value}
        found = versions.changes(before, after, {})
        if state != ReportState.DRAFT:
            assert found[0].after == state.label
