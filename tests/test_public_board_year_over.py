"""The public board of a plan whose year is over: its legend (颜色说明), its status filter and its counts
list exactly the states a card can show on that year, in the cards' own words (蓝 已完成验收, 绿
已完成，待验收 — whatever its pace said, a late report says nothing of a closed year — 红 年度未完成 — never a pace word such as 黄 略有滞后), and filtering by one of them
gives exactly the matching cards; a running year keeps the five pace words."""

import datetime
import itertools
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from minsheng.dashboard.public import rules as public
from minsheng.plans.board import touch
from minsheng.site.demo_past_year import load_demo_past_years
from minsheng.supervision.models import Acceptance, AcceptanceState
from minsheng.supervision.status.rules import IndicatorFacts, ProjectFacts, project_status
from tests.conftest import plan

D = datetime.date
PACE = ["蓝 已完成验收", "绿 正常推进", "黄 略有滞后", "橙 明显滞后", "红 严重滞后"]
YEAR_OVER = ["蓝 已完成验收", "绿 已完成，待验收", "红 年度未完成"]


# ── the rule, as plain functions ────────────────────────────────────────────────────────────────────


def labels(year_over: bool) -> list[str]:
    return [f"{word} {meaning}" for _, word, meaning in public.legend(year_over)]


def test_the_legend_of_a_running_year_and_of_a_year_that_is_over():
    assert labels(False) == PACE
    assert labels(True) == YEAR_OVER
    assert [c for c, _, _ in public.legend(True)] == ["blue", "green", "red"]
    assert public.colour_label("green", year_over=True) == "绿 已完成，待验收"
    assert public.colour_label("yellow") == "黄 略有滞后"


def engine_statuses():
    """Statuses from the real status engine on the plan's last day: accepted or not, finished or short
    by various amounts, with and without overdue reports, and a project with no status at all."""
    day, due = D(2023, 12, 31), D(2023, 12, 31)
    found = [None]
    for value, overdue, accepted in itertools.product(
        (0, 40, 80, 93, 97, 100), (0, 2), (None, D(2023, 11, 1))
    ):
        indicator = IndicatorFacts(
            Decimal(0), Decimal(100), D(2023, 1, 1), due, actuals=((D(2023, 11, 30), Decimal(value)),)
        )
        facts = ProjectFacts(D(2023, 1, 1), due, (indicator,), accepted_on=accepted, overdue_reports=overdue)
        found.append(project_status(facts, day))
    return found


def year_over_rows():
    return [
        public.make_row({"pk": n, "seq": str(n), "name": f"项目{n}"}, status, [], None, year_over=True)
        for n, status in enumerate(engine_statuses(), start=1)
    ]


def test_every_card_of_a_year_that_is_over_reads_as_a_legend_entry():
    rows = year_over_rows()
    shown = {r.colour_label for r in rows}
    assert shown <= set(YEAR_OVER), shown - set(YEAR_OVER)
    assert shown == set(YEAR_OVER)  # and every entry of the legend is a state a card reaches
    assert not any(word in r.colour_label for r in rows for word in ("正常推进", "略有滞后", "明显滞后"))


def test_filtering_by_a_year_over_state_gives_exactly_its_cards():
    rows = year_over_rows()
    for colour, word, meaning in public.legend(True):
        chosen = public.filter_rows(rows, colour=public.filter_colour(colour, True))
        assert chosen and {r.pk for r in chosen} == {
            r.pk for r in rows if r.colour_label == f"{word} {meaning}" and r.colour == colour
        }
    counts = public.colour_counts(rows, year_over=True)
    assert [(c["word"], c["meaning"]) for c in counts] == [tuple(label.split(" ")) for label in YEAR_OVER]
    assert sum(c["count"] for c in counts) == len(rows)


