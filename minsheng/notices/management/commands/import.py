from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from minsheng.core.models import Region
from minsheng.notices.readers.grid import ReadError
from minsheng.notices.reading import read_file
from minsheng.notices.services import start_import


class Command(BaseCommand):
    help = "导入通知文件，生成待审核的计划草稿（在网页“导入通知”中审核并入库）。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--region", help="区划名称，默认取通知中的发文区划")
        parser.add_argument("--year", type=int, help="年度，默认取通知中的年度")

    def handle(self, *args, file, region=None, year=None, **options):
        path = Path(file)
        try:
            data = read_file(path)
            if region is None:
                from minsheng.notices.extraction.draft import extract
                from minsheng.notices.reading import read_document

                region = extract(read_document(data, path.name)[0])["plan"]["region"]
            place = Region.objects.filter(name=region).first() if region else None
            if place is None:
                raise CommandError(
                    f"未找到区划“{region}”，请用 --region 指定。" if region else "请用 --region 指定区划。"
                )
            notice = start_import(data, path.name, place)
        except ReadError as e:
            raise CommandError(str(e)) from None
        if year:
            notice.draft["plan"]["year"] = year
            notice.save(update_fields=["draft"])
        count = len(notice.draft["projects"])
        self.stdout.write(
            f"已生成待审核草稿 {notice.pk}：{count} 个项目。请在网页上审核：/notices/{notice.pk}/"
        )
