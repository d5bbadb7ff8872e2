"""The three grades of a 督办单 as plain rules, as the offices grade their sheets: 提示 (a blue sheet),
警示 (orange) and 严重 (red). No ORM, no clock.

- The grade sets the response time: 提示 10 days, 警示 7, 严重 5 (the ladder's settings,
  MINSHENG_ESCALATION respond_days, warning_days and serious_days, override them).
- Where a sheet starts: the office picks; by default 提示, or 警示 when a leader has written a 批示 on
  the project; the escalation ladder proposes the grade of its rule (连续两个月落后 → 警示, 年底未完成
  → 严重).
- A sheet whose deadline passes without an answer (and without a granted extension of it) rises a
  grade, with a new deadline of the higher grade counted from that day; 严重 is the top. One sheet per
  matter: it is the same sheet that rises, its number kept.
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Grade:
    key: str
    rank: int  # 1 提示 … 3 严重
    label: str  # 提示
    sheet: str  # 蓝色: the colour of the sheet
    colour: str  # the status colour whose CSS the badge borrows
    respond_days: int  # default days to answer

    @property
    def name(self) -> str:
        """提示（蓝色督办单）"""
        return f"{self.label}（{self.sheet}督办单）"


PROMPT, WARNING, SERIOUS = "prompt", "warning", "serious"
GRADES = {
    g.key: g
    for g in (
        Grade(PROMPT, 1, "提示", "蓝色", "blue", 10),
        Grade(WARNING, 2, "警示", "橙色", "orange", 7),
        Grade(SERIOUS, 3, "严重", "红色", "red", 5),
    )
}
CHOICES = [(g.key, g.name) for g in GRADES.values()]

# The grade each rule of the escalation ladder proposes its 督办单 at.
RULE_GRADES = {"behind_two_months": WARNING, "year_end": SERIOUS}


def respond_days(grade: str, overrides: dict | None = None) -> int:
    return int((overrides or {}).get(grade, GRADES[grade].respond_days))


def respond_by(grade: str, day: datetime.date, overrides: dict | None = None) -> datetime.date:
    """The response deadline of a sheet of `grade` issued (or raised) on `day`."""
    return day + datetime.timedelta(days=respond_days(grade, overrides))


def starting_grade(has_instruction: bool) -> str:
    """The grade a new sheet is offered at: 警示 after a leader's 批示 on the project, else 提示."""
    return WARNING if has_instruction else PROMPT


def for_rule(trigger: str) -> str:
    """The grade the ladder proposes a sheet of this trigger ("behind_two_months:2024-06") at."""
    return RULE_GRADES.get(trigger.split(":", 1)[0], PROMPT)


def higher(grade: str) -> str | None:
    """The next grade up, None at the top."""
    rank = GRADES[grade].rank + 1
    return next((g.key for g in GRADES.values() if g.rank == rank), None)


def rises(grade: str, answered: bool, deadline: datetime.date | None, day: datetime.date) -> str | None:
    """The grade an issued sheet rises to on `day`: one up when its deadline has passed unanswered,
    None when it stays (answered, no deadline, not yet due, or already 严重)."""
    if answered or deadline is None or day <= deadline:
        return None
    return higher(grade)
