"""A weak or default SECRET_KEY fails `check --deploy` and stops `minsheng serve` and the WSGI
application from starting with DEBUG off; the key `make run` generates is strong."""

import importlib
import os
import secrets
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError

from minsheng.core import datadir
from minsheng.core.checks import weak_secret_key

STRONG = secrets.token_urlsafe(50)


@pytest.mark.parametrize(
    "key",
    ["x", "...", "changeme", "django-insecure-" + "k" * 50, "s3cr3t-but-short", "ab" * 40, "0123456789" * 3],
)
def test_weak_keys_are_named(key):
    assert weak_secret_key(key)


def test_a_random_key_is_strong():
    assert weak_secret_key(STRONG) is None
    assert weak_secret_key(secrets.token_hex(32)) is None  # openssl rand -hex 32


def test_check_deploy_fails_on_a_weak_key(settings):
    settings.SECRET_KEY = "x"
    with pytest.raises(SystemCheckError, match="minsheng.E001"):
        call_command("check", "--deploy")


def test_check_deploy_accepts_a_strong_key(settings, capsys):
    settings.SECRET_KEY = STRONG
    call_command("check", "--deploy")  # warnings about HTTPS settings may remain, no error
    assert "minsheng.E001" not in capsys.readouterr().err


def test_the_key_make_run_generates_is_strong(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    datadir.prepare(tmp_path)  # what `minsheng` does before the settings are read
    key = datadir.stored_secret_key(tmp_path)
    assert (tmp_path / "secret_key").read_text().strip() == key
    assert weak_secret_key(key) is None


def test_the_test_settings_key_is_accepted(settings):
    assert weak_secret_key(settings.SECRET_KEY) is None


@pytest.fixture
def no_exec(monkeypatch):
    """`minsheng serve` replaces the process with gunicorn: record the call instead."""
    calls = []
    monkeypatch.setattr(os, "execv", lambda *args: calls.append(args))
    return calls


def test_serve_refuses_a_weak_key(settings, no_exec):
    settings.SECRET_KEY = "x"
    with pytest.raises(CommandError, match="拒绝启动：SECRET_KEY 是公开的默认值"):
        call_command("serve")
    assert no_exec == []


def test_serve_starts_with_a_strong_key_or_in_development(settings, no_exec):
    settings.SECRET_KEY = STRONG
    call_command("serve")
    settings.SECRET_KEY, settings.DEBUG = "x", True
    call_command("serve")
    assert len(no_exec) == 2


def test_the_wsgi_application_refuses_a_weak_key(settings, monkeypatch):
    settings.SECRET_KEY = "short"
    monkeypatch.delitem(sys.modules, "minsheng.wsgi", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY 太短"):
        importlib.import_module("minsheng.wsgi")
    settings.SECRET_KEY = STRONG
    monkeypatch.delitem(sys.modules, "minsheng.wsgi", raising=False)
    assert importlib.import_module("minsheng.wsgi").application
