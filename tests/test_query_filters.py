"""Listings read their query parameters through forms: what a form refuses is ignored, or named in
Chinese where the page did so before."""

from django.http import QueryDict


def test_the_plan_list_ignores_what_its_filter_form_refuses(client_for):
    """The plan list reads ?q=&region=&year= through a form (plans.filters): a NUL in the search or a
    region that is not an id lists every plan, as if the parameter had not been given."""
    client = client_for("office")
    everything = len(client.get("/").context["page"].object_list)
    for query in ({"q": "微山\x00"}, {"region": "abc"}, {"year": "9" * 25}):
        assert len(client.get("/", query).context["page"].object_list) == everything, query


def test_the_watchlist_form_names_each_refused_value_in_chinese():
    """The watchlist (supervision.watch.filters) parses ids, the day and the colour, and lists a Chinese
    message per refused value, in the order of the form; the refused value filters nothing."""
    import datetime

    from minsheng.supervision.watch.filters import WatchlistFilters

    values, errors = WatchlistFilters.read(
        QueryDict("as_of=2024-07-15&region=4&category=&colour=red&year=2024")
    )
    assert (values["as_of"], values["region"], values["category"], values["year"], errors) == (
        datetime.date(2024, 7, 15),
        4,
        None,
        2024,
        [],
    )
    assert WatchlistFilters.filters(values).colour == "red"
    values, errors = WatchlistFilters.read(
        QueryDict(f"as_of=9999-12-31&unit=abc&colour=紫&leader={'9' * 25}")
    )
    assert errors[0].startswith("日期“9999-12-31”超出")
    assert errors[1:] == ["牵头单位“abc”无效。", f"分管领导“{'9' * 25}”无效。", "颜色“紫”无效。"]
    assert WatchlistFilters.filters(values) == WatchlistFilters.filters(dict.fromkeys(values))


def test_the_problem_list_form_ignores_what_it_cannot_read():
    """The problem list and its export (supervision.problems.filters): a known state and source, ids,
    overdue and the search (cut to 100 characters) are read; an unknown state or a unit that is not an id
    filters nothing, and the page shows back the values as typed."""
    from minsheng.supervision.problems.filters import ProblemFilters

    query = QueryDict(f"state=open&source=report&unit=7&plan=3&overdue=1&q= {'堵' * 120} ")
    f = ProblemFilters.of(query)
    assert (f["state"], f["source"], f["unit"], f["plan"], f["overdue"], f["q"]) == (
        "open",
        "report",
        7,
        3,
        True,
        "堵" * 100,
    )
    query = QueryDict(f"state=gone&source=²&unit=abc&plan={'9' * 25}&overdue= ")
    f = ProblemFilters.of(query)
    assert (f["state"], f["source"], f["unit"], f["plan"], f["overdue"], f["q"]) == (
        "",
        "",
        None,
        None,
        False,
        "",
    )
    assert ProblemFilters.as_typed(query)["unit"] == "abc"


def test_the_dashboard_form_leaves_an_unreadable_year_or_day_to_the_default():
    """The dashboards' drill (dashboard.filters): a year within 2000–2099 and a day are read, an unreadable
    one is None (the scope's default); a region that is not an id is refused (the scope answers 404)."""
    import datetime

    from minsheng.dashboard.filters import DashboardFilters

    form = DashboardFilters(QueryDict("region=4&year=2023&as_of=2023-05-01"))
    assert form.values() == {"region": 4, "year": 2023, "as_of": datetime.date(2023, 5, 1)}
    for year in ("year", "9999", "²", "9" * 25):
        form = DashboardFilters(QueryDict(f"year={year}&as_of=9999-12-31"))
        assert form.values() == {"region": None, "year": None, "as_of": None}, year
    for region in ("abc", " ", "-1", "9" * 25):
        form = DashboardFilters({"region": region})
        assert form.values()["region"] is None and form.errors["region"] == ["没有这个区划"], region


