"""`minsheng regions FILE`: the region tree from a .csv or .xlsx (rules.py says the columns), each new
region with its government, in one transaction, each audited (途径 命令行); a region already there is
left as it is, and a file with any wrong row writes nothing. `--builtin` loads the tree the platform
ships with (Jining city's, core/region_data.py) the same way."""

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction

from minsheng.core.audit import log_action
from minsheng.core.bootstrap import ensure_aliases
from minsheng.core.models import Region, Unit, UnitKind
from minsheng.core.region_data import REGIONS
from minsheng.core.spreadsheet import cell_text
from minsheng.notices.readers.grid import ReadError
from minsheng.notices.readers.zipguard import safe_office_zip
from minsheng.site.regions import rules

MAX_BYTES = 20 * 1024 * 1024
HEADERS = ("区划代码", "名称")
OPTIONAL = ("类型", "上级", "政府")


@dataclass
class Outcome:
    created: list[Region] = field(default_factory=list)
    existing: int = 0
    named_otherwise: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # code, the list's, the platform's


def _table(rows: list[list]) -> list[tuple[int, dict]]:
    if not rows:
        raise ReadError("文件中没有数据。")
    header = [cell_text(v) for v in rows[0]]
    missing = [h for h in HEADERS if h not in header]
    if missing:
        raise ReadError(f"第 1 行缺少“{'”“'.join(missing)}”列（可选列：{'、'.join(OPTIONAL)}）。")
    wanted = [h for h in (*HEADERS, *OPTIONAL) if h in header]
    out = []
    for number, cells in enumerate(rows[1:], 2):
        values = {
            h: cell_text(cells[header.index(h)]) if header.index(h) < len(cells) else "" for h in wanted
        }
        if any(values.values()):
            out.append((number, values))
    return out


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel's "CSV UTF-8", or the GBK of older tools
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError("无法识别 CSV 文件的编码，请另存为 UTF-8 编码的 CSV 或 Excel（.xlsx）。")


def read(data: bytes, filename: str) -> list[tuple[int, dict]]:
    if not data:
        raise ReadError("文件为空。")
    if len(data) > MAX_BYTES:
        raise ReadError(f"文件超过 {MAX_BYTES // 1024 // 1024} MB 上限。")
    if data.startswith(b"PK"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(safe_office_zip(data, "xlsx")), read_only=True, data_only=True)
            rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
        except ReadError:
            raise
        except Exception:  # openpyxl raises many kinds of errors for damaged files
            raise ReadError("无法读取该 Excel 文件，文件可能已损坏。") from None
        return _table(rows)
    if not filename.lower().endswith((".csv", ".txt")):
        raise ReadError("请提供 .csv 或 .xlsx 文件（第 1 行为列名：区划代码、名称）。")
    return _table(list(csv.reader(io.StringIO(_decode(data)))))


def _key(region: Region) -> str:
    return region.code or f"名称:{region.name}"


@transaction.atomic
def load(rows: list[tuple[int, dict]], dry_run: bool = False) -> Outcome:
    """Check the rows against each other and the regions already there; make the missing ones. Raises
    ReadError listing every problem (nothing written)."""
    everything = list(Region.objects.select_related("parent"))
    regions = {_key(r): r for r in everything}
    by_place = {(r.parent_id, r.name): r for r in everything}  # a region without its code on the platform
    checked, errors = rules.check(rows, {k: r.name for k, r in regions.items()})
    outcome = Outcome()
    for row in checked:
        parent = regions.get(row.parent)
        there = regions.get(row.key) or by_place.get((parent.pk if parent else None, row.name))
        if there is None:
            continue
        regions[row.key] = there
        if (_key(there.parent) if there.parent else "") != row.parent:
            now = there.parent.name if there.parent else "无（顶级）"
            errors.append(
                f"第 {row.line} 行：{row.name} 已在平台中，但上级不同（现为 {now}），未改动任何区划。"
            )
    if errors:
        raise ReadError("\n".join(errors))
    for row in checked:
        if row.key in regions:
            outcome.existing += 1
            if regions[row.key].name != row.name:
                outcome.named_otherwise.append((row.code, row.name, regions[row.key].name))
            continue
        if dry_run:
            outcome.created.append(Region(name=row.name, code=row.code, kind=row.kind))
            regions[row.key] = outcome.created[-1]
            continue
        region = Region.objects.create(
            name=row.name, code=row.code, kind=row.kind, parent=regions.get(row.parent), order=row.line
        )
        Unit.objects.get_or_create(
            name=row.government, region=region, defaults={"kind": UnitKind.GOVERNMENT, "governs": region}
        )
        changes = {"名称": (None, row.name), "区划代码": (None, row.code or None), "上级": (None, row.parent)}
        log_action(region, "create", changes=changes, via="cli")
        regions[row.key] = region
        outcome.created.append(region)
    return outcome


def builtin_rows() -> list[tuple[int, dict]]:
    """The tree the platform ships with (core/region_data.py), as the rows of a list."""
    return [
        (n, {"区划代码": code, "名称": name, "类型": kind, "上级": parent or "", "政府": government})
        for n, (name, code, kind, parent, government) in enumerate(REGIONS, 1)
    ]


def load_builtin(dry_run: bool = False) -> Outcome:
    """The tree the platform ships with, through the same checks and audit as a list, then the known
    units' other names."""
    outcome = load(builtin_rows(), dry_run=dry_run)
    if not dry_run:
        ensure_aliases()
    return outcome
