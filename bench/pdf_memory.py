"""Benchmark: time and memory of reading a long PDF notice table with read_pdf.

Builds a notice-like .docx (a title, a paragraph and one long 5-column table with a repeated header row,
merged category rows, bold lead units and line breaks in cells), converts it to PDF with LibreOffice
and caches the PDFs in /tmp/minsheng-bench-pdf. Then reads a short and a long PDF and prints pages,
table rows, seconds and peak memory: the ru_maxrss growth of a plain run, and tracemalloc's peak in a
second, traced run (tracing makes that run slower; its time is not reported). If memory stays flat
per page, the long file's peak is close to the short one's plus the grid it returns.

Usage: .venv/bin/python bench/pdf_memory.py [PAGES ...]   (default: 30 300)
"""

import gc
import os
import resource
import shutil
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import docx  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402

from minsheng.notices.readers.pdf import read_pdf  # noqa: E402

CACHE = Path("/tmp/minsheng-bench-pdf")
ITEMS_PER_PAGE = 7.92  # what LibreOffice fits on a Letter page with the rows below


def build_docx(path: Path, items: int) -> None:
    document = docx.Document()
    document.add_paragraph().add_run("关于办好重点民生实事的通知").bold = True
    document.add_paragraph("现将重点民生实事项目印发给你们，请认真抓好落实。" * 3)
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    header = ["序号", "项目名称", "内容概述", "实施内容及工作目标", "承办单位"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for number in range(1, items + 1):
        if number % 20 == 1:
            cells = table.add_row().cells
            cells[0].merge(cells[4]).paragraphs[0].add_run(f"第{number // 20 + 1}类 民生保障").bold = True
        cells = table.add_row().cells
        cells[0].text = str(number)
        cells[1].text = f"实施第{number}项民生工程"
        cells[2].text = "年内新增托位1万个，培育优质示范机构，加强从业人员培训。"
        run = cells[3].paragraphs[0].add_run("①新增托位1万个，总量达到3.7万个；")
        run.add_break()
        run.add_text("②遴选15个市级示范托育机构。")
        unit = cells[4].paragraphs[0]
        unit.add_run("市卫生健康委").bold = True
        unit.add_run("，市发展改革委，各县（市、区）")
    document.save(path)


def notice_pdf(pages: int) -> Path:
    CACHE.mkdir(exist_ok=True)
    pdf = CACHE / f"notice-{pages}p.pdf"
    if not pdf.exists():
        source = CACHE / f"notice-{pages}p.docx"
        build_docx(source, round(pages * ITEMS_PER_PAGE))
        soffice = shutil.which("soffice") or "/usr/bin/soffice"
        profile = (CACHE / "libreoffice-profile").as_uri()
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
        subprocess.run([*command, "--outdir", str(CACHE), str(source)], check=True, capture_output=True)
    return pdf


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(pdf: Path) -> None:
    import pdfplumber

    data = pdf.read_bytes()
    with pdfplumber.open(pdf) as opened:
        pages = len(opened.pages)
    gc.collect()
    rss_before = maxrss_mb()
    start = time.perf_counter()
    document = read_pdf(data, pdf.name)
    seconds = time.perf_counter() - start
    rss_growth = maxrss_mb() - rss_before
    rows = sum(len(t.rows) for t in document.tables())
    del document
    gc.collect()
    tracemalloc.start()
    read_pdf(data, pdf.name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{pdf.name:<22} pages {pages:>4}  rows {rows:>5}  {seconds:7.1f} s  {seconds / pages * 1000:6.0f} ms/page"
        f"  tracemalloc peak {peak / 1024 / 1024:6.1f} MB  ru_maxrss growth {rss_growth:6.1f} MB",
        flush=True,
    )


def main() -> None:
    targets = [int(arg) for arg in sys.argv[1:]] or [30, 300]
    print(f"python {sys.version.split()[0]}, pid {os.getpid()}")
    for pages in sorted(targets):  # the short file first: ru_maxrss only grows
        measure(notice_pdf(pages))


if __name__ == "__main__":
    main()
