"""The demo's synthetic reports for the 2024 plans: deterministic, idempotent, a realistic mix, cumulative
values that never fall, all marked as demo data, and nothing after the demo day (2024-07-15)."""

import datetime
import hashlib
import io
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command

from minsheng.core.models import AuditEvent
from minsheng.plans.models import UnitRole
from minsheng.plans.progress import linear_expected
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.compliance.queries import plan_compliance
from minsheng.reporting.models import Report, ReportValue, ReportVersion
from minsheng.site import demo_reports
from minsheng.site import demo_script as demo
from minsheng.supervision.models import Problem
from tests.conftest import plan

CUTOFF = datetime.datetime(2024, 7, 15, tzinfo=calendar.SHANGHAI)


@pytest.fixture
def loaded(db):
    return demo_reports.load_demo_reports()


def _digest() -> str:
    rows = sorted(
        (
            r.project.plan.region.name,
            r.project.plan.year,
            r.project.seq,
            r.kind,
            r.period,
            r.state,
            str(r.submitted_at),
            r.lag_reason,
            r.narrative,
            tuple(r.problems),
            str(r.funds_paid),
            # sorted: a report's values come back in no set order (PostgreSQL reads them in heap order)
            tuple(sorted((v.indicator.order, v.indicator.text, str(v.value)) for v in r.values.all())),
        )
        for r in Report.objects.select_related("project__plan__region").prefetch_related("values__indicator")
    )
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _delete_demo_reports():
    Problem.objects.filter(is_demo=True).delete()
    Report.objects.filter(is_demo=True).delete()


def test_the_same_reports_every_time(loaded):
    assert Report.objects.count() > 500
    first = _digest()
    _delete_demo_reports()
    assert not Report.objects.exists()
    demo_reports.load_demo_reports()
    assert _digest() == first


def test_loading_twice_adds_nothing(loaded):
    assert [line.split("：")[0] for line in loaded] == ["济宁市 2024年", "微山县 2024年"]
    models = [Report, ReportValue, ReportVersion, Problem, AuditEvent]
    before = {m: m.objects.count() for m in models}
    assert demo_reports.load_demo_reports() == []
    assert {m: m.objects.count() for m in models} == before


def test_a_missing_report_is_filled_in_and_nothing_else(loaded):
    some = Report.objects.filter(kind="month", period="2024-05").first()
    key = (some.project_id, some.kind, some.period)
    some.delete()
    count = Report.objects.count()
    assert len(demo_reports.load_demo_reports()) == 1
    assert Report.objects.count() == count + 1
    assert Report.objects.filter(project_id=key[0], kind=key[1], period=key[2]).exists()


def test_only_the_2024_demo_plans_and_all_marked_as_demo(loaded):
    assert set(Report.objects.values_list("project__plan__year", flat=True)) == {2024}
    assert set(Report.objects.values_list("project__plan__region__name", flat=True)) == {"济宁市", "微山县"}
    assert not Report.objects.filter(is_demo=False).exists()
    assert Problem.objects.exists() and not Problem.objects.filter(is_demo=False).exists()
    events = AuditEvent.objects.filter(action="demo_reports", via="demo", model="plans.plan")
    assert events.count() == 2  # one summary per plan, not one per row
    assert "月报" in str(events.first().changes)


def test_nothing_after_the_demo_day(loaded):
    day = datetime.date(2024, 7, 15)
    assert not Report.objects.filter(period_start__gt=day).exists()
    assert not Report.objects.filter(submitted_at__gte=CUTOFF).exists()
    assert not Report.objects.filter(approved_at__gte=CUTOFF).exists()
    assert not Report.objects.filter(updated_at__gte=CUTOFF).exists()
    assert not ReportVersion.objects.filter(saved_at__gte=CUTOFF).exists()
    assert not Problem.objects.filter(created_at__gte=CUTOFF).exists()
    months = set(Report.objects.filter(kind="month").values_list("period", flat=True))
    assert months == {f"2024-{m:02d}" for m in range(1, 8)}
    weeks = sorted(set(Report.objects.filter(kind="week").values_list("period", flat=True)))
    assert weeks[0] == "2024-W01" and weeks[-1] == "2024-W29"  # every week of the year up to the demo day
    # the periods not yet due on the demo day hold drafts only, for a few projects
    current = Report.objects.filter(period__in=["2024-07", "2024-W29"])
    assert set(current.values_list("state", flat=True)) == {"draft"}
    assert 0 < current.filter(kind="month").count() < plan("济宁市", 2024).projects.count()


