"""The hostile corpus (tests/notices/hostile_corpus.py) through `minsheng extract FILE --json` and the
upload page: every file gets a Chinese message or a correct reading, never a traceback or a 500, and the
database keeps its plans, projects, indicators and import drafts (a file that is read makes exactly one
draft for review, under a name of ours). No timing or memory here: bench/hostile_memory.py measures."""

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files import uploadhandler

from minsheng.cli import main
from minsheng.notices.models import ImportState, NoticeImport
from minsheng.notices.readers.safety import MAX_UPLOAD_BYTES
from minsheng.plans.models import Indicator, Plan, Project
from tests.forms import form_data
from tests.notices.hostile_corpus import CASES, SECRET, build

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")
ERROR = re.compile(
    r'<(?:p class="message error"|small class="field-error") role="alert">(.*?)</(?:p|small)>', re.S
)
BOUNDARY = "hostile-boundary-7MA4YWxkTrZu0gW"


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    directory = tmp_path_factory.mktemp("hostile")
    return lambda name: build(directory, [name])[name]


def assert_chinese(message: str) -> None:
    """A message for a person: Chinese sentences, no Python exception text."""
    assert len(CJK.findall(message)) >= 6, message
    assert "Traceback" not in message and "Exception" not in message, message
    assert not re.search(r"\b\w+Error\b", message.replace("CommandError", "")), message


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 40
    assert {case.expect for case in CASES.values()} == {"refused", "read", "either"}


# --- minsheng extract ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CASES))
def test_extract_command(name, corpus, capsys):
    case, path = CASES[name], corpus(name)
    code = 0
    try:
        main(["extract", str(path), "--json"])
    except SystemExit as exit:
        code = exit.code
    out, err = capsys.readouterr()
    assert SECRET not in out + err
    if code == 0:
        assert case.expect in ("read", "either"), f"{name} was read: {out[:300]}"
        draft = json.loads(out)
        if case.projects is not None:
            assert len(draft["projects"]) == case.projects
    else:
        assert case.expect in ("refused", "either"), f"{name} was refused: {err}"
        assert_chinese(err)
        assert case.message in err


