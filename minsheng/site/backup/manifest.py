"""A backup's manifest, as plain functions: what the archive holds (the database copy, every media file,
the installation's stored secret key), each member's size and SHA-256, the database's row count per
table at the moment of the copy, and the migrations it was at. `verify` checks an archive's members
against it before anything is restored. No database, no Django."""

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import PurePosixPath

FORMAT = 1
NAME = "manifest.json"
CHUNK = 1024 * 1024
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """What went wrong, in Chinese, for the operator."""


def sha256_of(stream) -> tuple[str, int]:
    """(hex digest, bytes) of a binary stream, read in chunks."""
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


@dataclass
class Manifest:
    vendor: str  # "postgresql" or "sqlite"
    created: str  # ISO time with its offset
    release: str  # the code's version that wrote it
    counts: dict[str, int]  # table -> rows at the moment of the copy
    migrations: dict[str, str]  # app -> its latest applied migration
    files: dict[str, dict] = field(default_factory=dict)  # member -> {"sha256", "bytes"}
    format: int = FORMAT

    @property
    def database_file(self) -> str:
        return DATABASE_FILES[self.vendor]

    def add(self, member: str, digest: str, size: int) -> None:
        self.files[member] = {"sha256": digest, "bytes": size}

    def dumps(self) -> bytes:
        data = {
            "format": self.format,
            "vendor": self.vendor,
            "created": self.created,
            "release": self.release,
            "counts": dict(sorted(self.counts.items())),
            "migrations": dict(sorted(self.migrations.items())),
            "files": dict(sorted(self.files.items())),
        }
        return json.dumps(data, ensure_ascii=False, indent=1).encode()

    @classmethod
    def loads(cls, raw: bytes) -> "Manifest":
        try:
            data = json.loads(raw)
            if data.get("format") != FORMAT:
                raise BackupError(f"备份格式 {data.get('format')} 不是本版本能恢复的格式 {FORMAT}。")
            if data["vendor"] not in DATABASE_FILES:
                raise BackupError(f"备份的数据库类型“{data['vendor']}”无法识别。")
            return cls(
                vendor=data["vendor"],
                created=str(data["created"]),
                release=str(data.get("release", "")),
                counts={str(k): int(v) for k, v in data["counts"].items()},
                migrations={str(k): str(v) for k, v in data["migrations"].items()},
                files={str(k): dict(v) for k, v in data["files"].items()},
            )
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            raise BackupError(f"备份清单（{NAME}）已损坏：{e}") from None


def safe_member(name: str) -> bool:
    """A member name that stays inside the folder it is extracted to."""
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def verify(manifest: Manifest, found: dict[str, tuple[str, int]]) -> list[str]:
    """The problems of an archive whose members hash to `found` ({member: (sha256, bytes)}), in Chinese;
    empty when every member the manifest lists is there, whole, and nothing else is."""
    problems = []
    if manifest.database_file not in manifest.files:
        problems.append(f"清单中没有数据库文件 {manifest.database_file}。")
    for member, expected in sorted(manifest.files.items()):
        if member not in found:
            problems.append(f"缺少文件：{member}")
        elif found[member] != (expected["sha256"], expected["bytes"]):
            problems.append(f"文件已损坏（校验和不符）：{member}")
    problems += [f"清单外的文件：{m}" for m in sorted(set(found) - set(manifest.files)) if m != NAME]
    problems += [f"不安全的文件路径：{m}" for m in sorted(found) if not safe_member(m)]
    return problems


def count_differences(expected: dict[str, int], restored: dict[str, int]) -> list[str]:
    """Tables whose restored row count differs from the manifest's."""
    return [
        f"{table}：应为 {rows} 行，实为 {restored.get(table, '无此表')}"
        for table, rows in sorted(expected.items())
        if restored.get(table) != rows
    ]


def archive_name(moment: datetime.datetime) -> str:
    return f"minsheng-backup-{moment:%Y%m%d-%H%M%S}.tar"
