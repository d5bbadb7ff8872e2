"""What a follower is told, as plain functions: the news between what they were last told of a project
or a proposal and what is true now, the words of each message, and the confirmation code. No database.

A project's news, in the order a citizen cares about: accepted (验收); the construction finished,
waiting for acceptance; the due date moved by a granted extension; the due date passed unfinished; the
progress colour changed (once a day at most). The first look only records the state: a new follower is
not told what the page in front of them already says."""

import datetime
import hashlib
import hmac
import secrets
from dataclasses import asdict, dataclass

from minsheng.supervision.status.rules import COLOURS

CODE_DIGITS = 6
CODE_TRIES = 5  # wrong codes allowed before the phone or email is dropped from the follow
PER_ADDRESS = 20  # projects and proposals one phone or email may follow at once


@dataclass(frozen=True)
class ProjectNow:
    """What the public page says of a project today."""

    colour: str
    finished: bool
    overdue: bool  # its due date in force has passed and it is unfinished
    due: str  # the due date in force, ISO

    def told(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class News:
    key: str  # the same news is told once: "accepted", "due:2025-03-31", "colour:red:2024-07-15"
    title: str
    body: str


def _colour(key: str) -> str:
    colour = COLOURS.get(key)
    return f"{colour.label}（{colour.public}）" if colour else key


def project_news(told: dict, now: ProjectNow, day: datetime.date) -> list[News]:
    """The news since `told` (a `ProjectNow.told()` of an earlier day); none on the first look."""
    if not told:
        return []
    news: list[News] = []
    if now.colour == "blue":
        if told.get("colour") != "blue":
            news.append(News("accepted", "项目已通过验收", "项目已通过验收，承诺事项已兑现。"))
        return news
    if now.finished and not told.get("finished"):
        news.append(News("finished", "建设任务已完成", "项目已完成年度建设任务，等待验收。"))
    if told.get("due") and now.due != told["due"]:
        news.append(
            News(
                f"due:{now.due}",
                "完成时限已调整",
                f"经批准延期，完成时限由 {told['due']} 调整为 {now.due}。",
            )
        )
    if now.overdue and not told.get("overdue"):
        news.append(News(f"overdue:{now.due}", "已过完成时限", f"项目已过完成时限（{now.due}），尚未完成。"))
    elif now.colour != told.get("colour") and not now.finished:
        news.append(
            News(
                f"colour:{now.colour}:{day:%Y-%m-%d}",
                "进度状态变化",
                f"进度状态由 {_colour(told.get('colour', ''))} 变为 {_colour(now.colour)}。",
            )
        )
    return news


def proposal_news(told: dict, state: str, state_label: str, reply: str) -> list[News]:
    """The news of a proposal whose state moved since `told` ({"state": …}); none on the first look."""
    if not told or told.get("state") == state:
        return []
    body = f"您的建议状态已更新为“{state_label}”。"
    if reply:
        body += f"答复：{reply[:120]}"
    return [News(f"state:{state}", f"建议{state_label}", body)]


def message_text(subject: str, news: News, link: str) -> str:
    """A message as a text or an email says it: what, about which, and where to read more or stop."""
    return f"您关注的{subject}：{news.body}\n详情或取消关注：{link}"


# ── the confirmation code ──────────────────────────────────────────────────────────────────────────
def new_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))


def code_digest(secret: str, receipt: str, code: str) -> str:
    """Kept instead of the code: a keyed hash, so a copy of the table does not give the codes away."""
    return hmac.new(secret.encode(), f"{receipt}:{code}".encode(), hashlib.sha256).hexdigest()


def code_matches(secret: str, receipt: str, typed: str, digest: str) -> bool:
    typed = "".join(ch for ch in typed or "" if ch.isdigit())
    return (
        bool(digest)
        and len(typed) == CODE_DIGITS
        and hmac.compare_digest(code_digest(secret, receipt, typed), digest)
    )
