"""The problem list's rules as plain data: who may do what to a problem from which state.

Two actors: the supervision office of the plan ("office") and the responsible unit ("unit"; the
project's lead unit while the office has named no responsible unit). The unit records its measure and
moves the problem 待整改 → 整改中 → 已整改; the office assigns the unit, person and deadline, and then
verifies (已核验) or sends the problem back to 整改中 with a comment. A verified problem is closed.
No ORM and no HTTP here: the views ask `check()` before they touch a row."""

import datetime
from dataclasses import dataclass

from minsheng.supervision.problems.states import ProblemState

OFFICE, UNIT = "office", "unit"
OPEN, RECTIFYING, RESOLVED, VERIFIED = (s.value for s in ProblemState)
STATE_LABELS = {s.value: str(s.label) for s in ProblemState}  # the model's words, in the states' order
ACTOR_LABELS = {OFFICE: "督查室", UNIT: "责任单位"}
NEEDS_LABELS = {
    "measure": "请填写整改措施。",
    "comment": "退回整改时请填写退回意见。",
    "verification": "核验通过时请填写核验情况。",
}


@dataclass(frozen=True)
class Step:
    action: str
    label: str
    actor: str
    sources: tuple[str, ...]
    target: str | None  # None: the state stays
    needs: str = ""  # the text the step requires: "measure", "comment" or "verification"


STEPS = (
    Step("measure", "保存整改措施", UNIT, (OPEN, RECTIFYING), None, "measure"),
    Step("start", "开始整改", UNIT, (OPEN,), RECTIFYING, "measure"),
    Step("resolve", "整改完成", UNIT, (RECTIFYING,), RESOLVED, "measure"),
    Step("assign", "交办", OFFICE, (OPEN, RECTIFYING, RESOLVED), None),
    Step("verify", "核验通过", OFFICE, (RESOLVED,), VERIFIED, "verification"),
    Step("send_back", "退回整改", OFFICE, (RESOLVED,), RECTIFYING, "comment"),
)
BY_ACTION = {s.action: s for s in STEPS}
CLOSED = (RESOLVED, VERIFIED)  # the unit's part is done: such a problem is no longer overdue


def step(action: str) -> Step | None:
    return BY_ACTION.get(action)


def allowed(action: str, actors: set[str] | frozenset[str], state: str) -> bool:
    s = BY_ACTION.get(action)
    return s is not None and s.actor in actors and state in s.sources


def available(actors: set[str] | frozenset[str], state: str) -> list[Step]:
    """The steps these actors may take from this state, in the table's order."""
    return [s for s in STEPS if s.actor in actors and state in s.sources]


def check(action: str, actors: set[str] | frozenset[str], state: str, text: str = "") -> list[str]:
    """Why the step may not be taken, in Chinese (empty when it may)."""
    s = BY_ACTION.get(action)
    if s is None:
        return ["未知的操作。"]
    if s.actor not in actors:
        return [f"只有{ACTOR_LABELS[s.actor]}可以{s.label}。"]
    if state not in s.sources:
        return [f"该问题当前为“{STATE_LABELS.get(state, state)}”，不能{s.label}。"]
    if s.needs and not (text or "").strip():
        return [NEEDS_LABELS[s.needs]]
    return []


def is_overdue(deadline: datetime.date | None, state: str, today: datetime.date) -> bool:
    """Past its deadline and not yet rectified (待整改 or 整改中)."""
    return deadline is not None and deadline < today and state not in CLOSED
