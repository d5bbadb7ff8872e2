"""Score an extracted draft against a gold annotation.

Projects are paired one to one by the similarity of their content (or name); then
- project F1 counts paired projects,
- lead-unit accuracy is the share of gold projects whose predicted lead units are exactly the gold ones,
- unit F1 counts (project, unit, role) triples,
- target F1 counts (project, value, unit) with each gold target matched at most once.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from rapidfuzz import fuzz

from minsheng.notices.extraction.script import without_romanisation

PAIR_THRESHOLD = 60


def _norm(text: str | None) -> str:
    """A name as compared: without spacing, the pinyin a mirror site printed after its characters, and
    the difference between full-width and half-width punctuation."""
    text = re.sub(r"\s+", "", without_romanisation(text or "")).translate(
        str.maketrans("()，,：:；;", "（）、、、、、、")
    )
    return text


_ADMIN_SUFFIX = re.compile(r"(?:省|自治区|自治區|市|县|縣|区|區)$")


def same_region(found: str | None, gold: str | None) -> bool:
    """Whether the draft names the gold's place: the same name with or without its level (珠海 / 珠海市),
    or the gold's chain ending in it (阳江市阳东区 / 阳东区) — both point at one division of the region table."""
    a, b = _norm(found), _norm(gold)
    if not a or not b:
        return a == b
    bare_a, bare_b = _ADMIN_SUFFIX.sub("", a), _ADMIN_SUFFIX.sub("", b)
    return a == b or bare_a == bare_b or (b.endswith(a) and len(bare_a) >= 2)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    projects: Counts = field(default_factory=Counts)
    units: Counts = field(default_factory=Counts)
    targets: Counts = field(default_factory=Counts)
    leads_right: int = 0
    leads_total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        self.projects.add(other.projects)
        self.units.add(other.units)
        self.targets.add(other.targets)
        self.leads_right += other.leads_right
        self.leads_total += other.leads_total
        self.misses += other.misses

    @property
    def lead_accuracy(self) -> float:
        return self.leads_right / self.leads_total if self.leads_total else 1.0


def _similarity(a: dict, b: dict) -> float:
    return max(
        fuzz.ratio(_norm(a["content"]), _norm(b["content"])), fuzz.ratio(_norm(a["name"]), _norm(b["name"]))
    )


def pair_projects(predicted: list[dict], gold: list[dict]) -> list[tuple[dict, dict]]:
    scored = sorted(
        ((_similarity(p, g), i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold)), reverse=True
    )
    used_p, used_g, pairs = set(), set(), []
    for sim, i, j in scored:
        if sim < PAIR_THRESHOLD:
            break
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((predicted[i], gold[j]))
    return pairs


def _counts(predicted: Counter, gold: Counter) -> Counts:
    tp = sum((predicted & gold).values())
    return Counts(tp, sum(predicted.values()) - tp, sum(gold.values()) - tp)


def _value(v) -> Decimal:
    return Decimal(str(v)).normalize()


def score(predicted: dict, gold: dict, leads_where_given: bool = False) -> Score:
    """With `leads_where_given`, lead-unit accuracy counts only gold projects that name their lead units."""
    result = Score()
    pairs = pair_projects(predicted["projects"], gold["projects"])
    result.projects = Counts(
        len(pairs), len(predicted["projects"]) - len(pairs), len(gold["projects"]) - len(pairs)
    )
    paired_gold = {id(g) for _, g in pairs}
    result.misses += [
        f"未识别项目 {g['seq']} {g['name'][:20]}" for g in gold["projects"] if id(g) not in paired_gold
    ]
    result.leads_total = sum(bool(g["lead_units"]) or not leads_where_given for g in gold["projects"])
    for p, g in pairs:
        leads = ({_norm(u) for u in p["lead_units"]}, {_norm(u) for u in g["lead_units"]})
        also = {_norm(u) for u in g.get("lead_units_as_written", [])}  # "牵头单位：甲、乙" read whole
        counted = bool(leads[1]) or not leads_where_given
        if counted and (leads[0] == leads[1] or also and leads[0] == also):
            result.leads_right += 1
        elif counted:
            result.misses.append(f"牵头单位 {g['seq']}: {sorted(leads[0])} ≠ {sorted(leads[1])}")
        units = [
            Counter((role, _norm(u)) for role in ("lead_units", "co_units") for u in d[role]) for d in (p, g)
        ]
        result.units.add(_counts(*units))
        targets = [Counter((_value(t["value"]), t["unit"]) for t in d["targets"]) for d in (p, g)]
        counts = _counts(*targets)
        if counts.fp or counts.fn:
            missing = targets[1] - targets[0]
            extra = targets[0] - targets[1]
            result.misses.append(f"目标 {g['seq']}: 缺 {dict(missing)} 多 {dict(extra)}")
        result.targets.add(counts)
    return result
