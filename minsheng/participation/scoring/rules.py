"""Scoring rules (pure, no database): the weighted total of one scorer's marks, the ranking of the
shortlisted proposals by their mean total, and the size of the candidate list (差额: more candidates
than seats)."""

import datetime
import math
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from minsheng.core.errors import DomainError

CENT = Decimal("0.01")


class ScoringError(DomainError, ValueError):
    default_message = "评分未能保存。"


def small_int(text, hi: int = 32767) -> int | None:
    """The number written in `text` (ASCII digits only, at most as many as `hi` has, not above `hi`),
    else None: "²", "١٠", "1_0", "-1" and 25-digit numbers are not numbers here."""
    text = str(text if text is not None else "").strip()
    if not re.fullmatch(rf"[0-9]{{1,{len(str(hi))}}}", text):
        return None
    value = int(text)
    return value if value <= hi else None


def criteria() -> dict[str, int]:
    """The criteria and their weights (settings.MINSHENG_PROPOSAL_CRITERIA; they add up to 100)."""
    return dict(settings.MINSHENG_PROPOSAL_CRITERIA)


def parse_marks(raw: dict, weights: dict[str, int]) -> dict[str, int]:
    """Integer marks 0–100 for every criterion from the submitted text; ScoringError in Chinese."""
    marks, errors = {}, []
    for name in weights:
        text = str(raw.get(name) if raw.get(name) is not None else "").strip()
        if text == "":
            errors.append(f"请填写“{name}”的得分（0–100 的整数）。")
            continue
        value = small_int(text, hi=999)
        if value is None:
            shown = text if len(text) <= 12 else text[:12] + "…"
            if re.fullmatch(r"-?[0-9]+", text):
                errors.append(f"“{name}”的得分 {shown} 超出范围，应为 0–100。")
            else:
                errors.append(f"“{name}”的得分“{shown}”不是整数，应为 0–100 的整数。")
            continue
        if not 0 <= value <= 100:
            errors.append(f"“{name}”的得分 {value} 超出范围，应为 0–100。")
            continue
        marks[name] = value
    if errors:
        raise ScoringError(*errors)
    return marks


def weighted_total(marks: dict[str, int], weights: dict[str, int]) -> Decimal:
    """Σ mark × weight / 100, two decimal places."""
    total = sum((Decimal(marks[name]) * weight for name, weight in weights.items()), Decimal(0))
    return (total / 100).quantize(CENT, ROUND_HALF_UP)


def _mean(values) -> Decimal | None:
    values = list(values)
    if not values:
        return None
    return (sum((Decimal(v) for v in values), Decimal(0)) / len(values)).quantize(CENT, ROUND_HALF_UP)


@dataclass
class Scored:
    """One proposal with its scorers' marks and totals; `mean` and `means` filled by `rank`."""

    key: int
    created_at: datetime.datetime
    sheets: list[tuple[dict[str, int], Decimal]] = field(default_factory=list)  # (marks, total) per scorer
    mean: Decimal | None = None
    means: dict[str, Decimal | None] = field(default_factory=dict)
    rank: int = 0

    @property
    def scorers(self) -> int:
        return len(self.sheets)


def rank(items: list[Scored], weights: dict[str, int]) -> list[Scored]:
    """Order by mean total (highest first), ties by number of scorers (more first), then by the earlier
    proposal; proposals nobody scored come last. Sets mean, per-criterion means and the rank (1…)."""
    for item in items:
        item.mean = _mean(total for _, total in item.sheets)
        item.means = {name: _mean(m[name] for m, _ in item.sheets if name in m) for name in weights}
    ordered = sorted(
        items,
        key=lambda i: (i.mean is None, -(i.mean or 0), -i.scorers, i.created_at, i.key),
    )
    for position, item in enumerate(ordered, start=1):
        item.rank = position
    return ordered


def default_candidates(seats: int) -> int:
    """Seats plus a fifth more, at least one more: 12 candidates for 10 seats, 6 for 5, 2 for 1."""
    return seats + max(1, math.ceil(seats * 0.2))


def check_list_size(seats: int, count: int, available: int) -> None:
    """The candidate list must be larger than the seats (差额) and fit the proposals available."""
    errors = []
    if seats < 1:
        errors.append("应选项目数至少为 1。")
    if count <= seats:
        errors.append(f"候选项目数（{count}）必须多于应选项目数（{seats}），实行差额票决。")
    if count > available:
        errors.append(f"入围评分的建议只有 {available} 项，不足 {count} 项候选。")
    if errors:
        raise ScoringError(*errors)
