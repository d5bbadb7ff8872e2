"""Word → PDF with LibreOffice headless: how the tests and benchmarks make real PDF notices."""

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

PDF_TIMEOUT_SECONDS = 120


def docx_to_pdf(data: bytes) -> bytes:
    """Word → PDF with LibreOffice headless, in a private profile so parallel calls don't clash."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise RuntimeError("未找到 LibreOffice（soffice），无法把 Word 文档转换为 PDF，请先安装 LibreOffice")
    with tempfile.TemporaryDirectory(prefix="minsheng-pdf-") as work:
        source = Path(work) / "document.docx"
        source.write_bytes(data)
        outdir = Path(work) / "out"
        profile = (Path(work) / "profile").as_uri()
        command = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(source),
        ]
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env={**os.environ, "HOME": work},
        )
        try:
            _, errors = process.communicate(timeout=PDF_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise RuntimeError(f"LibreOffice 转换 PDF 超时（超过 {PDF_TIMEOUT_SECONDS} 秒）") from None
        pdf = outdir / "document.pdf"
        if process.returncode != 0 or not pdf.exists():
            detail = errors.decode("utf-8", "replace").strip()[-300:]
            raise RuntimeError(f"LibreOffice 转换 PDF 失败（退出码 {process.returncode}）：{detail}")
        return pdf.read_bytes()
