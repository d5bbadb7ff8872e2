"""The ledger's plain functions: completion rate, which report a row shows, rows and filters, weeks."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from minsheng.core import spreadsheet
from minsheng.reporting.ledger import rules as ledger

D = Decimal


@pytest.mark.parametrize(
    ("value", "target", "baseline", "comparator", "expected"),
    [
        (1100, 2000, 0, "=", D("0.55")),
        (150, 200, 100, "≥", D("0.5")),  # from the baseline, not from zero
        (100, 200, 100, "≥", D(0)),
        (2400, 2000, 0, "=", D("1.2")),  # over-fulfilment is shown, not capped
        (90, 80, 100, "≤", D("0.5")),  # coming down from 100 to 80: half way
        (3, 5, 0, "≤", D(1)),  # 控制在5以内: met
        (6, 5, 0, "≤", D(0)),  # not met
        (10, 10, 10, "=", D(1)),  # target == baseline: met
        (9, 10, 10, "≥", D(0)),  # target == baseline: not met
    ],
)
def test_completion_rate(value, target, baseline, comparator, expected):
    assert ledger.completion_rate(D(value), D(target), D(baseline), comparator) == expected


def test_no_value_no_rate():
    assert ledger.completion_rate(None, D(10)) is None
    assert ledger.percent(None) == "—"
    assert ledger.percent(D("0.55")) == "55.0%"
    assert ledger.percent(D(2) / D(3)) == "66.7%"


def _report(state, end, kind="week", updated=1, pk=None):
    return SimpleNamespace(
        pk=pk or hash((state, end, kind)),
        state=state,
        period_end=datetime.date.fromisoformat(end),
        kind=kind,
        updated_at=updated,
    )


def test_latest_prefers_approved_over_a_later_submitted():
    approved = _report("approved", "2024-07-07")
    submitted = _report("submitted", "2024-07-14")
    assert ledger.pick_latest([approved, submitted]) is approved


def test_latest_falls_back_to_submitted_and_ignores_drafts():
    submitted = _report("submitted", "2024-07-07")
    assert ledger.pick_latest([_report("draft", "2024-07-14"), submitted, None]) is submitted
    assert ledger.pick_latest([_report("returned", "2024-07-14"), _report("draft", "2024-07-21")]) is None
    assert ledger.pick_latest([]) is None


def test_latest_is_the_later_period_and_the_month_on_the_same_end():
    week = _report("approved", "2024-06-30", "week")
    month = _report("approved", "2024-06-30", "month")
    later = _report("approved", "2024-07-07", "week")
    assert ledger.pick_latest([week, month]) is month
    assert ledger.pick_latest([week, month, later]) is later


def _indicator(pk, target, baseline=0, comparator="=", unit="户", text="改造困难老年人家庭"):
    return SimpleNamespace(
        pk=pk,
        text=text,
        target_value=D(target),
        baseline=D(baseline),
        comparator=comparator,
        target_display=f"{target}{unit}",
    )


def test_ledger_row_from_a_report():
    project = SimpleNamespace(pk=7, seq="1", name="改造2000户", category=SimpleNamespace(name="一、老年人"))
    report = SimpleNamespace(
        pk=3,
        period="2024-W28",
        kind="week",
        state="submitted",
        problems=["资金未到位"],
        next_steps="加快",
        lag_reason="",
        updated_at=datetime.datetime(2024, 7, 12, 9),
        submitted_at=datetime.datetime(2024, 7, 12, 10),
        approved_at=None,
    )
    indicators = [_indicator(1, 2000), _indicator(2, 300, comparator="≥", unit="人")]
    row = ledger.ledger_row(
        project,
        indicators,
        [("市民政局", "lead"), ("各县市区政府", "co")],
        report,
        {1: (D(1100), "含微山县")},
    )
    assert row.lead_units == ["市民政局"] and row.co_units == ["各县市区政府"]
    assert row.category == "一、老年人" and row.pending and row.problems == ["资金未到位"]
    assert [line.value for line in row.lines] == [D(1100), None]
    assert row.lines[0].rate_display == "55.0%" and row.lines[0].comment == "含微山县"
    assert row.lines[1].target == "≥300人" and row.lines[1].value_display == "—"
    assert row.updated == datetime.datetime(2024, 7, 12, 10)


def test_a_project_without_indicators_or_report_has_one_empty_line():
    project = SimpleNamespace(pk=8, seq="23", name="急难救助", category=None)
    row = ledger.ledger_row(project, [], [("市民政局", "lead")], None, {})
    assert len(row.lines) == 1 and row.lines[0].indicator_id is None
    assert row.report_id is None and not row.pending and row.updated is None


def test_free_text_and_groups():
    def row(seq, name, category, unit="市民政局"):
        return ledger.LedgerRow(
            project_id=int(seq), seq=seq, name=name, category=category, lead_units=[unit], co_units=[]
        )

    rows = [
        row("1", "老年人食堂", "一、"),
        row("2", "适老化改造", "一、"),
        row("3", "托育", "二、", "市卫生健康委"),
    ]
    assert [r.seq for r in rows if ledger.matches(r, "卫生")] == ["3"]
    assert [r.seq for r in rows if ledger.matches(r, " ")] == ["1", "2", "3"]
    assert [(c, [r.seq for r in rs]) for c, rs in ledger.group_rows(rows)] == [
        ("一、", ["1", "2"]),
        ("二、", ["3"]),
    ]


def test_weeks_and_import_periods():
    period = ledger.week_of(datetime.date(2024, 7, 15))
    assert period.key == "2024-W29"
    assert ledger.neighbour_weeks(period) == ("2024-W28", "2024-W30")
    assert ledger.neighbour_weeks(ledger.week_of(datetime.date(2024, 12, 30))) == ("2024-W52", "2025-W02")
    choices = ledger.period_choices(
        datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), datetime.date(2024, 7, 15)
    )
    assert choices["week"][0].key == "2024-W29" and choices["week"][-1].key == "2024-W01"
    assert [p.key for p in choices["month"]][:2] == ["2024-07", "2024-06"]
    assert ledger.period_choices(
        datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), datetime.date(2024, 7, 15)
    ) == {"week": [], "month": []}


def test_formula_like_texts_and_problems():
    assert all(spreadsheet.formula_like(t) for t in ["=1+1", "+86", "-5", "@SUM(A1)"])
    assert not any(spreadsheet.formula_like(t) for t in ["改造=1", "", None, 5])
    assert ledger.split_problems("资金未到位\n\n  用地紧张 \n") == ["资金未到位", "用地紧张"]
    assert ledger.kept_fields(None) == {}
    assert ledger.kept_fields(SimpleNamespace(funds_arranged=D("12.50"), funds_paid=None)) == {
        "funds_arranged": "12.50",
        "funds_paid": "",
    }


def test_week_period_and_lock_message():
    from minsheng.reporting.calendar import rules as calendar

    day = datetime.date(2024, 7, 15)
    assert (
        ledger.week_period(None, day).key == "2024-W29"
        and ledger.week_period("2024-W20", day).key == "2024-W20"
    )
    for bad in ("2024-07", "2024-W60", "next week"):
        with pytest.raises(calendar.PeriodError):
            ledger.week_period(bad, day)
    week20 = calendar.parse_period("2024-W20")
    moment = datetime.datetime(2024, 7, 15, 9, tzinfo=calendar.SHANGHAI)
    assert ledger.lock_message(week20, calendar.DEFAULT_RULES, moment).startswith(
        "2024年第20周（05-13至05-19）已于 2024-05-27 18:00 锁定"
    )
    assert ledger.lock_message(calendar.parse_period("2024-W29"), calendar.DEFAULT_RULES, moment) == ""


def test_a_posted_row_as_workflow_data():
    post = {"v-1": " 1,100 ", "c-1": "含微山县", "narrative": "进展", "problems": "甲\n\n乙", "confirm": "on"}
    data = ledger.row_data(post, [1, 2], SimpleNamespace(funds_arranged=D(3), funds_paid=None))
    assert data["values"] == [
        {"indicator": 1, "value": "1,100", "comment": "含微山县"},
        {"indicator": 2, "value": "", "comment": ""},
    ]
    assert data["problems"] == ["甲", "乙"] and data["confirm"] and data["next_steps"] == ""
    assert data["funds_arranged"] == "3" and data["funds_paid"] == ""
