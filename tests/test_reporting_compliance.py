"""Completeness and timeliness per unit: the plain tally, and the plan endpoint with as_of."""

import datetime

from minsheng.reporting.calendar.rules import SHANGHAI, parse_period
from minsheng.reporting.compliance.rules import tally
from minsheng.reporting.models import Report
from tests.conftest import plan, project


def at(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def test_tally_counts_and_ranks():
    may, june = parse_period("2024-05"), parse_period("2024-06")
    expected = [("市民政局", 1, may), ("市民政局", 1, june), ("市教育局", 2, may), ("市教育局", 2, june)]
    received = {
        (1, "2024-05"): at(2024, 5, 25, 9),
        (1, "2024-06"): at(2024, 6, 30, 9),
        (2, "2024-06"): at(2024, 6, 26),
    }
    rows = {t.unit: t for t in tally(expected, received)}
    assert (rows["市民政局"].expected, rows["市民政局"].received, rows["市民政局"].on_time) == (2, 2, 1)
    assert (rows["市教育局"].received, rows["市教育局"].on_time) == (1, 1)
    assert [t.unit for t in tally(expected, received)] == ["市民政局", "市教育局"]


def test_plan_endpoint(client_for):
    p = project("济宁市", 2024, "1")
    for period, submitted in [("2024-05", at(2024, 5, 24, 10)), ("2024-06", at(2024, 6, 29, 10))]:
        key = parse_period(period)
        Report.objects.create(
            project=p,
            kind="month",
            period=period,
            period_start=key.start,
            period_end=key.end,
            state="approved",
            submitted_at=submitted,
        )
    url = f"/api/v1/plans/{plan('济宁市', 2024).pk}/compliance"
    led = (
        plan("济宁市", 2024)
        .projects.filter(unit_roles__role="lead", unit_roles__unit__name="市民政局")
        .count()
    )
    rows = {r["unit"]: r for r in client_for("office").get(url, {"as_of": "2024-07-15"}).json()}
    assert rows["市民政局"]["expected"] == 6 * led  # January to June are due by 15 July
    assert (rows["市民政局"]["received"], rows["市民政局"]["on_time"]) == (2, 1)
    assert rows["市教育局"]["received"] == 0
    earlier = {r["unit"]: r for r in client_for("office").get(url, {"as_of": "2024-06-01"}).json()}
    assert earlier["市民政局"]["expected"] == 5 * led and earlier["市民政局"]["received"] == 1
    assert client_for("office").get(url, {"as_of": "七月"}).status_code == 422
