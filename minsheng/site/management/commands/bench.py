from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "基准测试。minsheng bench extract：在五份种子通知上测识别准确率与耗时；"
        "minsheng bench web：在当前数据库的演示数据上测看板与公开页面的响应时间（p50/p95）与查询数。"
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["extract", "web"])
        parser.add_argument("--seeds", help="种子通知目录（默认 ../shared/seeds；仅 extract）")
        parser.add_argument("--verbose", "-V", action="store_true", help="列出每处差异（仅 extract）")
        parser.add_argument("--repeat", type=int, default=20, help="每个页面的热请求次数（默认 20；仅 web）")

    def handle(self, *args, what, seeds=None, verbose=False, repeat=20, **options):
        if what == "web":
            return self._web(repeat)
        from minsheng.notices.extraction.bench import run_extract_bench
        from minsheng.notices.extraction.corpus_bench import HELD_OUT, run_agreement_bench, run_corpus_bench

        try:
            run_extract_bench(self.stdout.write, seeds, verbose)
        except FileNotFoundError as e:
            raise CommandError(str(e)) from None
        run_corpus_bench(self.stdout.write, verbose=verbose)
        run_corpus_bench(self.stdout.write, HELD_OUT, verbose, title="held-out real lists")
        run_agreement_bench(self.stdout.write)

    def _web(self, repeat: int) -> None:
        from minsheng.site.bench_web import NoDemo, run_web_bench

        if repeat < 1:
            raise CommandError("--repeat 至少为 1。")
        try:
            run_web_bench(self.stdout.write, repeat)
        except NoDemo as e:
            raise CommandError(str(e)) from None
