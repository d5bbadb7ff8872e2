"""`minsheng regions FILE` / `minsheng regions --builtin`: the region tree a new installation starts
from (site/regions/). Idempotent: run it again with a longer list and only the new regions are made."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from minsheng.core.models import Region
from minsheng.notices.readers.grid import ReadError
from minsheng.site.regions import loading

OS_WORDS = {
    FileNotFoundError: "文件不存在",
    IsADirectoryError: "这是文件夹，不是文件",
    PermissionError: "没有读取权限",
}


class Command(BaseCommand):
    help = (
        "导入行政区划：从 .csv 或 .xlsx（列：区划代码、名称，可选 类型、上级、政府）建立区划树及各级政府；"
        "已有的区划不变，任何一行有误则不写入。--builtin 载入平台自带的济宁市区划。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="区划表（.csv 或 .xlsx）")
        parser.add_argument("--builtin", action="store_true", help="载入平台自带的济宁市区划")
        parser.add_argument("--dry-run", action="store_true", help="只检查并列出将新建的区划，不写入")

    def handle(self, *args, file=None, builtin=False, dry_run=False, **options):
        if bool(file) == builtin:
            raise CommandError("请给出一个区划表文件，或使用 --builtin（二者选一）。")
        try:
            if builtin:
                outcome = loading.load_builtin(dry_run=dry_run)
            else:
                path = Path(file)
                try:
                    data = path.read_bytes()
                except OSError as e:
                    raise CommandError(
                        f"无法读取文件 {path}：{OS_WORDS.get(type(e), '无法读取')}。"
                    ) from None
                outcome = loading.load(loading.read(data, path.name), dry_run=dry_run)
        except ReadError as e:
            raise CommandError(f"区划表未导入：\n{e}") from None
        verb = "将新建" if dry_run else "新建"
        for region in outcome.created:
            self.stdout.write(f"  {verb} {region.code or '—':<12} {region.name}")
        for code, listed, named in outcome.named_otherwise:
            self.stdout.write(f"  已存在 {code:<12} {named}（表中写作“{listed}”，未改名）")
        self.stdout.write(
            f"{'检查通过（未写入）' if dry_run else '导入完成'}：{verb} {len(outcome.created)} 个，"
            f"已存在 {outcome.existing} 个，平台共 {Region.objects.count()} 个区划。"
        )
