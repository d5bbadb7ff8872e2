import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from minsheng.notices.extraction.draft import extract
from minsheng.notices.readers.grid import ReadError
from minsheng.notices.reading import read_document, read_file


class Command(BaseCommand):
    help = "识别通知文件（.docx/.pdf/.xlsx/.txt），打印计划草稿，不写数据库。"
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出（默认输出摘要）")

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            doc, _ = read_document(read_file(path), path.name)
        except ReadError as e:
            raise CommandError(str(e)) from None
        draft = extract(doc)
        if options["json"]:
            self.stdout.write(_dumps(draft))
            return
        meta = draft["plan"]
        self.stdout.write(f"{meta['region'] or '（区划未识别）'} {meta['year']}年 {meta['title']}")
        for p in draft["projects"]:
            targets = "；".join(f"{t['comparator']}{t['value']}{t['unit']}" for t in p["targets"])
            self.stdout.write(f"  {p['seq']:>5} {p['name'][:30]} [{'、'.join(p['lead_units'])}] {targets}")
        for warning in draft["warnings"]:
            self.stderr.write(f"提示：{warning}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)
