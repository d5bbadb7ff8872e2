"""The importer reads every seed in every format — the original text export, and .docx, .pdf and .xlsx
built from it — and agrees with the demo's plans (the hand-made gold annotations).

Skipped where ../shared/seeds is absent; the PDF cases need LibreOffice to build the PDFs."""

import shutil

import pytest

from minsheng.notices.extraction.draft import extract
from minsheng.notices.extraction.score import score
from minsheng.notices.reading import read_document
from tests.notices.seed_documents import SEEDS_DIR, build, gold, seed_names

pytestmark = pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason=f"seed notices not found at {SEEDS_DIR}")

SEEDS = seed_names() if SEEDS_DIR.is_dir() else []
# What the importer must reach on every seed in every format (DESIGN.md, issue "Import official notices").
PROJECT_F1, LEAD_ACCURACY, TARGET_F1 = 0.98, 0.95, 0.90


def _check(draft: dict, truth: dict) -> None:
    result = score(draft, truth)
    assert result.projects.f1 >= PROJECT_F1, result.misses
    assert result.lead_accuracy >= LEAD_ACCURACY, result.misses
    assert result.units.f1 >= 0.95, result.misses
    assert result.targets.f1 >= TARGET_F1, result.misses


@pytest.mark.parametrize("seed", SEEDS)
def test_the_seed_text_agrees_with_the_demo_plan(seed):
    data = (SEEDS_DIR / seed).read_bytes()
    draft = extract(read_document(data, seed)[0])
    truth = gold(seed)
    _check(draft, truth)
    for key in ("year", "doc_number", "approved_by"):
        assert draft["plan"][key] == truth["plan"][key], key


@pytest.mark.parametrize("kind", ["docx", "xlsx", "pdf"])
@pytest.mark.parametrize("seed", SEEDS)
def test_every_reader_reads_every_seed(seed, kind):
    if kind == "pdf" and not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is needed to build the PDF version of the seed")
    path = build(seed, kind)
    doc, detected = read_document(path.read_bytes(), path.name)
    assert detected == kind
    _check(extract(doc), gold(seed))
