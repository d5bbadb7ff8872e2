"""The test provider (django-oauth-toolkit with OIDC on, tests/oidc_provider/) run as its own process on a
free loopback port with its own SQLite database and RSA key, for tests/test_oidc.py and e2e/stack.py:
`with Provider(folder, redirect_uri=…) as provider:` gives its issuer and `provider.claims(**values)`
sets what it says of its one user."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent.parent
CLIENT_ID, CLIENT_SECRET = "minsheng", "provider-test-secret"
STAFF, STAFF_PASSWORD = "zhangsan", "idp-password-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Provider:
    def __init__(self, folder: Path, redirect_uri: str, post_logout_redirect_uri: str = ""):
        self.folder = folder
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}/o"
        self.claims_file = folder / "claims.json"
        self.redirect_uri, self.post_logout = redirect_uri, post_logout_redirect_uri
        self.server: subprocess.Popen | None = None

    def __enter__(self) -> "Provider":
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
            "OIDC_PROVIDER_DIR": str(self.folder),
            "OIDC_PROVIDER_ISSUER": self.issuer,
        }
        env.pop("DATABASE_URL", None)
        django = [sys.executable, "-m", "django"]
        setup = [*django, "provider_setup", "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET]
        setup += ["--redirect-uri", self.redirect_uri, "--username", STAFF, "--password", STAFF_PASSWORD]
        setup += ["--post-logout-redirect-uri", self.post_logout]
        done = subprocess.run(setup, env=env, cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-3000:])
        self.log = (self.folder / "server.log").open("w")
        self.server = subprocess.Popen(
            [*django, "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{self.port}"],
            env=env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=1).ok:
                    return self
            except requests.ConnectionError:
                pass
            if self.server.poll() is not None or time.monotonic() > deadline:
                self.__exit__(None, None, None)
                raise RuntimeError((self.folder / "server.log").read_text())
            time.sleep(0.1)

    def __exit__(self, *exc) -> None:
        if self.server is not None and self.server.poll() is None:
            self.server.terminate()
            self.server.wait(10)
        self.log.close()

    def claims(self, **values) -> None:
        """What the provider says of its user at the next sign-in (name, email, minsheng_roles…)."""
        self.claims_file.write_text(json.dumps({STAFF: values}, ensure_ascii=False), encoding="utf-8")
