"""`minsheng bulletin --plan ID --month YYYY-MM --out FILE.docx`: write a plan's monthly bulletin as
Word (or PDF when FILE ends in .pdf). The month's stored bulletin is written as the office edited
it when there is one; otherwise a fresh one is generated from the data, without saving anything."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from minsheng.plans.models import Plan
from minsheng.supervision.bulletins import queries as bulletin_data
from minsheng.supervision.bulletins import rules
from minsheng.supervision.bulletins.rules import BulletinError
from minsheng.supervision.models import Bulletin


class Command(BaseCommand):
    help = (
        "生成计划的月度通报（Word，或输出文件名以 .pdf 结尾时生成 PDF）。已有该月通报时按其已编辑的文字输出。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, required=True, help="计划编号")
        parser.add_argument("--month", required=True, metavar="YYYY-MM", help="通报月份，如 2024-06")
        parser.add_argument("--out", required=True, metavar="FILE", help="输出文件（.docx 或 .pdf）")
        parser.add_argument("--fresh", action="store_true", help="忽略已保存的通报，按当前数据重新生成")

    def handle(self, *args, plan, month, out, fresh=False, **options):
        path = Path(out)
        if path.suffix.lower() not in (".docx", ".pdf"):
            raise CommandError(f"输出文件“{out}”须以 .docx 或 .pdf 结尾。")
        item = Plan.objects.select_related("region").filter(pk=plan).first()
        if item is None:
            raise CommandError(f"没有编号为 {plan} 的计划。")
        started = time.perf_counter()
        stored = None if fresh else Bulletin.objects.filter(plan=item, month=month.strip()).first()
        if stored is None:
            try:
                sections = bulletin_data.compose_for(item, month)
            except BulletinError as e:
                raise CommandError("；".join(e.messages)) from None
            key = sections["month"]
            stored = Bulletin(
                plan=item,
                month=key,
                sections=sections,
                title=rules.default_title(item.region.name, key),
                number=rules.default_number(key),
            )
            source = "按当前数据生成"
        else:
            source = f"按已保存的通报（{stored.get_state_display()}）"
        data = bulletin_data.render_docx(stored)
        if path.suffix.lower() == ".pdf":
            from minsheng.notices.writers.pdf import docx_to_pdf

            try:
                data = docx_to_pdf(data)
            except RuntimeError as e:
                raise CommandError(str(e)) from None
        path.write_bytes(data)
        seconds = time.perf_counter() - started
        self.stdout.write(f"已写入 {path}（{stored.title}，{source}，用时 {seconds:.1f} 秒）")