def _late(report) -> bool:
    return not calendar.is_on_time(report.submitted_at, calendar.parse_period(report.period))


def test_the_mix_a_demo_needs(loaded):
    reports = list(Report.objects.select_related("project"))
    due = [r for r in reports if r.period not in ("2024-07", "2024-W29")]
    states = defaultdict(int)
    for r in due:
        states[r.state, r.awaiting] += 1
    assert states["approved", ""] > 0.8 * len(due)  # most approved …
    assert states["submitted", "office"] + states["submitted", "unit"] > 0  # … some awaiting approval
    returned = [r for r in reports if r.state == "returned"]
    assert 1 <= len(returned) <= 2 and all(r.return_comment for r in returned)
    assert all(r.approved_at for r in reports if r.state == "approved")
    assert not any(r.approved_at for r in reports if r.state != "approved")
    late = [r for r in due if _late(r)]
    assert 0.03 * len(due) < len(late) < 0.25 * len(due)
    assert all(
        r.submitted_at <= calendar.locks_at(calendar.parse_period(r.period)) for r in late
    )  # late, but before the period locked
    projects = {p.pk for p in plan("济宁市", 2024).projects.all()} | {
        p.pk for p in plan("微山县", 2024).projects.all()
    }
    expected_due = len(projects) * (6 + 28)  # January to June, and W01 to W28
    missing = expected_due - len(due)
    assert 0.02 * expected_due < missing < 0.12 * expected_due
    assert all(r.funds_arranged is not None and r.funds_paid <= r.funds_arranged for r in reports)


def _progress_against_pace(report_values):
    """(behind, ahead) flags per report from its values against the linear expected progress."""
    out = {}
    for v in report_values:
        i, r = v.indicator, v.report
        span = i.target_value - i.baseline
        expected = linear_expected(i.baseline, i.target_value, r.project.plan.begins, i.due, r.period_end)
        gap = (expected - v.value) / span
        behind, ahead = out.get(r.pk, (False, False))
        out[r.pk] = (behind or gap > Decimal("0.05"), ahead or gap < Decimal("-0.05"))
    return out


def test_some_projects_ahead_most_on_pace_some_behind_with_reasons(loaded):
    june = ReportValue.objects.filter(report__period="2024-06").select_related(
        "indicator__project__plan", "report__project__plan"
    )
    flags = _progress_against_pace(june)
    reports = Report.objects.in_bulk(list(flags))
    behind = [pk for pk, (b, _) in flags.items() if b]
    ahead = [pk for pk, (b, a) in flags.items() if a and not b]
    assert behind and ahead and len(behind) + len(ahead) < 0.6 * len(flags)
    assert all(reports[pk].lag_reason for pk in behind)  # behind pace → 未达序时原因
    assert not any(reports[pk].lag_reason for pk in ahead)
    labels = defaultdict(int)
    for p in [*plan("济宁市", 2024).projects.all(), *plan("微山县", 2024).projects.all()]:
        labels[demo.profile(f"{p.plan.region.name}|2024|{p.seq}").label] += 1
    assert labels["on_pace"] > labels["ahead"] > 0 and labels["on_pace"] > labels["behind"] > 0


def test_cumulative_values_never_fall_and_stay_within_baseline_and_target(loaded):
    series = defaultdict(list)
    for v in ReportValue.objects.select_related("report", "indicator").order_by(
        "report__period_end", "report__kind"
    ):
        series[v.indicator].append(v.value)
        assert v.indicator.baseline <= v.value <= v.indicator.target_value
    assert len(series) > 50
    for values in series.values():
        assert values == sorted(values)
    funds = defaultdict(list)
    for r in Report.objects.order_by("period_end", "kind"):
        funds[r.project_id].append((r.funds_arranged, r.funds_paid))
    for pairs in funds.values():
        assert pairs == sorted(pairs)


