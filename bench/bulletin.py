"""Benchmark: time to generate the June 2024 bulletin of the city plan (30 projects) on the demo data —
the facts and sections (status engine, reasons, problems, reporting ranking), the Word document
(with the chart; the first run also pays matplotlib's import and font lookup) and the PDF through
LibreOffice when it is installed.

Runs on a fresh SQLite database in a temporary directory (or on DATABASE_URL if set).
Usage: .venv/bin/python bench/bulletin.py [N]
"""

import os
import shutil
import statistics
import sys
import tempfile
import time

os.environ.setdefault("MINSHENG_DATA_DIR", tempfile.mkdtemp(prefix="minsheng-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minsheng.settings")
os.environ.setdefault("MINSHENG_TODAY", "2024-07-15")  # the demo clock: the 2024 plans mid-year

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def timed(fn, runs: int) -> tuple[float, float, object]:
    """(first run s, median of the next runs s, last result)."""
    times, result = [], None
    for _ in range(runs + 1):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times[0], statistics.median(times[1:]) if runs else times[0], result


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("demo", quiet=True, stdout=quiet)
    from minsheng.plans.models import Plan
    from minsheng.supervision.bulletins import queries as bulletin_data
    from minsheng.supervision.bulletins import rules
    from minsheng.supervision.models import Bulletin

    city = Plan.objects.select_related("region").get(region__name="济宁市", year=2024)
    with CaptureQueriesContext(connection) as queries:
        bulletin_data.compose_for(city, "2024-06")
    first, median, sections = timed(lambda: bulletin_data.compose_for(city, "2024-06"), runs)
    print(f"city plan, June 2024 bulletin ({len(sections['figures']['table'])} projects)")
    print(f"{'step':<34}{'first s':>9}{'median s':>10}")
    print(f"{'facts + sections (' + str(len(queries)) + ' queries)':<34}{first:>9.2f}{median:>10.2f}")
    item = Bulletin(
        plan=city,
        month="2024-06",
        sections=sections,
        title=rules.default_title("济宁市", "2024-06"),
        number=rules.default_number("2024-06"),
    )
    first, median, data = timed(lambda: bulletin_data.render_docx(item), runs)
    print(f"{'Word (.docx, with chart)':<34}{first:>9.2f}{median:>10.2f}   {len(data) // 1024} KB")
    if shutil.which("soffice") or shutil.which("libreoffice"):
        from minsheng.notices.writers.pdf import docx_to_pdf

        first, median, pdf = timed(lambda: docx_to_pdf(data), min(runs, 3))
        print(
            f"{'PDF (LibreOffice, from the .docx)':<34}{first:>9.2f}{median:>10.2f}   {len(pdf) // 1024} KB"
        )
    else:
        print("PDF: skipped, LibreOffice (soffice) is not installed")


if __name__ == "__main__":
    main()
