"""Benchmark: peak memory of reading each file of the hostile corpus (tests/notices/hostile_corpus.py).

Every file goes through what an upload goes through (the safety checks, the reader, the extractor) in a
fresh Python process of its own, which reports its peak resident memory (resource.getrusage ru_maxrss:
the interpreter and the reading libraries included) and the outcome. Printed per file, then the largest;
the goal is under 300 MB for every file. The corpus is built once into /tmp/minsheng-bench-hostile, in a
process of its own too: on Linux a child inherits its parent's peak through fork and exec, so the parent
here stays small.

Usage: .venv/bin/python bench/hostile_memory.py [CASE ...]   (default: the whole corpus)
"""

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = Path("/tmp/minsheng-bench-hostile")
GOAL_MB = 300


def read_one(path: str) -> None:
    """In the child: read the file as an upload is read; print the outcome and the peak memory."""
    import docx  # noqa: F401 - the libraries an import loads, in the baseline
    import openpyxl  # noqa: F401
    import pdfplumber  # noqa: F401

    from minsheng.notices.extraction.draft import extract
    from minsheng.notices.readers.grid import ReadError
    from minsheng.notices.reading import read_document, read_file

    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    try:
        document, kind = read_document(read_file(Path(path)), Path(path).name)
        outcome = f"read as {kind}, {len(extract(document)['projects'])} projects"
    except ReadError as error:
        outcome = f"refused: {error}"
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"peak": peak, "baseline": baseline, "seconds": seconds, "outcome": outcome}))


def build_corpus(names: list[str]) -> None:
    """In a child: build the corpus; print the paths by case name."""
    from tests.notices.hostile_corpus import build

    print(json.dumps({name: str(path) for name, path in build(CORPUS, names or None).items()}))


def child(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, __file__, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def main(names: list[str]) -> None:
    built = child("--build", *names)
    if built.returncode != 0:
        sys.exit(built.stderr)
    paths = {name: Path(path) for name, path in json.loads(built.stdout.strip().splitlines()[-1]).items()}
    print(f"python {sys.version.split()[0]}; {len(paths)} hostile files in {CORPUS}; one process per file")
    print(f"{'file':<34} {'size':>11} {'peak MB':>8} {'base MB':>8} {'seconds':>8}  outcome")
    worst = (0.0, "")
    for name, path in paths.items():
        done = child("--one", str(path))
        if done.returncode != 0:
            print(f"{name:<34} FAILED (exit {done.returncode}): {done.stderr.strip().splitlines()[-1:]}")
            worst = max(worst, (float("inf"), name))
            continue
        result = json.loads(done.stdout.strip().splitlines()[-1])
        size = path.stat().st_size
        print(
            f"{name:<34} {size:>11,} {result['peak']:>8.1f} {result['baseline']:>8.1f} {result['seconds']:>8.2f}"
            f"  {result['outcome'][:70]}",
            flush=True,
        )
        worst = max(worst, (result["peak"], name))
    verdict = "under" if worst[0] < GOAL_MB else "OVER"
    print(f"max peak {worst[0]:.1f} MB ({worst[1]}), {verdict} the {GOAL_MB} MB goal")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        read_one(sys.argv[2])
    elif sys.argv[1:2] == ["--build"]:
        build_corpus(sys.argv[2:])
    else:
        main(sys.argv[1:])
