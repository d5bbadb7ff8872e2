"""The monthly decomposition: checked as a plain rule, entered through the form as rendered, and
replacing the straight line in the expected progress."""

import datetime as dt
from decimal import Decimal as D

from minsheng.plans.models import TrajectoryPoint
from minsheng.supervision.status.trajectory import check_trajectory, month_ends
from tests.conftest import project
from tests.forms import form_data

DUE = dt.date(2024, 12, 31)


def test_month_ends():
    ends = month_ends(dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    assert (
        ends[0] == dt.date(2024, 1, 31)
        and ends[1] == dt.date(2024, 2, 29)
        and ends[-1] == dt.date(2024, 6, 30)
    )


def test_check_trajectory():
    values, errors = check_trajectory(
        {dt.date(2024, 6, 30): "300", dt.date(2024, 12, 31): "1,000"}, D(0), D(1000), DUE
    )
    assert values == {dt.date(2024, 6, 30): D(300), dt.date(2024, 12, 31): D(1000)} and not errors
    _, errors = check_trajectory(
        {
            dt.date(2024, 3, 31): "abc",
            dt.date(2024, 6, 30): "500",
            dt.date(2024, 9, 30): "400",
            dt.date(2024, 10, 31): "-1",
            dt.date(2024, 12, 31): "900",
        },
        D(0),
        D(1000),
        DUE,
    )
    assert errors == [
        "3月：“abc”不是数字。",
        "10月：计划累计值不能为负数。",
        "9月：累计计划值应逐月不减（上月或基数为 500）。",
        "12月（完成期限）的计划累计值应等于目标 1000。",
    ]
    _, errors = check_trajectory({dt.date(2024, 6, 30): "4", dt.date(2024, 12, 31): "3"}, D(5), D(3), DUE)
    assert not errors  # a rate coming down from 5 to 3
    _, errors = check_trajectory({dt.date(2024, 6, 30): "1200"}, D(0), D(1000), DUE)
    assert errors == ["6月：计划值超出目标 1000。"]


def test_lead_unit_enters_the_trajectory(client_for):
    item = project("济宁市", 2024, "1")
    indicator = item.indicators.get()
    reporter = client_for("minzheng")
    url = f"/projects/{item.pk}/trajectory/"
    data = form_data(reporter.get(url).content.decode())
    assert f"t-{indicator.pk}-202406" in data and f"t-{indicator.pk}-202412" in data
    data.update({f"t-{indicator.pk}-202406": "500", f"t-{indicator.pk}-202409": "400"})
    refused = reporter.post(url, data)
    assert refused.status_code == 422 and "逐月不减" in refused.content.decode()
    assert not TrajectoryPoint.objects.exists()
    data.update({f"t-{indicator.pk}-202409": "1500", f"t-{indicator.pk}-202412": "2000"})
    assert reporter.post(url, data).status_code == 302
    assert list(indicator.trajectory.values_list("month_end", "value")) == [
        (dt.date(2024, 6, 30), D(500)),
        (dt.date(2024, 9, 30), D(1500)),
        (dt.date(2024, 12, 31), D(2000)),
    ]
    page = client_for("office").get(f"/api/v1/plans/{item.plan_id}/status", {"as_of": "2024-06-30"}).json()
    row = next(r for r in page["projects"] if r["seq"] == "1")
    assert row["expected"] == 0.25  # 500 of 2000 planned by June instead of about half


def test_only_the_lead_unit_and_the_office(client_for):
    item = project("济宁市", 2024, "1")
    assert client_for("office").get(f"/projects/{item.pk}/trajectory/").status_code == 200
    for user in ("jiaoyu", "weishan", "deputy", "outsider"):
        assert client_for(user).get(f"/projects/{item.pk}/trajectory/").status_code == 404, user
