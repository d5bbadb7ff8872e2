"""What to send for the due reminders, to whom, through which channel: plain functions, no database.

Each unit reminder goes in the app to every reporter and approver of the unit, by email to those with
an address, and to the unit's group robots. An urge also goes, summarised per plan and period, to the
robots of the plan's region (the supervision office's group)."""

from collections import defaultdict
from dataclasses import dataclass
from functools import partial

from django.urls import reverse

from minsheng.notifications.reminders import REMIND, URGE, URGE_AGAIN, Reminder
from minsheng.reporting.calendar import rules as calendar

APP, EMAIL, ROBOT = "app", "email", "robot"
KIND_NAMES = {calendar.WEEK: "周台账", calendar.MONTH: "月报"}
STAGE_NAMES = {REMIND: "报送提醒", URGE: "催报", URGE_AGAIN: "再次催报"}


@dataclass(frozen=True)
class Person:
    user_id: int
    email: str = ""


@dataclass(frozen=True)
class Robot:
    id: int
    name: str


@dataclass(frozen=True)
class Outgoing:
    key: str
    stage: str
    channel: str
    title: str
    body: str
    link: str = ""
    recipient_id: int | None = None
    robot_id: int | None = None
    address: str = ""

    @property
    def identity(self) -> tuple:
        """What the database's unique constraints see."""
        return (self.key, self.channel, self.recipient_id, self.robot_id)


def _when(moment) -> str:
    return f"{moment.astimezone(calendar.SHANGHAI):%Y-%m-%d %H:%M}"


def what(reminder: Reminder) -> str:
    return f"{reminder.period.label}{KIND_NAMES[reminder.period.kind]}"


def title_of(reminder: Reminder) -> str:
    due = reminder.due.astimezone(calendar.SHANGHAI)
    if reminder.stage == REMIND:
        tail = f"将于{due.month}月{due.day}日{due:%H:%M}截止"
    elif reminder.stage == URGE:
        tail = "已过截止时间，尚未提交"
    else:
        tail = "已超过宽限期，仍未提交"
    return f"【{STAGE_NAMES[reminder.stage]}】{what(reminder)}{tail}"[:200]


def body_of(reminder: Reminder) -> str:
    lines = [
        f"{reminder.unit}：",
        f"{reminder.plan.name}中，贵单位牵头的以下 {len(reminder.projects)} 个项目{what(reminder)}尚未提交：",
    ]
    lines += [f"  {label}" for _, label in reminder.projects]  # labels carry the notice's own numbers
    lines.append(
        f"截止时间 {_when(reminder.due)}，{_when(reminder.on_time_until)} 前提交视为按时，"
        f"{_when(reminder.locks)} 后锁定不能再填报。"
    )
    lines.append(
        "请尽快登录民生实事督办平台填报。" if reminder.stage != REMIND else "请按时登录民生实事督办平台填报。"
    )
    return "\n".join(lines)


def link_of(reminder: Reminder) -> str:
    if len(reminder.projects) == 1:
        return reverse("reports:form_period", args=[reminder.projects[0][0], reminder.period.key])
    return reverse("plans:mine")


def _absolute(site_url: str, link: str) -> str:
    return f"{site_url.rstrip('/')}{link}" if link else ""


def unit_messages(
    reminder: Reminder, people: list[Person], robots: list[Robot], site_url: str
) -> list[Outgoing]:
    title, body, link = title_of(reminder), body_of(reminder), link_of(reminder)
    url = _absolute(site_url, link)
    new = partial(Outgoing, key=reminder.key, stage=reminder.stage, title=title)
    out = []
    for person in people:
        out.append(new(channel=APP, body=body, link=link, recipient_id=person.user_id))
        if person.email:
            text = f"{body}\n\n填报地址：{url}\n\n（本邮件由系统自动发送，请勿回复。）"
            out.append(
                new(channel=EMAIL, body=text, link=link, recipient_id=person.user_id, address=person.email)
            )
    for robot in robots:
        out.append(
            new(
                channel=ROBOT,
                body=f"{title}\n{body}\n{url}",
                link=link,
                robot_id=robot.id,
                address=robot.name,
            )
        )
    return out


def office_messages(reminders: list[Reminder], robots: list[Robot], site_url: str) -> list[Outgoing]:
    """One summary per plan, period and urge stage: which units have not reported, how many each."""
    first = reminders[0]
    key = f"{first.stage}:p{first.plan.id}:office:{first.period.key}"
    title = (
        f"【{STAGE_NAMES[first.stage]}汇总】{first.plan.name} {what(first)}：{len(reminders)} 个单位未报送"
    )
    title = title[:200]
    lines = [title, f"截止时间 {_when(first.due)}，{_when(first.locks)} 锁定。未报送单位："]
    lines += [
        f"{r.unit}：{len(r.projects)} 个项目"
        for r in sorted(reminders, key=lambda r: (-len(r.projects), r.unit))
    ]
    link = reverse("plans:detail", args=[first.plan.id])
    lines.append(_absolute(site_url, link))
    body = "\n".join(lines)
    return [
        Outgoing(
            key=key,
            stage=first.stage,
            channel=ROBOT,
            title=title,
            body=body,
            link=link,
            robot_id=r.id,
            address=r.name,
        )
        for r in robots
    ]


def compose(
    reminders: list[Reminder],
    people: dict[int, list[Person]],
    unit_robots: dict[int, list[Robot]],
    region_robots: dict[int, list[Robot]],
    site_url: str,
) -> list[Outgoing]:
    """Every message for the reminders, in a stable order (so concurrent ticks insert alike)."""
    out = []
    urges = defaultdict(list)
    for reminder in reminders:
        out += unit_messages(
            reminder, people.get(reminder.unit_id, []), unit_robots.get(reminder.unit_id, []), site_url
        )
        if reminder.stage in (URGE, URGE_AGAIN):
            urges[(reminder.stage, reminder.plan.id, reminder.period.key)].append(reminder)
    for group in urges.values():
        if robots := region_robots.get(group[0].plan.region_id):
            out += office_messages(group, robots, site_url)
    return sorted(out, key=lambda o: (o.key, o.channel, o.recipient_id or 0, o.robot_id or 0))
