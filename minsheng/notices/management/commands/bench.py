from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "基准测试。minsheng bench extract：在五份种子通知上测识别准确率与耗时。"
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["extract"])
        parser.add_argument("--seeds", help="种子通知目录（默认 ../shared/seeds）")
        parser.add_argument("--verbose", "-V", action="store_true", help="列出每处差异")

    def handle(self, *args, what, seeds=None, verbose=False, **options):
        from minsheng.notices.bench import run_extract_bench

        try:
            run_extract_bench(self.stdout.write, seeds, verbose)
        except FileNotFoundError as e:
            raise CommandError(str(e)) from None
