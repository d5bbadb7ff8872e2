import os
import sys

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from minsheng.core.checks import production_key_refusal


class Command(BaseCommand):
    help = "启动网站（gunicorn，默认 127.0.0.1:8000）。生产环境请置于反向代理之后。"

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="不随网站启动后台任务进程（生产环境另行运行 minsheng db_worker 时使用）",
        )

    def handle(self, *args, host, port, workers, no_worker, **options):
        try:
            production_key_refusal()
        except ImproperlyConfigured as e:
            raise CommandError(str(e)) from e
        self.stdout.write(f"minsheng 已启动：http://{host}:{port}/  （按 Ctrl+C 停止）")
        self.stdout.flush()
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "minsheng.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--no-control-socket",  # gunicorn 27's one socket per user: two instances would share it
        ]
        if not no_worker:  # large imports are read by it: one command serves a whole instance
            argv += ["--config", "python:minsheng.core.gunicorn_worker"]
        if settings.DEBUG:
            argv.append("--reload")
        os.execv(sys.executable, argv)
