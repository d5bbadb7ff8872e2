"""`minsheng backup [--output DIR]`: the database (a consistent snapshot), the media and the stored
secret key in one checked .tar (site/backup/archive.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from minsheng.core import datadir
from minsheng.site.backup.archive import backup
from minsheng.site.backup.manifest import BackupError


class Command(BaseCommand):
    help = "备份数据库、媒体文件和密钥到一个带校验和清单的 .tar 文件"

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(datadir.data_dir() / "backups"), help="备份文件夹")

    def handle(self, *args, output, **options):
        try:
            path = backup(Path(output), say=self.stdout.write)
        except BackupError as e:
            raise CommandError(str(e)) from None
        return str(path) if options.get("verbosity", 1) > 1 else None
