"""The escalation ladder (逐级督办) as plain rules: from a project's status on a few days, which actions
to PROPOSE to the supervision office. No ORM, no clock: the tick (supervision/orders/tick.py) reads the facts
and stores the proposals; the office confirms (then a 督办单 is issued and numbered) or dismisses them.

The rungs (DESIGN.md, "Escalation ladder"):
- behind pace (黄 or worse) → nothing new here: the report already asks for the reason;
- behind by more than the yellow threshold at two consecutive month ends → propose a 警示 (orange)
  督办单, trigger "behind_two_months:<YYYY-MM>" (the later month); the bulletin names its unit for
  约谈;
- still behind at the end of the third quarter (as of 30 September) → propose naming it in the monthly
  bulletin: a proposed urge (催办) with trigger "named_in_bulletin:<year>"; once the office confirms it
  (state issued) the bulletin names the project;
- not finished at the year end (31 December) → propose a 严重 (red) 督办单 asking for the year-end explanation,
  recovery plan and new date, trigger "year_end:<year>".

A trigger is proposed once per project and unit whatever becomes of it (the tick skips a trigger that
already exists in any state, so a dismissed proposal never comes back), and no new 督办单 is proposed
for being behind while the unit already has one open (proposed, issued or answered) on the project."""

import datetime
from dataclasses import dataclass

from minsheng.core.dates import chinese_month
from minsheng.supervision.orders import grades
from minsheng.supervision.status.rules import ProjectStatus, Thresholds

BEHIND_TWO_MONTHS = "behind_two_months"
NAMED_IN_BULLETIN = "named_in_bulletin"
YEAR_END = "year_end"
RULE_NAMES = {
    BEHIND_TWO_MONTHS: "连续两个月落后序时进度",
    NAMED_IN_BULLETIN: "三季度末仍落后，拟通报批评",
    YEAR_END: "年底未完成",
}

URGE, ORDER = "urge", "notice"  # SupervisionOrder kinds (the stored kind of a 督办单 is still "notice")


@dataclass(frozen=True)
class Ladder:
    """Settings of the ladder (settings.MINSHENG_ESCALATION overrides them by name)."""

    respond_days: int = 10  # days to answer a 提示 (blue) 督办单
    warning_days: int = 7  # … a 警示 (orange) one
    serious_days: int = 5  # … a 严重 (red) one
    year_end_window_days: int = 60  # the year-end rule still proposes this long after 31 December

    @property
    def days_by_grade(self) -> dict[str, int]:
        return {
            grades.PROMPT: self.respond_days,
            grades.WARNING: self.warning_days,
            grades.SERIOUS: self.serious_days,
        }


DEFAULT_LADDER, DEFAULT_THRESHOLDS = Ladder(), Thresholds()


@dataclass(frozen=True)
class Proposal:
    trigger: str
    kind: str
    reasons: str
    measures: str
    respond_by: datetime.date | None = None
    grade: str = ""  # a 督办单's grade (grades.py); "" for an urge

    @property
    def rule(self) -> str:
        return self.trigger.split(":", 1)[0]


def rule_name(trigger: str) -> str:
    return RULE_NAMES.get(trigger.split(":", 1)[0], trigger)


def month_end_before(day: datetime.date) -> datetime.date:
    """The last month end strictly before `day` (a month is over only once its last day is)."""
    return day.replace(day=1) - datetime.timedelta(days=1)


def checkpoints(
    day: datetime.date, begins: datetime.date, ends: datetime.date, ladder: Ladder = DEFAULT_LADDER
) -> dict[str, datetime.date]:
    """The days whose status the rules need when the tick runs on `day`, for a plan running from
    `begins` to `ends`: the last two month ends inside the plan's year, the end of Q3 once it is past
    (until the year ends), the year end during the window after it."""
    points = {}
    last = month_end_before(day)
    before = month_end_before(last)
    if begins < before and last <= ends:
        points["month_before"], points["month"] = before, last
    q3 = datetime.date(ends.year, 9, 30)
    if begins < q3 < day <= ends:
        points["q3"] = q3
    if ends < day <= ends + datetime.timedelta(days=ladder.year_end_window_days):
        points["year_end"] = ends
    return points


def behind(status: ProjectStatus, thresholds: Thresholds) -> bool:
    """Behind pace by more than the yellow threshold, and neither finished nor accepted."""
    return not status.finished and status.colour != "blue" and status.gap > thresholds.yellow


def proposals(
    day: datetime.date,
    points: dict[str, datetime.date],
    statuses: dict[str, ProjectStatus],
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    ladder: Ladder = DEFAULT_LADDER,
) -> list[Proposal]:
    """What the ladder proposes for one project on `day`, given its status on each checkpoint."""
    out = []

    def graded(trigger: str) -> dict:
        grade = grades.for_rule(trigger)
        return {"grade": grade, "respond_by": grades.respond_by(grade, day, ladder.days_by_grade)}

    if "month" in points and all(behind(statuses[k], thresholds) for k in ("month_before", "month")):
        before, last = points["month_before"], points["month"]
        out.append(
            Proposal(
                trigger=f"{BEHIND_TWO_MONTHS}:{last:%Y-%m}",
                kind=ORDER,
                reasons=(
                    f"截至{chinese_month(before)}末、{chinese_month(last)}末连续两个月落后序时进度"
                    f"（分别落后 {statuses['month_before'].gap:g}、{statuses['month'].gap:g} 个百分点）。"
                ),
                measures="请分析进度滞后原因，制定赶超进度的具体措施，明确完成时限，按时书面回复督查室。",
                **graded(BEHIND_TWO_MONTHS),
            )
        )
    if "q3" in points and behind(statuses["q3"], thresholds):
        year = points["q3"].year
        out.append(
            Proposal(
                trigger=f"{NAMED_IN_BULLETIN}:{year}",
                kind=URGE,
                reasons=(
                    f"截至{year}年9月30日（三季度末）仍落后序时进度 {statuses['q3'].gap:g} 个百分点，"
                    "拟在月度通报中通报批评。"
                ),
                measures="请集中力量加快推进，确保年底前完成。",
            )
        )
    if "year_end" in points:
        status = statuses["year_end"]
        if not status.finished and status.colour != "blue":
            year = points["year_end"].year
            out.append(
                Proposal(
                    trigger=f"{YEAR_END}:{year}",
                    kind=ORDER,
                    reasons=f"截至{year}年12月31日项目未完成（完成进度 {status.progress:.0%}）。",
                    measures="请说明未完成原因，提出整改计划和新的完成时限，按时书面回复督查室。",
                    **graded(YEAR_END),
                )
            )
    return out


def still_wanted(proposal: Proposal, taken: set[str], open_order: bool) -> bool:
    """Whether to store a proposal for a project and unit: its trigger was never used for them (in any
    state: proposed, issued, answered, closed or dismissed), and, for being behind two months, no
    督办单 is already open for them (proposed, issued or answered): one at a time is enough."""
    if proposal.trigger in taken:
        return False
    return not (proposal.rule == BEHIND_TWO_MONTHS and open_order)
