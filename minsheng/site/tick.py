"""One run of the periodic work: decide the reminders due now, store their messages once, send what
waits. Safe to run again at any time and in two processes at once (see outbox)."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from minsheng.notifications import gather, outbox
from minsheng.notifications.messages import APP, EMAIL, ROBOT, STAGE_NAMES, Outgoing
from minsheng.notifications.models import Channel
from minsheng.notifications.reminders import STAGES, Reminder
from minsheng.participation.follows.workflow import tell_followers
from minsheng.reporting.calendar import rules as calendar
from minsheng.site.ops import heartbeat
from minsheng.supervision.orders.rising import raise_overdue
from minsheng.supervision.orders.tick import propose_escalations

SMS = Channel.SMS
CHANNEL_NAMES = {APP: "站内", EMAIL: "邮件", ROBOT: "群机器人", SMS: "短信"}


@dataclass
class TickResult:
    moment: datetime.datetime
    reminders: list[Reminder]
    new: list[Outgoing]
    waiting: int = 0  # dry run: emails and robot posts already waiting to be (re)sent
    delivered: outbox.Delivered | None = None
    dry_run: bool = False
    lines: list[str] = field(default_factory=list)
    proposals: int | None = None  # escalation ladder: new proposals for the office to confirm
    raised: int | None = None  # 督办单 raised a grade for a deadline passed unanswered
    told: int | None = None  # news told to citizens who follow a project or a proposal

    def summary(self) -> str:
        stages = Counter(r.stage for r in self.reminders)
        channels = Counter(o.channel for o in self.new)
        head = f"{self.moment.astimezone(calendar.SHANGHAI):%Y-%m-%d %H:%M} "
        head += "（试运行，未发送）" if self.dry_run else ""
        parts = [
            f"需提醒 {len(self.reminders)} 项（"
            + "，".join(f"{STAGE_NAMES[s]} {stages[s]}" for s in STAGES)
            + "）",
            ("将新建" if self.dry_run else "新建")
            + "通知："
            + "，".join(f"{CHANNEL_NAMES[c]} {channels[c]} 条" for c in (APP, EMAIL, ROBOT)),
        ]
        if self.dry_run:
            parts.append(f"待重发 {self.waiting} 条")
        elif self.delivered:
            d = self.delivered
            parts.append(
                "发送："
                + "，".join(
                    f"{CHANNEL_NAMES[c]}成功 {d.sent[c]} 条、失败 {d.failed[c]} 条"
                    for c in (EMAIL, ROBOT, SMS)
                )
            )
        if self.proposals is not None:
            parts.append(f"督办升级：新拟办 {self.proposals} 项（待督查室确认）")
        if self.raised is not None:
            parts.append(f"逾期未回复的督办单升级 {self.raised} 份")
        if self.told is not None:
            parts.append(f"告知关注群众进展 {self.told} 条")
        return head + "；".join(parts) + "。"


def run(moment: datetime.datetime, dry_run: bool = False) -> TickResult:
    due = gather.due_reminders(moment)
    new = outbox.new_messages(gather.messages_for(due))
    result = TickResult(moment, due, new, dry_run=dry_run)
    if dry_run:
        result.waiting = len(outbox.waiting())
        names = dict(
            get_user_model()
            .objects.filter(pk__in={o.recipient_id for o in new if o.recipient_id})
            .values_list("pk", "username")
        )
        result.lines = [
            f"[{CHANNEL_NAMES[o.channel]}] {o.address or names.get(o.recipient_id, '')} · {o.title}"
            for o in new
        ]
        return result
    outbox.store(new)
    heartbeat.beat(heartbeat.TICK)
    heartbeat.ask_worker()  # the worker proves alive by running it (see /healthz)
    result.proposals = propose_escalations(moment)
    result.raised = raise_overdue(moment)
    result.told = tell_followers(moment)
    result.delivered = outbox.deliver()
    result.lines = [f"发送失败：{e}" for e in result.delivered.errors]
    return result
