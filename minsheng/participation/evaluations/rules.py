"""Year-end satisfaction as plain functions (no HTTP, no ORM, no clock): the deputies' verdict on a
project, the plan's result, the public survey's mean, the rule for when an evaluation may be created,
the evaluation's state machine, and the wording used by the board and the bulletin.

The verdict (issue 4): of the n deputies voting on a project, 满意 if more than half say 满意; 基本满意 if
满意 + 基本满意 are more than half; else 不满意. "More than half" is strict: exactly half is not enough.
Nobody voting gives no verdict (无人测评).

The plan's satisfaction rate is the share of evaluated projects whose verdict is 满意 or 基本满意."""

import datetime
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SATISFIED, BASIC, UNSATISFIED = "satisfied", "basic", "unsatisfied"
VERDICTS = (SATISFIED, BASIC, UNSATISFIED)
LABELS = {SATISFIED: "满意", BASIC: "基本满意", UNSATISFIED: "不满意"}
NO_VERDICT = "无人测评"
SURVEY_MIN = 5  # fewer answers than this: the mean is shown with 样本不足
SURVEY_MAX = 100
OPENS_MONTH = 12  # an evaluation of a running plan may be created from December of its year

# The evaluation's life: draft → open → closed (result computed) → published.
STEPS = {"open": ("draft", "open"), "close": ("open", "closed"), "publish": ("closed", "published")}
STEP_WORDS = {"open": "开始测评", "close": "结束测评并计算结果", "publish": "公布结果"}
STATE_WORDS = {"draft": "准备中", "open": "测评中", "closed": "已结束（未公布）", "published": "已公布"}


def verdict(satisfied: int, basic: int, unsatisfied: int) -> str | None:
    n = satisfied + basic + unsatisfied
    if n == 0:
        return None
    if satisfied * 2 > n:
        return SATISFIED
    if (satisfied + basic) * 2 > n:
        return BASIC
    return UNSATISFIED


def verdict_label(value: str | None) -> str:
    return LABELS.get(value, NO_VERDICT) if value else NO_VERDICT


def project_results(counted, project_ids) -> dict[int, dict]:
    """{project id: {"counts": {verdict: n}, "verdict": …}} from the stored counts, (project id,
    verdict, n) triples; every project of `project_ids` is present (with zero counts when nobody
    voted on it); a project or verdict not asked for is ignored."""
    counts = {pk: dict.fromkeys(VERDICTS, 0) for pk in project_ids}
    for project_id, value, n in counted:
        if project_id in counts and value in VERDICTS:
            counts[project_id][value] += n
    return {
        pk: {"counts": c, "verdict": verdict(c[SATISFIED], c[BASIC], c[UNSATISFIED])}
        for pk, c in counts.items()
    }


def plan_result(verdicts) -> dict:
    """The plan's result from its projects' verdicts: projects per verdict, how many were evaluated,
    and the satisfaction rate (满意 or 基本满意 among the evaluated; None when none was)."""
    verdicts = list(verdicts)
    counts = {v: sum(1 for x in verdicts if x == v) for v in VERDICTS}
    evaluated = sum(counts.values())
    rate = round((counts[SATISFIED] + counts[BASIC]) / evaluated, 4) if evaluated else None
    return {"counts": counts, "evaluated": evaluated, "projects": len(verdicts), "rate": rate}


def evaluation_result(counted, project_ids, ballots: int) -> dict:
    """What `Evaluation.result` stores when the evaluation closes (JSON: project ids as strings);
    `counted` as for `project_results`, `ballots` the number of receipts."""
    projects = project_results(counted, project_ids)
    return {
        "ballots": ballots,
        "projects": {str(pk): r for pk, r in projects.items()},
        "plan": plan_result(r["verdict"] for r in projects.values()),
    }


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def plan_sentence(result: dict) -> str:
    """ "8 个项目中，满意 5 个、基本满意 2 个、不满意 1 个，满意及基本满意占 87.5%。"."""
    plan = result.get("plan") or {}
    counts = plan.get("counts") or {}
    if not plan.get("evaluated"):
        return "本次测评没有代表投票。"
    parts = "、".join(f"{LABELS[v]} {counts.get(v, 0)} 个" for v in VERDICTS)
    return (
        f"{result.get('ballots', 0)} 名代表参加测评，{plan['evaluated']} 个项目中{parts}，"
        f"满意及基本满意占 {rate_text(plan['rate'])}。"
    )


# ---------------------------------------------------------------- the public survey


