"""`minsheng restore FILE [--replace]`: check every member of a backup against its manifest, then put
the database and the media back and migrate to this release (site/backup/archive.py). The configured
database (DATABASE_URL) must hold no data unless --replace."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from minsheng.site.backup.archive import restore
from minsheng.site.backup.manifest import BackupError


class Command(BaseCommand):
    help = "从 minsheng backup 生成的 .tar 文件恢复数据库和媒体文件"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="备份文件")
        parser.add_argument("--replace", action="store_true", help="目标数据库已有数据时确认覆盖")

    def handle(self, *args, archive, replace, **options):
        try:
            restore(Path(archive), replace=replace, say=self.stdout.write)
        except BackupError as e:
            raise CommandError(str(e)) from None
