"""The problem list's rules as a table: who may do what from which state, and when a problem is overdue."""

import datetime

import pytest

from minsheng.supervision.models import ProblemState
from minsheng.supervision.problems import rules

OFFICE, UNIT = {rules.OFFICE}, {rules.UNIT}
BOTH = OFFICE | UNIT


def test_the_states_are_the_models():
    assert list(rules.STATE_LABELS) == list(ProblemState.values)
    assert list(rules.STATE_LABELS.values()) == [label for _, label in ProblemState.choices]


@pytest.mark.parametrize(
    "action,actors,state,allowed",
    [
        ("start", UNIT, "open", True),
        ("start", UNIT, "rectifying", False),
        ("start", OFFICE, "open", False),  # the office does not rectify for the unit
        ("resolve", UNIT, "rectifying", True),
        ("resolve", UNIT, "open", False),  # open → rectifying → resolved, no jump
        ("measure", UNIT, "open", True),
        ("measure", UNIT, "rectifying", True),
        ("measure", UNIT, "resolved", False),
        ("verify", OFFICE, "resolved", True),
        ("verify", OFFICE, "rectifying", False),
        ("verify", UNIT, "resolved", False),  # a unit does not verify its own work
        ("send_back", OFFICE, "resolved", True),
        ("send_back", OFFICE, "verified", False),
        ("assign", OFFICE, "open", True),
        ("assign", OFFICE, "resolved", True),
        ("assign", OFFICE, "verified", False),  # a verified problem is closed
        ("assign", UNIT, "open", False),
        ("verify", set(), "resolved", False),
        ("nonsense", BOTH, "open", False),
    ],
)
def test_who_may_do_what_from_which_state(action, actors, state, allowed):
    assert rules.allowed(action, actors, state) is allowed
    assert (rules.check(action, actors, state, "说明") == []) is allowed


def test_each_step_lands_in_its_state():
    targets = {s.action: s.target for s in rules.STEPS}
    assert targets == {
        "measure": None,
        "start": "rectifying",
        "resolve": "resolved",
        "assign": None,
        "verify": "verified",
        "send_back": "rectifying",
    }


def test_refusals_say_why_in_chinese():
    assert rules.check("verify", UNIT, "resolved", "x") == ["只有督查室可以核验通过。"]
    assert rules.check("start", UNIT, "open", "x") == []
    assert rules.check("resolve", OFFICE, "rectifying", "x") == ["只有责任单位可以整改完成。"]
    assert rules.check("resolve", UNIT, "verified", "x") == ["该问题当前为“已核验”，不能整改完成。"]
    assert rules.check("start", UNIT, "open", "  ") == ["请填写整改措施。"]
    assert rules.check("send_back", OFFICE, "resolved", "") == ["退回整改时请填写退回意见。"]
    assert rules.check("verify", OFFICE, "resolved", "") == ["核验通过时请填写核验情况。"]
    assert rules.check("assign", OFFICE, "open") == []  # assigning needs no text
    assert rules.check("fly", BOTH, "open") == ["未知的操作。"]


def test_what_each_actor_is_offered():
    assert [s.action for s in rules.available(UNIT, "open")] == ["measure", "start"]
    assert [s.action for s in rules.available(UNIT, "rectifying")] == ["measure", "resolve"]
    assert [s.action for s in rules.available(OFFICE, "resolved")] == ["assign", "verify", "send_back"]
    assert rules.available(BOTH, "verified") == []


def test_overdue_means_past_the_deadline_and_not_rectified():
    day = datetime.date(2024, 7, 15)
    yesterday, tomorrow = day - datetime.timedelta(days=1), day + datetime.timedelta(days=1)
    assert rules.is_overdue(yesterday, "open", day) and rules.is_overdue(yesterday, "rectifying", day)
    assert not rules.is_overdue(day, "open", day)  # due today is not late yet
    assert not rules.is_overdue(tomorrow, "open", day)
    assert not rules.is_overdue(yesterday, "resolved", day) and not rules.is_overdue(
        yesterday, "verified", day
    )
    assert not rules.is_overdue(None, "open", day)