def test_a_pace_colour_is_no_filter_on_a_year_that_is_over():
    assert public.filter_colour("yellow", year_over=True) == ""  # offered nowhere: all cards
    assert public.filter_colour("yellow") == "yellow"
    assert public.filter_colour("red", year_over=True) == "red"
    assert public.filter_colour("<script>") == "" and public.filter_colour("") == ""
    running = [
        public.make_row(
            {"pk": 1, "seq": "1", "name": "x"},
            SimpleNamespace(colour=c, progress=0.5, finished=False),
            [],
            None,
        )
        for c in public.COLOUR_ORDER
    ]
    assert [c["colour"] for c in public.colour_counts(running)] == public.COLOUR_ORDER


# ── the board, on the demo's finished 2023 ──────────────────────────────────────────────────────────


@pytest.fixture
def finished_years(db, settings):
    settings.MINSHENG_TODAY = "2024-07-15"
    cache.clear()
    load_demo_past_years()
    city = plan("济宁市", 2023)
    # two finished projects still wait for the office's acceptance (their values met the targets)
    waiting = Acceptance.objects.filter(project__plan=city, state=AcceptanceState.ACCEPTED).order_by("pk")[:2]
    Acceptance.objects.filter(pk__in=[a.pk for a in waiting]).update(state=AcceptanceState.APPLIED)
    touch(city.pk)
    return city


def legend_of(html: str) -> list[str]:
    block = re.search(r'<details class="legend">.*?</details>', html, re.S).group(0)
    return [f"{w} {m}" for w, m in re.findall(r'<span class="chip chip-\w+">(.)</span> ([^<]+)</li>', block)]


def options_of(html: str) -> list[tuple[str, str]]:
    block = re.search(r'<select id="plan-colour".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\w+)"(?: selected)?>([^<]+)</option>', block)


def cards_of(html: str) -> dict[int, tuple[str, str]]:
    """{project pk: (colour, "word meaning")} of every card shown."""
    found = re.findall(
        r'<article class="card project-card edge-(\w+)">.*?href="/public/projects/(\d+)/".*?'
        r'<span class="chip chip-\w+">(.)</span> <span class="meaning">([^<]+)</span>',
        html,
        re.S,
    )
    return {int(pk): (colour, f"{word} {meaning}") for colour, pk, word, meaning in found}


def test_a_finished_year_lists_only_its_states_and_filters_by_them(finished_years, client_for):
    client, url = client_for(None), f"/public/plans/{finished_years.pk}/"
    html = client.get(url).content.decode()
    assert legend_of(html) == YEAR_OVER
    assert options_of(html) == [(c, f"{w} {m}") for c, w, m in public.legend(True)]
    assert not re.search("正常推进|略有滞后|明显滞后|严重滞后", html)
    cards = cards_of(html)
    assert len(cards) == finished_years.projects.count()
    assert {label for _, label in cards.values()} <= set(YEAR_OVER)
    assert any("已完成，待验收" in label for _, label in cards.values())  # the two waiting for acceptance
    assert any(label == "红 年度未完成" for _, label in cards.values())
    assert any(label == "蓝 已完成验收" for _, label in cards.values())
    counts = re.search(r'<p class="colour-counts".*?</p>', html, re.S).group(0)
    assert ">黄</span>" not in counts and ">蓝</span>" in counts and ">红</span>" in counts
    for colour, label in options_of(html):
        expected = {pk for pk, (c, _) in cards.items() if c == colour}
        for page in (
            client.get(url, {"colour": colour}).content.decode(),
            client.get(url, {"colour": colour}, HTTP_HX_REQUEST="true").content.decode(),
        ):
            shown = cards_of(page)
            assert set(shown) == expected, (colour, label)
            assert {text for _, text in shown.values()} <= {label}
        full = client.get(url, {"colour": colour}).content.decode()
        assert f'<option value="{colour}" selected>{label}</option>' in full
    everything = client.get(url, {"colour": "yellow"}).content.decode()  # not offered: no filter
    assert set(cards_of(everything)) == set(cards) and f"共 {len(cards)} 个项目" in everything


def test_a_running_year_keeps_the_pace_words(finished_years, client_for):
    html = client_for(None).get(f"/public/plans/{plan('济宁市', 2024).pk}/").content.decode()
    assert legend_of(html) == PACE
    assert [label for _, label in options_of(html)] == PACE
    assert "年度未完成" not in html and "已完成，待验收" not in html
