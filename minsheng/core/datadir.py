"""The installation's data folder (./var unless MINSHENG_DATA_DIR says otherwise): the SQLite database,
the secret key, the media and the collected static files. Plain Python, no Django: the settings read
the path and the key from here without writing anything; the folders and the key file are made by the
`minsheng` command and the WSGI application before Django starts (`prepare`), and the folders the
running site needs by the core app when Django is set up (`make_folders`)."""

import os
import secrets
from pathlib import Path

KEY_FILE = "secret_key"


def data_dir() -> Path:
    return Path(os.environ.get("MINSHENG_DATA_DIR", Path(__file__).resolve().parents[2] / "var"))


def stored_secret_key(folder: Path) -> str | None:
    """The key kept on disk for this installation, None when there is none yet."""
    path = folder / KEY_FILE
    return path.read_text().strip() if path.exists() else None


def prepare(folder: Path | None = None) -> None:
    """Before Django starts: without a SECRET_KEY in the environment, keep one on disk (made once,
    readable only by its owner) so sessions survive restarts and every worker signs with the same key."""
    if os.environ.get("SECRET_KEY"):
        return
    folder = folder or data_dir()
    if stored_secret_key(folder) is None:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / KEY_FILE
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)


def make_folders(*folders: Path) -> None:
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
