"""Extension requests (延期申请) as plain rules: who may ask when, what a granted extension changes, and
the office's time to decide. No ORM, no clock.

- A lead unit asks before the due date, with a reason and a new date later than the present one; a
  request on or after the due date is refused, and one request waits at a time.
- The office grants or refuses within `DECIDE_DAYS` days (a refusal says why); a request waiting
  longer is shown as overdue on the office's list.
- A granted extension moves the project's due date from the day it is granted: the expected progress
  and the colour from that day on read the new date, every earlier day keeps the original, which stays
  visible beside the new one.
"""

import datetime
from collections.abc import Iterable

from minsheng.core.dates import chinese_date

DECIDE_DAYS = 10  # the office's time to grant or refuse


def request_problems(
    today: datetime.date, due: datetime.date, new_date: datetime.date | None, reason: str, waiting: bool
) -> list[str]:
    """Why a request made on `today` for a project due on `due` is refused (none: it is taken)."""
    problems = []
    if today >= due:
        problems.append(f"完成期限（{chinese_date(due)}）已到，不能再申请延期；请说明未完成原因并接受督办。")
    if waiting:
        problems.append("该项目已有一份延期申请待督查室决定，请勿重复申请。")
    if new_date is None:
        problems.append("请填写申请延至的日期。")
    elif new_date <= due:
        problems.append(f"申请延至的日期须晚于现在的完成期限（{chinese_date(due)}）。")
    if not reason.strip():
        problems.append("请填写延期理由。")
    return problems


def decide_by(requested: datetime.date) -> datetime.date:
    """The day by which the office should have decided."""
    return requested + datetime.timedelta(days=DECIDE_DAYS)


def due_on(
    original: datetime.date, granted: Iterable[tuple[datetime.date, datetime.date]], day: datetime.date
):
    """The due date in force on `day`: the new date of the latest extension granted on or before that
    day, else the original. `granted` is (granted on, new date) pairs in any order."""
    chosen = [(on, new) for on, new in granted if on <= day]
    return max(chosen)[1] if chosen else original
