"""The cascade of an allocated indicator as a plain function: an upper-level target (市 "新建200处老年人
食堂") split into lower regions' shares (微山县 10处 …), each share followed by the lower plan's own
indicator and its approved cumulative values. No ORM, no clock: the day is an argument.

- A county's work done is its latest approved cumulative value up to the day, less the baseline of
  its indicator; its completion rate is that work over its share; its expected progress is its own
  indicator's 序时进度 (trajectory or straight line) on that day.
- A county whose share has no lower indicator yet is listed as not linked (no actual, no rate); a
  linked county with no approved report has done nothing so far (rate 0).
- The sums: the shares against the upper target (unallocated or over-allocated), and the work done
  against the upper target.
- The county that lags most: the largest gap between expected progress and its completion rate
  (the lowest rate breaks a tie), among the counties with a rate."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from minsheng.supervision.status.rules import IndicatorFacts, actual_value, expected_progress


@dataclass(frozen=True)
class ShareFacts:
    region: str
    value: Decimal  # the share allocated to the region
    child: IndicatorFacts | None = None  # the lower plan's indicator, with its approved values
    key: object = None  # handed back untouched (the caller's allocation)


class Percents:
    """A rate and an expected progress (fractions) shown as percentages with one decimal."""

    rate: float | None
    expected: float | None

    @property
    def rate_percent(self) -> float | None:
        return None if self.rate is None else round(self.rate * 100, 1)

    @property
    def expected_percent(self) -> float | None:
        return None if self.expected is None else round(self.expected * 100, 1)


@dataclass(frozen=True)
class ShareRow(Percents):
    region: str
    value: Decimal
    linked: bool
    reported: bool
    actual: Decimal | None  # latest approved cumulative value
    done: Decimal | None  # actual less the baseline, at least 0
    rate: float | None  # done / share
    expected: float | None  # expected progress of the lower indicator, 0–1
    key: object = None

    @property
    def gap(self) -> float | None:
        """Points behind pace (negative when ahead)."""
        if self.rate is None or self.expected is None:
            return None
        return round((self.expected - min(self.rate, 1.0)) * 100, 1)

    @property
    def ahead(self) -> float | None:
        """Points ahead of pace (None unless ahead)."""
        return -self.gap if self.gap is not None and self.gap < 0 else None


@dataclass(frozen=True)
class Cascade(Percents):
    target: Decimal
    rows: tuple[ShareRow, ...]
    share_sum: Decimal
    done_sum: Decimal
    rate: float | None  # done_sum / target
    laggard: ShareRow | None
    expected: float | None = None  # the upper indicator's expected progress
    reported: Decimal | None = None  # the upper indicator's own latest approved value

    @property
    def unallocated(self) -> Decimal:
        """Target less the shares: positive when part of the target is assigned to nobody, negative
        when the shares exceed it."""
        return self.target - self.share_sum

    @property
    def shortfall(self) -> Decimal:
        return max(Decimal(0), self.target - self.share_sum)

    @property
    def excess(self) -> Decimal:
        return max(Decimal(0), self.share_sum - self.target)

    @property
    def shares_match(self) -> bool:
        return self.unallocated == 0

    @property
    def linked(self) -> int:
        """How many shares are followed by a lower indicator (the work done sums only those)."""
        return sum(r.linked for r in self.rows)

    @property
    def unlinked(self) -> list[str]:
        return [r.region for r in self.rows if not r.linked]

    @property
    def behind(self) -> bool:
        return self.laggard is not None and (self.laggard.gap or 0) > 0


def share_row(share: ShareFacts, day: datetime.date) -> ShareRow:
    child = share.child
    if child is None:
        return ShareRow(share.region, share.value, False, False, None, None, None, None, share.key)
    actual = actual_value(child, day)
    done = Decimal(0) if actual is None else max(Decimal(0), actual - child.baseline)
    rate = float(done / share.value) if share.value > 0 else None
    return ShareRow(
        share.region,
        share.value,
        True,
        actual is not None,
        actual,
        done,
        rate,
        expected_progress(child, day),
        share.key,
    )


def _lag(row: ShareRow) -> tuple[float, float]:
    """The laggard's order among the measured rows: the largest gap, then the lowest rate."""
    gap, rate = row.gap, row.rate
    assert gap is not None and rate is not None  # a row has a gap only when it has a rate
    return gap, -rate


def roll_up(
    target: Decimal, shares: list[ShareFacts], day: datetime.date, upper: IndicatorFacts | None = None
) -> Cascade:
    rows = tuple(share_row(s, day) for s in shares)
    share_sum = sum((r.value for r in rows), Decimal(0))
    done_sum = sum((r.done for r in rows if r.done is not None), Decimal(0))
    measured = [r for r in rows if r.gap is not None]
    laggard = max(measured, key=_lag, default=None)
    return Cascade(
        target=target,
        rows=rows,
        share_sum=share_sum,
        done_sum=done_sum,
        rate=float(done_sum / target) if target > 0 else None,
        laggard=laggard,
        expected=expected_progress(upper, day) if upper else None,
        reported=actual_value(upper, day) if upper else None,
    )