def test_extract_exits_non_zero_with_the_message_on_stderr(tmp_path):
    """The real console command, in its own process: exit code 1, the message on stderr."""
    paths = build(tmp_path, ["docx-zip-version-99", "docx-bomb-lying-document"])
    for name, path in paths.items():
        done = subprocess.run(
            [sys.executable, "-m", "minsheng.cli", "extract", str(path), "--json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 1, (name, done.stderr)
        assert done.stdout == ""
        assert_chinese(done.stderr)
        assert CASES[name].message in done.stderr and "Traceback" not in done.stderr


# --- the upload page -----------------------------------------------------------------------------


def counts() -> dict[str, int]:
    return {
        "plans": Plan.objects.count(),
        "projects": Project.objects.count(),
        "indicators": Indicator.objects.count(),
        "imports": NoticeImport.objects.count(),
    }


def multipart(fields: dict[str, str], filename: str, data: bytes) -> bytes:
    """The body a browser sends for the form: its fields and the file, under a name we choose byte by
    byte (the test client would strip a path from it before the server sees it)."""
    out = b""
    for name, value in fields.items():
        out += f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    out += f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'.encode()
    out += b"Content-Type: application/octet-stream\r\n\r\n" + data + f"\r\n--{BOUNDARY}--\r\n".encode()
    return out


def rendered_form(client) -> dict[str, str]:
    page = client.get("/notices/")
    assert page.status_code == 200
    text = page.content.decode()
    fields = {k: v for k, v in form_data(text).items() if k != "file"}
    if not fields.get("region"):  # nothing selected: a browser sends the first option
        fields["region"] = re.search(r'<option value="(\d+)"', text).group(1)
    return fields


@pytest.mark.parametrize("name", list(CASES))
def test_upload(name, corpus, client_for, settings, tmp_path, worker):
    """A file up to IMPORT_INLINE_BYTES is read in the request (refused: 400 and nothing written); a larger
    one is stored and read by the background worker (refused: the import 识别失败 with the message on its
    page, nothing else written)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    case, data = CASES[name], corpus(name).read_bytes()
    client = client_for("office")
    fields = rendered_form(client)
    before = counts()
    response = client.post(
        "/notices/",
        multipart(fields, case.filename, data),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )
    page = response.content.decode()
    assert SECRET not in page
    notice = NoticeImport.objects.latest("pk") if response.status_code == 302 else None
    if notice is not None and notice.state == ImportState.READING:
        assert len(data) > settings.IMPORT_INLINE_BYTES
        worker()
        notice.refresh_from_db()
        page = client.get(notice.get_absolute_url()).content.decode()
        assert SECRET not in page
    after = counts()
    if notice is not None:
        assert after == before | {"imports": before["imports"] + 1}
        assert not re.search(r"[/\\\x00]", notice.filename) and ".." not in notice.filename
        assert Path(notice.file.path).resolve().is_relative_to((tmp_path / "media" / "notices").resolve())
    if notice is not None and notice.state == ImportState.REVIEWING:
        assert case.expect in ("read", "either"), f"{name} was read"
        assert SECRET not in json.dumps(notice.draft, ensure_ascii=False)
        if case.projects is not None:
            assert len(notice.draft["projects"]) == case.projects
    elif notice is not None:  # refused by the worker
        assert notice.state == ImportState.FAILED and notice.draft == {}
        assert case.expect in ("refused", "either"), f"{name} was refused: {notice.error}"
        assert_chinese(notice.error)
        assert notice.error in html.unescape(page)
        if case.expect == "refused":
            assert case.message in notice.error
    else:
        assert response.status_code == 400, response.status_code
        message = "；".join(html.unescape(shown) for shown in ERROR.findall(page))
        assert_chinese(message)
        if case.expect == "refused":
            assert case.message in message
        assert after == before


class _Zeros:
    """A request body of `size` bytes made on the fly: the head, zeros, the tail."""

    def __init__(self, head: bytes, size: int, tail: bytes):
        self.parts = [head, None, tail]
        self.zeros = size - len(head) - len(tail)

    def read(self, size: int = -1) -> bytes:
        while self.parts:
            if self.parts[0] is None:
                if self.zeros > 0:
                    chunk = min(self.zeros, size if size > 0 else 1024 * 1024)
                    self.zeros -= chunk
                    return bytes(chunk)
                self.parts.pop(0)
            elif self.parts[0]:
                part = self.parts[0]
                taken, self.parts[0] = (part, b"") if size < 0 else (part[:size], part[size:])
                return taken
            else:
                self.parts.pop(0)
        return b""

    readline = read  # LimitedStream wants one; the multipart parser does not use it


def test_a_200_mb_upload_is_refused_without_being_stored(client_for, monkeypatch):
    """The body streams through: nothing past the 20 MB limit reaches memory or the temporary file."""
    stored = []
    keep = uploadhandler.TemporaryFileUploadHandler.receive_data_chunk

    def counting(self, raw_data, start):
        stored.append(len(raw_data))
        return keep(self, raw_data, start)

    monkeypatch.setattr(uploadhandler.TemporaryFileUploadHandler, "receive_data_chunk", counting)
    client = client_for("office")
    fields = rendered_form(client)
    size = 200 * 1024 * 1024
    body = multipart(fields, "大文件.docx", b"")
    head, tail = body[: -len(f"\r\n--{BOUNDARY}--\r\n")], f"\r\n--{BOUNDARY}--\r\n".encode()
    before = counts()
    body = {
        "wsgi.input": _Zeros(head, size, tail),
        "CONTENT_LENGTH": str(size),
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
    }
    response = client.generic("POST", "/notices/", **body)
    assert response.status_code == 400
    assert "文件超过 20 MB 上限" in html.unescape(ERROR.search(response.content.decode()).group(1))
    assert sum(stored) <= MAX_UPLOAD_BYTES
    assert counts() == before
