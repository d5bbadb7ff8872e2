"""Throwaway PostgreSQL clusters for the tests that need a server of their own (tests/test_replica.py,
e2e/stack.py): the server binaries, a free loopback port, a folder the postgres user can reach, and a
cluster in it that is made, started, stopped and removed — run as the postgres user when we are root
(initdb refuses root)."""

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def bindir() -> Path | None:
    """The newest /usr/lib/postgresql/*/bin (Debian keeps initdb there), else initdb's folder on PATH."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_user() -> str | None:
    """Who runs the server: nobody to switch to unless we are root, then postgres (or nobody)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
        return "postgres"
    except KeyError:
        return "nobody"


def as_server_user() -> list[str]:
    """The prefix that runs a program as server_user() (none when we are not root)."""
    user = server_user()
    return ["runuser", "-u", user, "--"] if user else []


def scratch(prefix: str) -> Path:
    """A new folder the server user owns: in memory when /dev/shm has room (over 1 GB free; a small
    cluster takes about 100 MB), else under /tmp."""
    shm = Path("/dev/shm")
    fast = shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 1 << 30
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=shm if fast else None))
    user = server_user()
    if user:
        shutil.chown(folder, user)
    return folder


class Cluster:
    """A cluster whose data is `home/name` and whose log is `home/name.log`; `home` is a scratch() folder,
    which several clusters may share."""

    def __init__(self, bindir: Path, home: Path, name: str, port: int):
        self.bindir, self.home, self.port = bindir, home, port
        self.data = home / name
        self.log = home / f"{name}.log"
        self.as_user = as_server_user()

    def run(self, program: str, *args: str) -> subprocess.CompletedProcess:
        """One of the server's programs, as the server user; RuntimeError with its output if it fails."""
        done = subprocess.run(
            [*self.as_user, str(self.bindir / program), *args], capture_output=True, text=True, timeout=120
        )
        if done.returncode != 0:
            raise RuntimeError(f"{program}: {done.stdout[-2000:]}{done.stderr[-2000:]}")
        return done

    def initdb(self, conf: str = "") -> None:
        """A new cluster (superuser postgres, trust, UTF-8); `conf` is added to its postgresql.conf."""
        self.run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        if conf:
            with (self.data / "postgresql.conf").open("a") as config:
                config.write(conf)

    def start(self, *settings: str) -> None:
        """Start on 127.0.0.1:port, its socket in home, without fsync; `settings` are more name=value."""
        options = f"-p {self.port} -k {self.home} -c listen_addresses=127.0.0.1 -c fsync=off"
        options += "".join(f" -c {setting}" for setting in settings)
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-o", options, "start")

    def stop(self) -> None:
        """Stop at once (no checkpoint: the data is thrown away); nothing is raised if it is not running."""
        subprocess.run(
            [*self.as_user, str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
            capture_output=True,
        )

    def remove(self) -> None:
        """Remove home, with every cluster in it: stop them first."""
        shutil.rmtree(self.home, ignore_errors=True)
