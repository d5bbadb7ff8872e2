"""Expected progress (序时进度) as a plain function: the planned cumulative value on a day, linear from
the plan's start to the due date. The status engine may replace the line by a decomposed trajectory."""

import datetime
from decimal import Decimal


def linear_expected(
    baseline: Decimal, target: Decimal, start: datetime.date, due: datetime.date, day: datetime.date
) -> Decimal:
    if day <= start:
        return baseline
    if day >= due or due <= start:
        return target
    share = Decimal((day - start).days) / Decimal((due - start).days)
    return baseline + (target - baseline) * share
