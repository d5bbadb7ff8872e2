"""`minsheng bench extract`: accuracy and time of the extractor on the seed notices, against the gold
annotations (the demo fixtures, written by hand from the notices)."""

import json
import time
from pathlib import Path

from minsheng.notices.extraction.draft import extract
from minsheng.notices.extraction.score import Score, score
from minsheng.notices.reading import read_document
from minsheng.plans.demo import demo_plan_files

DEFAULT_SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"


def run_extract_bench(write, seeds: str | None = None, verbose: bool = False) -> Score:
    folder = Path(seeds) if seeds else DEFAULT_SEEDS
    if not folder.is_dir():
        raise FileNotFoundError(f"种子通知目录不存在：{folder}")
    total = Score()
    write(
        f"{'document':<34}{'projects':>9}{'proj F1':>9}{'lead acc':>9}{'unit F1':>9}{'target F1':>10}{'ms':>8}"
    )
    for gold_path in demo_plan_files():
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        data = (folder / gold["source"]).read_bytes()
        extract(read_document(data, gold["source"])[0])  # warm up
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            draft = extract(read_document(data, gold["source"])[0])
            runs.append((time.perf_counter() - started) * 1000)
        result = score(draft, gold)
        total.add(result)
        write(
            f"{gold['source']:<34}{len(draft['projects']):>4}/{len(gold['projects']):<4}{result.projects.f1:>9.3f}"
            f"{result.lead_accuracy:>9.3f}{result.units.f1:>9.3f}{result.targets.f1:>10.3f}{sorted(runs)[2]:>8.1f}"
        )
        if verbose:
            for miss in result.misses:
                write(f"    {miss}")
    write(
        f"{'overall':<34}{'':>9}{total.projects.f1:>9.3f}{total.lead_accuracy:>9.3f}"
        f"{total.units.f1:>9.3f}{total.targets.f1:>10.3f}"
    )
    write(f"target precision {total.targets.precision:.3f}, recall {total.targets.recall:.3f}")
    return total
