from django.conf import settings
from django.core.management.base import BaseCommand

from minsheng.site.demo import ACCOUNTS, load_demo


class Command(BaseCommand):
    help = (
        "载入演示数据：五份种子计划、各角色演示账号，以及2024年计划截至2024年7月15日的"
        "演示周台账和月报（可重复执行，不会重复创建）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="不打印演示账号")
        parser.add_argument("--no-reports", action="store_true", help="不载入演示周台账和月报")

    def handle(self, *args, quiet=False, no_reports=False, **options):
        result = load_demo(reports=not no_reports)
        for plan in result["plans"]:
            self.stdout.write(f"载入计划：{plan}")
        for line in result["reports"]:
            self.stdout.write(f"载入演示报告（截至2024年7月15日）：{line}")
        if not result["plans"] and not result["accounts"] and not result["reports"]:
            self.stdout.write("演示数据已存在，未做任何修改。")
        if quiet:
            return
        self.stdout.write(f"\n演示账号（密码均为 {settings.MINSHENG_DEMO_PASSWORD}）：")
        for account in ACCOUNTS:
            self.stdout.write(f"  {account.username:<18} {account.display}")
