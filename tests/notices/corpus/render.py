"""Render a few corpus texts as .docx (one paragraph per line) and .pdf (LibreOffice conversion of that .docx).

These are our renditions of the real published texts, made so the importer's Word and PDF readers see the
same documents; the .txt stays the source. Run once: `.venv/bin/python tests/notices/corpus/render.py`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from docx import Document

HERE = Path(__file__).resolve().parent
RENDERED = [
    "hn-yuanjiang-2023-announcement",
    "sx-datong-2022-vote",
    "hb-shiyan-2011-report",
    "sc-mianyang-2024-vote-trad",
    "cq-chongqing-2025-report",
    "zj-zhenhai-2021-assessment-table",
]
SOFFICE = "/usr/bin/soffice"


def render_docx(doc_id: str) -> Path:
    document = Document()
    for line in (HERE / f"{doc_id}.txt").read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    out = HERE / f"{doc_id}.docx"
    document.save(out)
    return out


def render_pdf(docx_path: Path) -> Path | None:
    if not os.path.exists(SOFFICE):
        return None
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(HERE), str(docx_path)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return docx_path.with_suffix(".pdf")


def main() -> int:
    for doc_id in RENDERED:
        docx_path = render_docx(doc_id)
        pdf_path = render_pdf(docx_path)
        formats = ["txt", "docx"] + (["pdf"] if pdf_path and pdf_path.exists() else [])
        gold_path = HERE / f"{doc_id}.json"
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        gold["formats"] = formats
        gold_path.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(doc_id, formats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