def test_the_dispatch_form_reads_the_xun_and_the_leaders_toggle():
    """The ten-day dispatch (dashboard.dispatch.filters): a 旬 that is not one is None (the ten days
    ending today), mine is on unless ?mine=0, and the region goes on as typed to the dashboard scope."""
    from minsheng.dashboard.dispatch.filters import DispatchFilters

    f = DispatchFilters.of(QueryDict("xun=2024-07-3&mine=0&region=4"))
    assert (f["xun"].label, f["mine"], f["region"]) == ("2024年7月下旬", False, "4")
    f = DispatchFilters.of(QueryDict("xun=2024-13-1&as_of=0001-01-01"))
    assert (f["xun"], f["as_of"], f["mine"], f["region"]) == (None, None, True, None)


def test_the_ledger_form_ignores_what_it_cannot_read():
    """The plan ledger and its export (reporting.ledger.filters): week or month, ids and the search (cut to
    100 characters) are read and shown back as text; another kind or an id that is not one filters nothing."""
    from minsheng.reporting.ledger.filters import Filters

    f = Filters.of(QueryDict(f"kind=week&category=3&unit= 7 &q= {'路' * 120} "))
    assert (f.kind, f.category, f.unit, f.q) == ("week", "3", "7", "路" * 100)
    assert f.query.startswith("kind=week&category=3&unit=7&q=")
    f = Filters.of(QueryDict(f"kind=year&category=²&unit={'9' * 25}"))
    assert (f.kind, f.category, f.unit, f.q, f.query) == ("", "", "", "", "")


def test_the_compliance_form_names_an_unreadable_day_or_kind_in_chinese():
    """The compliance pages (reporting.compliance.filters): a day and month or week are read, blank is the
    default; a day out of range or another kind is named in Chinese, as the page shows it (400)."""
    import datetime

    from minsheng.reporting.compliance.filters import ComplianceFilters

    values, errors = ComplianceFilters.read(QueryDict("as_of=2024-07-15&kind=week&year=2024"))
    assert (values, errors) == ({"as_of": datetime.date(2024, 7, 15), "kind": "week", "year": "2024"}, [])
    values, errors = ComplianceFilters.read(QueryDict("as_of=&kind="))
    assert (values, errors) == ({"as_of": None, "kind": "month", "year": None}, [])
    values, errors = ComplianceFilters.read(QueryDict("as_of=2024-13-45&kind=year"))
    assert errors[0].startswith("日期“2024-13-45”格式不对")
    assert errors[1:] == ["类型只能是月报（month）或周台账（week）。"]


def test_the_proposal_queue_form_ignores_what_it_cannot_read():
    """The moderation queue (participation.proposals.filters): a known state and category, a region id, a
    year of at most nine digits and the search are read; anything else filters nothing."""
    from minsheng.participation.proposals.filters import QueueFilters
    from minsheng.participation.proposals.rules import CATEGORIES

    f = QueueFilters.of(QueryDict(f"state=accepted&region=5&year=2025&category={CATEGORIES[0]}&q=路灯"))
    assert (f["state"], f["region"], f["year"], f["category"], f["q"]) == (
        "accepted",
        5,
        2025,
        CATEGORIES[0],
        "路灯",
    )
    f = QueueFilters.of(QueryDict(f"state=gone&region=abc&year={'9' * 25}&category=别的"))
    assert (f["state"], f["region"], f["year"], f["category"], f["q"]) == ("", None, None, "", "")
    assert QueueFilters.of(QueryDict("year=²"))["year"] is None


def test_the_cascade_form_names_an_unreadable_day():
    """The cascade page (supervision.cascade.filters): a day is read; one out of range is named in Chinese
    (the page adds that it shows the default day instead)."""
    import datetime

    from minsheng.supervision.cascade.filters import CascadeFilters

    assert CascadeFilters.read(QueryDict("as_of=2024-06-30")) == ({"as_of": datetime.date(2024, 6, 30)}, [])
    assert CascadeFilters.read(QueryDict("as_of=")) == ({"as_of": None}, [])
    values, errors = CascadeFilters.read(QueryDict("as_of=0001-01-01"))
    assert values == {"as_of": None} and errors[0].startswith("日期“0001-01-01”超出")
