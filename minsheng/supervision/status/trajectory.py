"""The lead unit's monthly decomposition of an indicator (月度计划进度): a planned cumulative value at the
end of each month. `check_trajectory` is the plain rule: numbers, not negative, moving one way from
the baseline towards the target, and the target reached by the due month."""

import calendar as months
import datetime
from decimal import Decimal, InvalidOperation


def month_ends(begins: datetime.date, due: datetime.date) -> list[datetime.date]:
    """The month ends from the plan's start to the due date (the due date's month included)."""
    ends, year, month = [], begins.year, begins.month
    while (year, month) <= (due.year, due.month):
        ends.append(datetime.date(year, month, months.monthrange(year, month)[1]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ends


def check_trajectory(
    entries: dict[datetime.date, str], baseline: Decimal, target: Decimal, due: datetime.date
) -> tuple[dict[datetime.date, Decimal], list[str]]:
    """Parse and check the entered values; blanks are skipped (the line runs straight between the
    months given). Returns (values by month end, Chinese error messages)."""
    values, errors = {}, []
    for end, text in sorted(entries.items()):
        text = (text or "").strip().replace(",", "")
        if not text:
            continue
        try:
            value = Decimal(text)
        except InvalidOperation:
            errors.append(f"{end.month}月：“{text}”不是数字。")
            continue
        if value < 0:
            errors.append(f"{end.month}月：计划累计值不能为负数。")
            continue
        values[end] = value
    rising = target >= baseline
    previous = baseline
    for end, value in sorted(values.items()):
        if (rising and value < previous) or (not rising and value > previous):
            errors.append(
                f"{end.month}月：累计计划值应{'逐月不减' if rising else '逐月不增'}（上月或基数为 {previous.normalize():f}）。"
            )
        if (rising and value > target) or (not rising and value < target):
            errors.append(f"{end.month}月：计划值超出目标 {target.normalize():f}。")
        previous = value
    in_due_month = [end for end in values if (end.year, end.month) == (due.year, due.month)]
    if in_due_month and values[in_due_month[0]] != target:
        errors.append(f"{due.month}月（完成期限）的计划累计值应等于目标 {target.normalize():f}。")
    return values, errors
