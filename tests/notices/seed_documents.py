"""Test fixtures: the five seed notices as .docx, .pdf and .xlsx files, for testing every reader.

Each file is built from the seed's own preamble (the text before its table, markup stripped) and the
hand-made gold draft of that seed, laid out the way the seed's table is laid out (see
shared/seeds/README.md). A per-seed layout table is fine here: this makes fixtures, it extracts nothing.

Built files are cached under the temp directory, keyed by the seed and a hash of the writers, this module,
the gold draft and the seed text, so the slow PDF conversion runs once per machine.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

import minsheng
from minsheng.notices.writers import excel as xlsx_writer
from minsheng.notices.writers import pdf as pdf_writer
from minsheng.notices.writers import word as writers
from minsheng.notices.writers.word import Layout

SEEDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "seeds"
GOLD_DIR = Path(minsheng.__file__).resolve().parent / "plans" / "demo_data"
CACHE_DIR = Path(tempfile.gettempdir()) / "minsheng-seed-documents"
KINDS = ("docx", "pdf", "xlsx")
MARKUP = re.compile(r"<[^>]+>|\[bookmark:[^\]]*\]")

# How each seed's table is laid out (shared/seeds/README.md).
SEED_LAYOUTS: dict[str, dict] = {
    # Jining 2024: one 承办单位 column, lead unit first (bold in the original, kept bold here), category rows.
    "000_618b073f69cd5396.txt": {"deadline_column": False, "leaders_column": False},
    # Jining 2023: 内容概述 column, bold lead units with the note, category rows.
    "001_78c4bcec02d1362b.txt": {"summary_column": True, "deadline_column": False, "leaders_column": False},
    # Jingkai 2023: no categories, separate 牵头单位 / 协办单位 columns, one unit a line.
    "002_1e0cb74f39c37055.txt": {
        "deadline_column": False,
        "leaders_column": False,
        "separate_unit_columns": True,
        "bold_note": False,
    },
    # Weishan 2024: 序号 and 项目类别 merged down over the item rows, 分管县领导, 责任单位 / 协办单位.
    "003_22dbb4daa77c740a.txt": {
        "category_style": "column",
        "name_column": False,
        "content_header": "项目内容及工作目标",
        "deadline_column": False,
        "leaders_column": True,
        "leaders_header": "分管县领导",
        "separate_unit_columns": True,
        "lead_header": "责任单位",
        "unit_separator": "、",
        "bold_note": False,
    },
    # Gaoxin 2022: 序号 (一、二…) and the category as 项目名称 merged down, items "1、…" in the content,
    # 完成期限, 主办单位 / 协办单位.
    "004_287702023e222ac5.txt": {
        "category_style": "column",
        "category_header": "项目名称",
        "name_column": False,
        "content_header": "项目内容及规模",
        "seq_in_content": True,
        "deadline_column": True,
        "leaders_column": False,
        "separate_unit_columns": True,
        "lead_header": "主办单位",
        "unit_separator": "、",
        "bold_note": False,
    },
}


def _gold_files() -> dict[str, Path]:
    by_source = {}
    for path in sorted(GOLD_DIR.glob("*.json")):
        source = json.loads(path.read_text(encoding="utf-8")).get("source")
        if source:
            by_source[source] = path
    return by_source


def seed_names() -> list[str]:
    """The seed files that have a gold draft (whether or not shared/seeds is on this machine)."""
    return sorted(_gold_files())


def gold(seed_file: str) -> dict:
    """The hand-made gold draft of a seed."""
    return json.loads(_gold_files()[seed_file].read_text(encoding="utf-8"))


def preamble_and_title(seed_text: str) -> tuple[list[str], str]:
    """The lines before the table starts (markup stripped) and the table's title (the last of them)."""
    lines = []
    for raw in seed_text.splitlines():
        if raw.strip().startswith("序号"):
            break
        line = MARKUP.sub("", raw).strip().lstrip("#").strip()
        if line and not set(line) <= {"-"}:
            lines.append(line)
    title = lines.pop() if lines and "表" in lines[-1] else ""
    return lines, title


def layout(seed_file: str) -> Layout:
    path = SEEDS_DIR / seed_file
    if not path.exists():
        raise FileNotFoundError(f"seed notice {path} is not on this machine")
    preamble, title = preamble_and_title(path.read_text(encoding="utf-8"))
    return Layout(title=title, preamble=preamble, **SEED_LAYOUTS.get(seed_file, {}))


def _key(seed_file: str) -> str:
    digest = hashlib.sha256()
    for path in (
        Path(writers.__file__),
        Path(xlsx_writer.__file__),
        Path(pdf_writer.__file__),
        Path(__file__),
        _gold_files()[seed_file],
        SEEDS_DIR / seed_file,
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _write_atomically(path: Path, data: bytes) -> None:
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    os.replace(partial, path)


def build(seed_file: str, kind: str) -> Path:
    """The seed as a .docx, .pdf or .xlsx file (built once, then cached)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    seed_layout = layout(seed_file)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    target = CACHE_DIR / f"{Path(seed_file).stem}-{_key(seed_file)}.{kind}"
    if target.exists():
        return target
    if kind == "xlsx":
        data = xlsx_writer.draft_to_xlsx(gold(seed_file), seed_layout)
    elif kind == "docx":
        data = writers.draft_to_docx(gold(seed_file), seed_layout)
    else:
        data = pdf_writer.docx_to_pdf(build(seed_file, "docx").read_bytes())
    _write_atomically(target, data)
    for stale in CACHE_DIR.glob(f"{Path(seed_file).stem}-*.{kind}"):
        if stale != target:
            stale.unlink(missing_ok=True)
    return target
