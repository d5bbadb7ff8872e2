from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "基准测试。minsheng bench extract：在五份种子通知上测识别准确率与耗时；"
        "minsheng bench web：在当前数据库的演示数据上测看板与公开页面的响应时间（p50/p95）与查询数；"
        "minsheng bench province [--scale N]：在当前数据库里生成一个省的数据（事务内，结束时回滚），"
        "以省督查室身份测重点关注清单、看板（冷/热）、状态接口与公开页面，并给出同次运行的原始 SQL 下限；"
        "minsheng bench burst：启动 gunicorn，多名填报人同时经接口提交周报，测每秒报告数、p50/p99、丢失数与进程内存。"
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["extract", "web", "province", "burst"])
        parser.add_argument("--seeds", help="种子通知目录（默认 ../shared/seeds；仅 extract）")
        parser.add_argument("--verbose", "-V", action="store_true", help="列出每处差异（仅 extract）")
        parser.add_argument(
            "--repeat", type=int, default=None, help="每个页面的请求次数（web 默认 20，province 默认 5）"
        )
        parser.add_argument(
            "--scale", type=float, default=1.0, help="省级规模倍数（默认 1：约 5,300 个项目；仅 province）"
        )
        parser.add_argument(
            "--reports", type=int, default=600, help="并发提交的周报份数（仅 burst，默认 600）"
        )
        parser.add_argument("--clients", type=int, default=16, help="并发填报人数（仅 burst，默认 16）")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn 进程数（仅 burst，默认 2）")

    def handle(self, *args, what, seeds=None, verbose=False, repeat=None, scale=1.0, **options):
        if what == "burst":
            return self._burst(options["reports"], options["clients"], options["workers"])
        if what == "web":
            return self._web(20 if repeat is None else repeat)
        if what == "province":
            return self._province(scale, 5 if repeat is None else repeat)
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

    def _burst(self, reports: int, clients: int, workers: int) -> None:
        from minsheng.site.bench_burst import NotShared, run_burst_bench

        if reports < 1 or clients < 1 or workers < 1:
            raise CommandError("--reports、--clients、--workers 都至少为 1。")
        try:
            run_burst_bench(self.stdout.write, reports, clients, workers)
        except NotShared as e:
            raise CommandError(str(e)) from None

    def _province(self, scale: float, repeat: int) -> None:
        from minsheng.site.bench_province import run_province_bench

        if not 0 < scale <= 1 or repeat < 1:
            raise CommandError("--scale 须在 0 与 1 之间（不含 0），--repeat 至少为 1。")
        run_province_bench(self.stdout.write, scale, repeat)
