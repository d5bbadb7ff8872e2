"""`minsheng tick`: the periodic work, run by cron every few minutes (see README, 定时任务).

Reminders before a due date, urges after it, by in-app notification, email and group robots; never
the same reminder twice, even with two ticks running at once."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from minsheng.core.clock import now
from minsheng.reporting.calendar.rules import SHANGHAI
from minsheng.site import tick


class Command(BaseCommand):
    help = "定时任务：按报送日历发送报送提醒与催报（站内通知、邮件、群机器人），可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出将要发送的通知，不写入、不发送")
        parser.add_argument(
            "--at", metavar="YYYY-MM-DDTHH:MM", help="与 --dry-run 同用：预览该时刻（北京时间）将发送的通知"
        )

    def handle(self, *args, dry_run=False, at=None, **options):
        moment = now()
        if at:
            if not dry_run:
                raise CommandError("--at 只能与 --dry-run 一起使用（预览），实际发送总以当前时间为准。")
            try:
                moment = datetime.datetime.fromisoformat(at)
            except ValueError:
                raise CommandError(f"时刻“{at}”格式不对，应如 2024-07-25T18:00。") from None
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=SHANGHAI)
        result = tick.run(moment, dry_run=dry_run)
        for line in result.lines:
            self.stdout.write(line)
        self.stdout.write(result.summary())
