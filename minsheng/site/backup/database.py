"""Copying the database out and back in, per engine, consistently.

PostgreSQL: one REPEATABLE READ transaction exports its snapshot; the row counts and the applied
migrations are read in it, and `pg_dump --snapshot` copies exactly that state (custom format), so the
manifest describes the very rows the dump holds however busy the site is. `pg_restore
--single-transaction --exit-on-error` puts it back all or nothing.

SQLite: the online backup API copies a consistent image while the site runs; a restore writes the
image beside the database file and renames it over the file, so a reader sees the old or the new
database, never half of one."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from minsheng.site.backup.manifest import BackupError


def vendor() -> str:
    return "sqlite" if connection.vendor == "sqlite" else "postgresql"


def tool(name: str) -> str:
    """A PostgreSQL client program: the newest server package's, else the one on the PATH."""
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    path = str(found[-1]) if found else shutil.which(name)
    if not path:
        raise BackupError(f"找不到 {name}：请安装 PostgreSQL 客户端（apt-get install postgresql-client）。")
    return path


def _pg_env(database: str | None = None) -> dict:
    db = settings.DATABASES["default"]
    return os.environ | {
        "PGHOST": str(db.get("HOST") or ""),
        "PGPORT": str(db.get("PORT") or ""),
        "PGUSER": str(db.get("USER") or ""),
        "PGPASSWORD": str(db.get("PASSWORD") or ""),
        "PGDATABASE": database or str(db["NAME"]),
    }


def _run(command: list[str], env: dict | None = None) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} 失败：{(done.stderr or done.stdout).strip()[-2000:]}")


def counts_and_migrations(cursor, tables: list[str]) -> tuple[dict[str, int], dict[str, str]]:
    quote = connection.ops.quote_name
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (names from introspection)
        counts[table] = cursor.fetchone()[0]
    migrations: dict[str, str] = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations")
        for app, name in cursor.fetchall():
            migrations[app] = max(migrations.get(app, ""), name)
    return counts, migrations


def dump(path: Path) -> tuple[dict[str, int], dict[str, str]]:
    """Copy the database to `path`; the row counts and migrations of that very copy."""
    if vendor() == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
            tables = [
                r[0]
                for r in target.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            return counts_and_migrations(target.cursor(), sorted(tables))
        finally:
            target.close()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        found = counts_and_migrations(cursor, sorted(connection.introspection.table_names(cursor)))
        _run(
            [
                tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={path}",
            ],
            _pg_env(),
        )
    return found


def current_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return counts_and_migrations(cursor, sorted(connection.introspection.table_names(cursor)))[0]


def holds_data() -> bool:
    """Whether the target database has any row in any table but the migrations' own record."""
    return any(rows for table, rows in current_counts().items() if table != "django_migrations")


def _ensure_pg_database() -> None:
    """Create the target database when the server has none of that name (a fresh machine)."""
    import psycopg
    from psycopg import sql

    db = settings.DATABASES["default"]
    params = {k: v for k, v in _pg_env("postgres").items() if k.startswith("PG") and v}
    conninfo = " ".join(
        f"{k[2:].lower()}={v}" for k, v in params.items() if k in ("PGHOST", "PGPORT", "PGUSER")
    )
    try:
        with psycopg.connect(
            conninfo, dbname="postgres", password=params.get("PGPASSWORD"), autocommit=True
        ) as server:
            if not server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
                server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
    except psycopg.Error as e:
        raise BackupError(f"无法连接数据库服务器或建库：{e}") from None


def refuse_if_in_use(replace: bool) -> None:
    """Refuse (BackupError) a target database that holds data unless `replace`: checked before the
    restore says it restores. On PostgreSQL the database is created first when the server has none."""
    connection.close()
    if vendor() == "sqlite":
        target = Path(settings.DATABASES["default"]["NAME"])
        if not replace and target.exists() and holds_data():
            raise BackupError(f"目标数据库已有数据：{target}。确认覆盖请加 --replace。")
        return
    _ensure_pg_database()
    if not replace and holds_data():
        raise BackupError(
            f"目标数据库 {settings.DATABASES['default']['NAME']} 已有数据。确认覆盖请加 --replace。"
        )


def restore(path: Path, replace: bool) -> None:
    """Put the copy at `path` in place of the configured database (which must hold no data unless
    `replace`: refuse_if_in_use, which archive.restore has already called before its progress line)."""
    refuse_if_in_use(replace)
    connection.close()
    if vendor() == "sqlite":
        target = Path(settings.DATABASES["default"]["NAME"])
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = target.with_name(target.name + ".restoring")
        shutil.copyfile(path, staged)
        for extra in (target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
            extra.unlink(missing_ok=True)
        os.replace(staged, target)
        return
    with connection.cursor() as cursor:  # empty tables of a migrated database, or data to be replaced
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    connection.close()
    _run(
        [
            tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={_pg_env()['PGDATABASE']}",
            str(path),
        ],
        _pg_env(),
    )
