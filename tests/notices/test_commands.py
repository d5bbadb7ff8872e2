"""minsheng extract (writes nothing), minsheng import (a draft for review), minsheng bench extract."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from minsheng.notices.models import NoticeImport
from minsheng.plans.models import Plan

SAMPLE = next((Path(__file__).resolve().parents[2] / "minsheng" / "notices" / "samples").glob("*.docx"))
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def test_extract_prints_the_contract_and_writes_nothing(db):
    plans, imports = Plan.objects.count(), NoticeImport.objects.count()
    out = StringIO()
    call_command("extract", str(SAMPLE), "--json", stdout=out)
    draft = json.loads(out.getvalue())
    assert set(draft) == {"plan", "categories", "projects", "warnings"}
    assert draft["plan"]["year"] == 2024 and draft["plan"]["issuer"] == "济宁市人民政府"
    first = draft["projects"][0]
    assert {
        "seq",
        "category",
        "name",
        "summary",
        "content",
        "lead_units",
        "co_units",
        "leaders",
        "deadline",
        "targets",
    } <= set(first)
    assert first["targets"][0] == {
        "text": first["targets"][0]["text"],
        "value": 2000,
        "unit": "户",
        "comparator": "=",
    }
    assert (Plan.objects.count(), NoticeImport.objects.count()) == (plans, imports)


def test_extract_refuses_a_missing_or_broken_file(tmp_path):
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("extract", str(tmp_path / "none.docx"))
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CommandError):
        call_command("extract", str(broken))


def test_import_creates_a_draft_for_review(db):
    out = StringIO()
    call_command("import", str(SAMPLE), "--region", "济宁市", stdout=out)
    notice = NoticeImport.objects.get()
    assert "待审核草稿" in out.getvalue() and len(notice.draft["projects"]) == 30
    with pytest.raises(CommandError, match="未找到区划"):
        call_command("import", str(SAMPLE), "--region", "火星市")


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed notices not found at {SEEDS}")
def test_bench_extract_prints_the_figures():
    out = StringIO()
    call_command("bench", "extract", stdout=out)
    lines = out.getvalue().splitlines()
    overall = next(line for line in lines if line.startswith("overall")).split()
    project_f1, lead, unit_f1, target_f1 = map(float, overall[1:5])
    assert project_f1 >= 0.98 and lead >= 0.95 and target_f1 >= 0.90 and unit_f1 >= 0.9
