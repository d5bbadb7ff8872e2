"""The demo `make run` serves: the session's demo (plans and accounts) plus its synthetic reports,
problems and proposals, loaded once per module inside a transaction that is rolled back afterwards, so
every other test module still starts from the demo without reports."""

import pytest
from django.db import connection, transaction

DEMO_TODAY = "2024-07-15"  # make run's demo clock (MINSHENG_TODAY)


@pytest.fixture(scope="module")
def full_demo(django_db_setup, django_db_blocker):
    """The demo with its reports, proposals, the notice under review and the 督办单, for the tests of one module;
    rolled back at its end."""
    from minsheng.site.demo import load_demo_year

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo_year()
            if connection.vendor == "postgresql":
                # The rows are not committed, so autovacuum never counts them: without statistics
                # PostgreSQL plans the status queries as if the tables were empty (nested loops over
                # the whole demo, seconds a page). ANALYZE in the transaction sees them.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def pytest_terminal_summary(terminalreporter):
    """Pages crawled per role (recorded by the role crawl with record_property, so it works under xdist)."""
    counts = {}
    for key in ("passed", "failed"):
        for report in terminalreporter.stats.get(key, []):
            if getattr(report, "when", "") != "call":
                continue
            for name, value in getattr(report, "user_properties", []):
                if name == "pages_crawled":
                    counts[report.nodeid.rsplit("[", 1)[-1].rstrip("]")] = value
    if counts:
        terminalreporter.write_sep("-", "role crawl: pages crawled per role")
        for role, value in sorted(counts.items()):
            terminalreporter.write_line(f"{role:<18} {value}")
        terminalreporter.write_line(f"{'total':<18} {sum(counts.values())}")
