"""One vocabulary: the colours, the Chinese dates and numerals and the state labels are each defined once,
and the watchlist, the dashboards, the bulletin, the dispatch and the Word writers take them from there."""

import datetime
import re
from pathlib import Path

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


def test_proposal_steps_take_their_words_from_the_one_table_of_actions():
    from minsheng.core.models import ACTION_LABELS, ACTION_LABELS_BY_MODEL, AuditEvent
    from minsheng.participation.proposals import workflow as proposals

    own = ACTION_LABELS_BY_MODEL[proposals.PROPOSAL]
    assert proposals.PROPOSAL == "participation.proposal"
    assert {s.action: s.label for s in proposals.STEPS} == {s.action: own[s.action] for s in proposals.STEPS}
    assert not hasattr(proposals, "ACTION_LABELS")
    for action in [*own, *ACTION_LABELS]:
        assert (
            proposals.action_label(action) == AuditEvent(action=action, model=proposals.PROPOSAL).action_label
        )
    assert AuditEvent(action="accept", model=proposals.PROPOSAL).action_label == "受理"
    assert AuditEvent(action="accept", model="supervision.acceptance").action_label == "验收通过"
    assert AuditEvent(action="close", model="participation.votingsession").action_label == "结束投票"


def test_every_model_of_the_action_table_exists_and_every_label_is_chinese():
    from django.apps import apps

    from minsheng.core.models import ACTION_LABELS, ACTION_LABELS_BY_MODEL

    for model, labels in ACTION_LABELS_BY_MODEL.items():
        assert apps.get_model(model)._meta.label_lower == model
        assert labels and all(re.fullmatch(r"[\u4e00-\u9fff]+", word) for word in labels.values())
    assert all(re.fullmatch(r"[\u4e00-\u9fff]+", word) for word in ACTION_LABELS.values())


@pytest.mark.django_db
def test_the_admin_audit_list_filters_actions_and_channels_in_chinese(client_for):
    from minsheng.core.models import AuditEvent

    for action, model, via in [
        ("accept", "participation.proposal", "web"),
        ("accept", "supervision.acceptance", "api"),
        ("approve", "reporting.report", "admin"),
        ("something_new", "core.region", "cli"),
    ]:
        AuditEvent.objects.create(action=action, model=model, via=via, object_id="1", object_repr="x")
    html = client_for("admin").get("/admin/core/auditevent/").content.decode()
    assert "?action=accept" in html and "受理／验收通过" in html
    assert "?action=approve" in html and "审核通过" in html
    assert "?via=api" in html and "接口" in html and "命令行" in html
    filtered = client_for("admin").get("/admin/core/auditevent/", {"action": "approve"})
    assert filtered.status_code == 200 and filtered.context["cl"].result_count == 1


def test_the_served_colours_stylesheet_is_made_from_colours(client):
    response = client.get("/colours.css")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
    assert "max-age" in response["Cache-Control"] and response["ETag"]
    css = response.content.decode()
    found = dict(re.findall(r"--(\w+-\w+):\s*(#[0-9a-f]{6});", css))
    assert found == {
        **{f"colour-{k}": c.hex for k, c in COLOURS.items()},
        **{f"tint-{k}": c.tint for k, c in COLOURS.items()},
    }
    again = client.get("/colours.css", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    page = client.get("/accounts/login/").content.decode()
    assert page.index('href="/colours.css"') < page.index("site.css")


def test_no_stylesheet_writes_a_status_colour_of_its_own():
    root = Path(__file__).resolve().parent.parent / "minsheng"
    styles = [*root.glob("static/minsheng/*.css"), *root.glob("templates/**/*.html")]
    hexes = {c.hex for c in COLOURS.values()} | {c.tint for c in COLOURS.values()} - {"#fff5c2"}
    written = {
        (p.name, h)
        for p in styles
        for h in re.findall(r"#[0-9a-fA-F]{6}\b", p.read_text())
        if h.lower() in hexes
    }
    assert not written, "use var(--colour-…) or var(--tint-…) from /colours.css"
    # a colour's class takes its background from the variables, never a shade of its own
    rule = re.compile(
        r"\.(?:colour|chip|edge|tone|eval-chip)-(blue|green|yellow|orange|red)\b[^{]*\{([^}]*)\}"
    )
    for p in styles:
        for key, body in rule.findall(p.read_text()):
            shade = re.search(r"(?:background|border-left-color|--c)\s*:\s*([^;]+)", body)
            assert shade, (p.name, key)
            assert shade.group(1).strip() == f"var(--colour-{key})" or (key, shade.group(1).strip()) == (
                "orange",
                "#b95400",  # the public chips' darker orange, so their white figure reads (WCAG AA)
            ), (p.name, key, shade.group(1))


def test_problem_states_are_the_models_choices_which_the_rules_read():
    from minsheng.supervision import models
    from minsheng.supervision.problems import rules as problems

    assert problems.ProblemState is models.ProblemState
    assert {s.value: s.label for s in models.ProblemState} == problems.STATE_LABELS
    assert problems.check("verify", {problems.OFFICE}, "verified", "x") == [
        f"该问题当前为“{models.ProblemState.VERIFIED.label}”，不能核验通过。"
    ]
