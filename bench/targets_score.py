"""Score the target extractor against the hand-made gold drafts of the seed notices.

For every project of every gold file (minsheng/plans/demo_data/*.json) runs
targets_for_project(name, content, plan year) and compares with the gold targets: a predicted target
matches an unmatched gold target of the same project with the same (value, unit). Prints precision,
recall and F1 per file and overall, and the extraction time per file.
Usage: .venv/bin/python bench/targets_score.py [-v]   (-v lists the misses)
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from minsheng.notices.extraction.score import Counts  # noqa: E402
from minsheng.notices.extraction.targets import targets_for_project  # noqa: E402

GOLD_DIR = ROOT / "minsheng" / "plans" / "demo_data"


@dataclass
class Score:
    """Target counts of the shared scorer, plus the time taken and the misses."""

    counts: Counts = field(default_factory=Counts)
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.counts.add(other.counts)
        self.seconds += other.seconds
        self.misses += other.misses

    predicted = property(lambda self: self.counts.tp + self.counts.fp)
    gold = property(lambda self: self.counts.tp + self.counts.fn)
    matched = property(lambda self: self.counts.tp)
    precision = property(lambda self: self.counts.precision)
    recall = property(lambda self: self.counts.recall)
    f1 = property(lambda self: self.counts.f1)


def _key(target: dict) -> tuple[Decimal, str]:
    return Decimal(str(target["value"])), target["unit"]


def score_project(project: dict, predicted: list[dict]) -> tuple[int, list[str]]:
    """Matched count and a description of each false positive (+) and miss (-)."""
    unmatched = [_key(t) for t in project["targets"]]
    gold_texts = {_key(t): t["text"] for t in project["targets"]}
    matched, misses = 0, []
    for target in predicted:
        key = _key(target)
        if key in unmatched:
            unmatched.remove(key)
            matched += 1
        else:
            misses.append(f"  + {project['seq']}: {key[0]} {key[1]}  «{target['text']}»")
    misses += [f"  - {project['seq']}: {k[0]} {k[1]}  «{gold_texts[k]}»" for k in unmatched]
    return matched, misses


def score_file(path: Path) -> Score:
    data = json.loads(path.read_text(encoding="utf-8"))
    year = data["plan"].get("year")
    score = Score()
    for project in data["projects"]:
        start = time.perf_counter()
        predicted = targets_for_project(project["name"], project.get("content") or "", year)
        score.seconds += time.perf_counter() - start
        matched, misses = score_project(project, predicted)
        score.counts.add(Counts(matched, len(predicted) - matched, len(project["targets"]) - matched))
        score.misses += [f"{path.name}{m}" for m in misses]
    return score


def score_all(gold_dir: Path = GOLD_DIR) -> tuple[dict[str, Score], Score]:
    per_file = {path.name: score_file(path) for path in sorted(gold_dir.glob("*.json"))}
    overall = Score()
    for score in per_file.values():
        overall.add(score)
    return per_file, overall


def main() -> None:
    verbose = "-v" in sys.argv[1:]
    per_file, overall = score_all()
    print(f"{'file':<20} {'gold':>5} {'pred':>5} {'match':>5}  {'P':>5} {'R':>5} {'F1':>5}  {'time':>8}")
    for name, s in [*per_file.items(), ("overall", overall)]:
        print(
            f"{name:<20} {s.gold:>5} {s.predicted:>5} {s.matched:>5}  "
            f"{s.precision:5.3f} {s.recall:5.3f} {s.f1:5.3f}  {s.seconds * 1000:6.2f} ms"
        )
    if verbose:
        print("\nfalse positives (+) and misses (-):")
        print("\n".join(overall.misses))


if __name__ == "__main__":
    main()
