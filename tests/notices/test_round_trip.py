"""A plan exported as the official attachment table (.docx, .xlsx) imports back to the same plan."""

import re

import pytest

from minsheng.notices.extraction.draft import extract
from minsheng.notices.extraction.score import score
from minsheng.notices.reading import read_document
from minsheng.notices.writers.excel import draft_to_xlsx
from minsheng.notices.writers.plan_export import plan_to_draft
from minsheng.notices.writers.word import DEFAULT_LAYOUT, draft_to_docx
from minsheng.plans.models import Plan
from tests.conftest import plan


def _same_plan(draft: dict, exported: dict) -> None:
    result = score(draft, exported)
    assert result.projects.f1 == 1.0, result.misses
    assert result.lead_accuracy == 1.0, result.misses
    assert result.units.f1 == 1.0, result.misses
    assert [p["seq"] for p in draft["projects"]] == [p["seq"] for p in exported["projects"]]
    # Names come back as printed, less the spaces a layout leaves beside Chinese characters and the full
    # stop a cell's sentence ends with (a project's name is not a sentence).
    assert [p["name"] for p in draft["projects"]] == [
        re.sub(r"\s+", "", p["name"]).rstrip("。") for p in exported["projects"]
    ]

    # The table numbers category rows (一、…) where the plan's categories carry no number.
    def bare(names):
        return [re.sub(r"^[一二三四五六七八九十]+、", "", n) for n in names]

    assert bare(draft["categories"]) == bare(exported["categories"])


@pytest.mark.parametrize(
    "region,year", [("济宁市", 2024), ("济宁市", 2023), ("微山县", 2024), ("济宁高新区", 2022)]
)
@pytest.mark.parametrize("writer", [draft_to_docx, draft_to_xlsx], ids=["docx", "xlsx"])
def test_export_then_import(db, region, year, writer):
    exported = plan_to_draft(plan(region, year))
    data = writer(exported, DEFAULT_LAYOUT)
    draft = extract(read_document(data, "汇总表")[0])
    _same_plan(draft, exported)
    # Targets are found again from the content: at least as well as on the original notices.
    assert score(draft, exported).targets.f1 >= 0.9


def test_export_download(client_for):
    p = plan("济宁市", 2024)
    response = client_for(None).get(f"/plans/{p.pk}/export.docx")
    assert response.status_code == 200
    assert (
        "济宁市2024年" in response["Content-Disposition"].encode().decode("latin-1")
        or "filename*=" in response["Content-Disposition"]
    )
    draft = extract(read_document(response.content, "x.docx")[0])
    assert len(draft["projects"]) == 30
    assert client_for(None).get(f"/plans/{p.pk}/export.exe").status_code == 404
    hidden = Plan.objects.get(region__name="微山县", year=2025)
    assert client_for(None).get(f"/plans/{hidden.pk}/export.docx").status_code == 404
