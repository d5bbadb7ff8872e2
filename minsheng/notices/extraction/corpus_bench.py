"""`minsheng bench extract`'s second table: the importer on real published lists it was not built on
(tests/notices/corpus: texts of many provinces, each with a gold list written by hand), per document
and per format, with the plan year's accuracy. Lead units count only where the gold names them."""

import json
import time
from pathlib import Path

from minsheng.notices.extraction.draft import extract
from minsheng.notices.extraction.score import Score, same_region, score
from minsheng.notices.reading import read_document

DEFAULT_CORPUS = Path(__file__).resolve().parents[3] / "tests" / "notices" / "corpus"
# collected after the importer was tuned on the corpus above, and never used for tuning: the honest figure
HELD_OUT = DEFAULT_CORPUS.with_name("corpus_heldout")
# a second gold, made blind by another annotator for some corpus texts: how far two readers agree
AGREEMENT = DEFAULT_CORPUS.with_name("corpus_agreement")


def _gold(data: dict) -> dict:
    """The gold as the scorer reads it. The corpora list a row's units as written, "the first is the
    lead" (their README): the first is the lead unit, the others help, as the importer reads a 责任单位
    cell or clause that marks no lead; where the text itself names several 牵头 units, all of them
    leading is right too."""
    projects = [
        {
            "seq": str(i),
            "name": p["name"],
            "content": p["name"],
            **p,
            "lead_units": p["lead_units"][:1],
            "co_units": p["lead_units"][1:],
            "lead_units_as_written": p["lead_units"],  # a text that names two 牵头 units leads with both
        }
        for i, p in enumerate(data["projects"], 1)
    ]
    return {**data, "projects": projects}


def corpus_cases(folder: Path = DEFAULT_CORPUS) -> list[tuple[str, dict, Path]]:
    """(label, gold, file) for every document of the corpus and every format it comes in."""
    cases = []
    for gold_path in sorted(folder.glob("*.json")):
        gold = _gold(json.loads(gold_path.read_text(encoding="utf-8")))
        for fmt in gold.get("formats", ["txt"]):
            path = gold_path.with_suffix(f".{fmt}")
            if path.exists():
                cases.append((f"{gold_path.stem}.{fmt}", gold, path))
    return cases


def run_corpus_bench(
    write, folder: Path = DEFAULT_CORPUS, verbose: bool = False, title: str = "real lists (corpus)"
) -> tuple[Score, float]:
    if not folder.is_dir():
        write(f"（语料目录不存在：{folder}，跳过真实清单测评）")
        return Score(), 1.0
    total, years_right, cases = Score(), 0, corpus_cases(folder)
    regions_right = regions_given = 0
    write(f"\n{title:<44}{'projects':>9}{'proj F1':>9}{'target F1':>10}{'year':>6}{'ms':>8}")
    for label, gold, path in cases:
        data = path.read_bytes()
        started = time.perf_counter()
        draft = extract(read_document(data, path.name)[0])
        ms = (time.perf_counter() - started) * 1000
        result = score(draft, gold, leads_where_given=True)
        total.add(result)
        year_ok = draft["plan"]["year"] == gold["plan"]["year"]
        years_right += year_ok
        if gold["plan"].get("region"):
            regions_given += 1
            regions_right += same_region(draft["plan"]["region"], gold["plan"]["region"])
        write(
            f"{label:<44}{len(draft['projects']):>4}/{len(gold['projects']):<4}{result.projects.f1:>9.3f}"
            f"{result.targets.f1:>10.3f}{'ok' if year_ok else draft['plan']['year'] or '—':>6}{ms:>8.1f}"
        )
        if verbose:
            for miss in result.misses:
                write(f"    {miss}")
    year_accuracy = years_right / len(cases) if cases else 1.0
    write(
        f"{'overall':<44}{'':>9}{total.projects.f1:>9.3f}{total.targets.f1:>10.3f}{year_accuracy:>6.2f}"
        f"   lead accuracy (where given) {total.lead_accuracy:.3f}"
    )
    if regions_given:
        write(f"region right on {regions_right}/{regions_given} documents that name it")
    return total, year_accuracy


def run_agreement_bench(write, folder: Path = AGREEMENT, corpus: Path = DEFAULT_CORPUS) -> Score:
    """The second annotator's gold scored against the corpus gold, as the importer is: the ceiling the
    figures above can be read against (two careful readers cut names and pick targets differently)."""
    if not folder.is_dir():
        return Score()
    total, years = Score(), 0
    paths = sorted(folder.glob("*.json"))
    write(
        f"\n{'annotator agreement (second gold vs corpus gold)':<52}{'proj F1':>9}{'target F1':>10}{'year':>6}"
    )
    for path in paths:
        second = _gold(json.loads(path.read_text(encoding="utf-8")))
        first = _gold(json.loads((corpus / path.name).read_text(encoding="utf-8")))
        result = score(second, first, leads_where_given=True)
        total.add(result)
        year_ok = second["plan"]["year"] == first["plan"]["year"]
        years += year_ok
        write(
            f"{path.stem:<52}{result.projects.f1:>9.3f}{result.targets.f1:>10.3f}{'ok' if year_ok else '≠':>6}"
        )
    write(
        f"{'overall':<52}{total.projects.f1:>9.3f}{total.targets.f1:>10.3f}{years / len(paths):>6.2f}"
        f"   lead accuracy (where given) {total.lead_accuracy:.3f}"
    )
    return total