def test_problems_are_listed_for_the_lead_unit(loaded):
    problems = list(Problem.objects.select_related("report", "responsible_unit", "project"))
    assert 3 <= len(problems) <= 30
    for problem in problems:
        assert problem.source == "report" and problem.state == "open"
        assert problem.description in problem.report.problems
        leads = {r.unit_id for r in problem.project.unit_roles.all() if r.role == UnitRole.LEAD}
        assert problem.responsible_unit_id in leads
        assert problem.report.submitted_at is not None
    with_problems = Report.objects.exclude(problems=[])
    assert sum(len(r.problems) for r in with_problems) == len(problems)


def test_every_report_has_its_versions(loaded):
    reports = Report.objects.prefetch_related("versions", "values")
    for report in reports:
        versions = list(report.versions.all())
        assert [v.version for v in versions] == list(range(1, report.version + 1))
        assert versions[0].state == "draft" and versions[-1].state == report.state
        content = versions[-1].content
        assert set(content) >= {
            "state",
            "narrative",
            "problems",
            "next_steps",
            "lag_reason",
            "funds_arranged",
            "funds_paid",
            "values",
        }
        assert content["values"] == {str(v.indicator_id): [str(v.value), ""] for v in report.values.all()}
        assert [v.saved_at for v in versions] == sorted(v.saved_at for v in versions)
        assert report.updated_at == versions[-1].saved_at


def test_projects_without_a_target_report_in_words(loaded):
    without = Report.objects.filter(project__indicators__isnull=True, kind="month").first()
    assert without is not None and not without.values.exists() and without.narrative


def test_compliance_on_the_demo_day_is_high_but_not_perfect(loaded):
    rows = plan_compliance(plan("济宁市", 2024), datetime.date(2024, 7, 15))
    expected = sum(t.expected for t in rows)
    received, on_time = sum(t.received for t in rows), sum(t.on_time for t in rows)
    assert expected == 30 * 6
    assert 0.8 * expected < received < expected and on_time < received


def test_pure_script_is_the_same_for_the_same_key():
    i = demo.IndicatorSpec(
        1, "建设200处老年人食堂", Decimal(0), Decimal(200), "处", datetime.date(2024, 12, 31)
    )
    start = datetime.date(2024, 1, 1)
    one = demo.script_project("济宁市|2024|3", "建设老年人食堂", start, [i])
    two = demo.script_project("济宁市|2024|3", "建设老年人食堂", start, [i])
    assert [(s.period.key, s.state, s.values, s.submitted_at) for s in one] == [
        (s.period.key, s.state, s.values, s.submitted_at) for s in two
    ]
    other = demo.script_project("微山县|2024|3", "建设老年人食堂", start, [i])
    assert [s.submitted_at for s in other] != [s.submitted_at for s in one]


def test_cumulative_follows_the_pace_and_stops_at_the_target():
    i = demo.IndicatorSpec(1, "改造2000户", Decimal(100), Decimal(2100), "户", datetime.date(2024, 12, 31))
    start = datetime.date(2024, 1, 1)
    half = datetime.date(2024, 7, 1)
    assert demo.cumulative(i, start, start, Decimal(1)) == 100
    assert demo.cumulative(i, start, half, Decimal(1)) == 100 + 997  # 182/365 of 2000, rounded down
    assert demo.cumulative(i, start, half, Decimal("0.5")) == 100 + 498
    assert demo.cumulative(i, start, half, Decimal(3)) == 2100  # never past the target
    rate = demo.IndicatorSpec(2, "录取率62%", Decimal(0), Decimal(62), "%", datetime.date(2024, 12, 31))
    assert demo.cumulative(rate, start, half, Decimal(1)) == Decimal("30.91")


def test_the_demo_command_loads_and_reports_the_reports(db):
    out = io.StringIO()
    call_command("demo", "--quiet", "--no-reports", stdout=out)
    assert "演示数据已存在" in out.getvalue() and not Report.objects.exists()
    call_command("demo", "--quiet", stdout=out)
    assert "载入演示报告（截至2024年7月15日）：济宁市 2024年：月报" in out.getvalue()
    assert Report.objects.exists()
    again = io.StringIO()
    call_command("demo", "--quiet", stdout=again)
    assert "演示数据已存在" in again.getvalue()


def test_indicators_without_room_to_rise_get_no_values():
    flat = demo.IndicatorSpec(3, "保持不变", Decimal(5), Decimal(5), "个", datetime.date(2024, 12, 31))
    specs = demo.script_project("济宁市|2024|99", "保持", datetime.date(2024, 1, 1), [flat])
    assert specs and all(s.values == {} for s in specs)