@dataclass(frozen=True)
class Survey:
    """The public survey of one project (or several): `count` answers summing to `total`."""

    total: int = 0
    count: int = 0

    @property
    def mean(self) -> Decimal | None:
        """0–100, rounded half up to one decimal; None without answers."""
        if not self.count:
            return None
        return (Decimal(self.total) / Decimal(self.count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def enough(self) -> bool:
        return self.count >= SURVEY_MIN

    @property
    def mean_text(self) -> str:
        return "" if self.mean is None else f"{self.mean:.1f}"

    @property
    def text(self) -> str:
        """ "群众满意度 86.5 分（120 人）"; too few answers keep the number and say 样本不足."""
        if not self.count:
            return "群众满意度：暂无评价"
        note = "" if self.enough else "，样本不足"
        return f"群众满意度 {self.mean_text} 分（{self.count} 人{note}）"

    def __add__(self, other: "Survey") -> "Survey":
        return Survey(self.total + other.total, self.count + other.count)


DIGITS = re.compile(r"[0-9]{1,9}")
ID_MAX = 2_147_483_647  # the largest id a database integer column holds


def parse_number(raw, maximum: int = ID_MAX) -> int | None:
    """A whole number 0…`maximum` written with 1 to 9 ASCII digits (surrounding blanks allowed), or
    None: no sign, no "²" or other Unicode digit, no "1_000", no 5000-digit text (which `int` would
    refuse with an error, or turn into a number no column holds)."""
    text = str(raw).strip() if raw is not None else ""
    if not DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if number <= maximum else None


def parse_score(*values) -> tuple[int | None, str]:
    """The first non-empty value as a whole score 0–100, or (None, the Chinese reason)."""
    raw = next((str(v).strip() for v in values if v is not None and str(v).strip()), "")
    if not raw:
        return None, "请给出 0 到 100 之间的分数。"
    score = parse_number(raw, SURVEY_MAX)
    if score is None:
        return None, "分数应为 0 到 100 之间的整数。"
    return score, ""


# ---------------------------------------------------------------- the evaluation's rules


def creation_refusal(plan_state: str, plan_year: int, day: datetime.date) -> str | None:
    """Why an evaluation of a plan may not be created on `day`, or None. The rule: the plan must be
    public; a closed plan any time (its year's work is done); a published plan from 1 December of its
    year on, when the year's results are known (the acceptance runs then too)."""
    if plan_state == "draft":
        return "计划尚未发布，不能组织满意度测评。"
    if plan_state == "closed":
        return None
    if day < datetime.date(plan_year, OPENS_MONTH, 1):
        return f"满意度测评在年终进行：{plan_year}年{OPENS_MONTH}月1日起（或计划结束后）才能创建。"
    return None


def step_refusal(state: str, step: str) -> str | None:
    """Why `step` (open / close / publish) cannot be taken from `state`, or None."""
    if step not in STEPS:
        return "未知的操作。"
    before, _after = STEPS[step]
    if state != before:
        return f"测评当前为“{STATE_WORDS.get(state, state)}”，不能{STEP_WORDS[step]}。"
    return None


def marks_refusal(marks: dict, project_ids) -> list[str]:
    """What is wrong with one deputy's marks {project id: verdict}: every project of the plan needs
    one of the three verdicts, and no other project may appear."""
    wanted = set(project_ids)
    errors = []
    unknown = [str(k) for k in marks if k not in wanted]
    if unknown:
        errors.append(f"以下项目不属于本次测评：{'、'.join(sorted(unknown))}。")
    missing = [pk for pk in project_ids if pk not in marks]
    if missing:
        errors.append(f"还有 {len(missing)} 个项目未评价，每个项目都需选择满意、基本满意或不满意。")
    bad = [str(k) for k, v in marks.items() if k in wanted and v not in VERDICTS]
    if bad:
        errors.append("评价只能是满意、基本满意或不满意。")
    return errors


# ---------------------------------------------------------------- wording for the bulletin


def bulletin_text(result: dict | None, rows, title: str = "") -> str:
    """The bulletin's 满意度测评 text: the deputies' plan-level result (when published), the projects
    they judged 不满意, and the public survey overall; the per-project table is printed under it.
    `rows` are (project name, verdict or None, Survey) in the plan's order."""
    rows = list(rows)
    lines = []
    if result:
        lines.append(f"{title or '人大代表满意度测评'}结果已公布。{plan_sentence(result)}")
        named = [name for name, value, _ in rows if value == UNSATISFIED]
        if named:
            lines.append(f"代表测评为不满意的项目：{'、'.join(named)}，请牵头单位认真分析原因、整改提升。")
    overall = sum((s for _, _, s in rows), Survey())
    if overall.count:
        answered = sum(1 for _, _, s in rows if s.count)
        lines.append(
            f"群众满意度问卷共收到 {overall.count} 份评价，涉及 {answered} 个项目，平均 {overall.mean_text} 分"
            f"（满分 100 分；少于 {SURVEY_MIN} 人评价的项目注明样本不足）。"
        )
    return "\n".join(lines)
