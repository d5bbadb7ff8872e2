"""Propose links between a new plan's projects and projects already known.

- parent: a county or zone project that implements a project of the upper region's plan of the same
  year ("在全县建设10处老年人食堂" under "建设200处老年人食堂"), with the allocation of the upper target
  when both state a target in the same unit;
- lineage: the same commitment in an earlier year (困难老年人家庭适老化改造 in 2022 and 2023 for a 2024
  plan); a later year's project is never proposed, it cannot come before the plan being imported.

Similarity is the Dice coefficient of character bigrams with numbers, punctuation and the words every
project shares removed, so "建设200处老年人食堂" and "在全县建设10处老年人食堂" are close.
"""

import re
from dataclasses import dataclass

PARENT_THRESHOLD = 0.45
LINEAGE_THRESHOLD = 0.55
_NOISE = re.compile(
    r"[\d\s.,，。、；;：:（）()“”\"'%％《》【】\-—~～]+|20\d\d年|全[市县区]|[市县区]级|计划|实施|开展|推进|完成|新建|建设|提升|实现|年内|以上|不少于"
)


def _bigrams(text: str) -> set[str]:
    text = _NOISE.sub("", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def similarity(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


@dataclass(frozen=True)
class Candidate:
    """A project already in the database, as the proposals need it."""

    id: int
    label: str  # "济宁市 2024年 · 3. 建设200处老年人食堂"
    text: str  # name and content
    year: int
    target_units: tuple[tuple[int, str], ...] = ()  # (indicator id, unit)


def _text(project: dict) -> str:
    return f"{project['name']}\n{project.get('content', '')[:100]}"


def project_similarity(a: str, b: str) -> float:
    """Texts are "name\ncontent": the best of name to name, content to content, and the whole."""
    (name_a, _, body_a), (name_b, _, body_b) = a.partition("\n"), b.partition("\n")
    return max(similarity(name_a, name_b), similarity(body_a, body_b), similarity(a, b))


def propose_parent(project: dict, candidates: list[Candidate]) -> dict | None:
    best = max(candidates, key=lambda c: project_similarity(_text(project), c.text), default=None)
    if best is None:
        return None
    score = project_similarity(_text(project), best.text)
    if score < PARENT_THRESHOLD:
        return None
    proposal = {"project_id": best.id, "label": best.label, "score": round(score, 2), "state": "proposed"}
    units = {t["unit"]: t["value"] for t in project.get("targets", [])}
    for indicator_id, unit in best.target_units:
        if unit in units:
            proposal["allocation"] = {"indicator_id": indicator_id, "value": units[unit], "unit": unit}
            break
    return proposal


def propose_lineage(project: dict, candidates: list[Candidate], before: int | None = None) -> list[dict]:
    """At most one project per earlier year (before `before`, when given): the most similar one above
    the threshold."""
    best_by_year: dict[int, tuple[float, Candidate]] = {}
    for c in candidates:
        if before is not None and c.year >= before:
            continue
        score = project_similarity(_text(project), c.text)
        if score >= LINEAGE_THRESHOLD and score > best_by_year.get(c.year, (0, None))[0]:
            best_by_year[c.year] = (score, c)
    return [
        {"project_id": c.id, "label": c.label, "score": round(s, 2), "state": "proposed"}
        for year, (s, c) in sorted(best_by_year.items())
    ]
