"""The demo fixtures record facts of the seed notices: every name, unit and target text in them must
be found in the notice it came from. Reads ../shared/seeds; skipped where that folder is absent."""

import json
import re
from pathlib import Path

import pytest

from minsheng.plans.demo import demo_plan_files

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed notices not found at {SEEDS}")

FIXTURES = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in demo_plan_files()}


def _flat(text: str) -> str:
    text = re.sub(r"<[^>]+>|\[bookmark:[^\]]*\]", "", text)
    return re.sub(r"\s+", "", text).translate(str.maketrans("()", "（）"))


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    return {path.name: _flat(path.read_text(encoding="utf-8")) for path in SEEDS.glob("*.txt")}


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixture_facts_are_in_the_notice(name, seeds):
    draft = FIXTURES[name]
    source = seeds[draft["source"]]
    missing = []
    for project in draft["projects"]:
        texts = [project["name"], *project["lead_units"], *project["co_units"], *project["leaders"]]
        texts += [t["text"] for t in project["targets"]]
        missing += [(project["seq"], t) for t in texts if _flat(t) not in source]
    assert not missing
    if draft["plan"]["doc_number"]:
        assert draft["plan"]["doc_number"] in source


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_target_values_appear_in_their_text(name):
    """A target's value is the number its text states (万 expanded, Chinese numerals converted)."""
    for project in FIXTURES[name]["projects"]:
        for target in project["targets"]:
            assert target["value"] > 0 and target["comparator"] in "≥=≤", (project["seq"], target)
            assert re.search(r"[\d一二两三四五六七八九十百千万亿]", target["text"]), (project["seq"], target)
