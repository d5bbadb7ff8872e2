"""A weak SECRET_KEY is refused in production: it signs the sessions, the device cookies of the login
and the public forms' start times, and keys the hashes of client addresses.

`weak_secret_key(key)` says why a key is weak (in Chinese) or returns None. `check --deploy` reports a
weak key as an error (minsheng.E001, so the command fails, where Django's own security.W009 only warns),
and `production_key_refusal()` stops `minsheng serve` and the WSGI application from starting with one
unless DEBUG is on. The key `make run` generates into var/secret_key (secrets.token_urlsafe(50)) is
strong.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

MIN_LENGTH = 50
MIN_UNIQUE = 10
# keys copied from documentation, tutorials and examples, and words people type when asked for one
KNOWN = {
    "x",
    "...",
    "secret",
    "secretkey",
    "secret_key",
    "secret-key",
    "changeme",
    "change-me",
    "change_me",
    "password",
    "django",
    "minsheng",
    "minsheng2024",
    "dev",
    "development",
    "test",
    "insecure",
}
HINT = (
    "生成一个新密钥：python -c 'import secrets; print(secrets.token_urlsafe(50))'，设为环境变量 SECRET_KEY。"
)


def weak_secret_key(key: str) -> str | None:
    """Why `key` is too weak for production, in Chinese; None when it is strong enough."""
    key = key or ""
    if key.strip().lower() in KNOWN or key.startswith("django-insecure"):
        return "SECRET_KEY 是公开的默认值或示例值"
    if len(key) < MIN_LENGTH:
        return f"SECRET_KEY 太短（{len(key)} 个字符，至少 {MIN_LENGTH} 个）"
    if len(set(key)) < MIN_UNIQUE:
        return f"SECRET_KEY 只用了 {len(set(key))} 种字符（至少 {MIN_UNIQUE} 种）"
    return None


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    reason = weak_secret_key(settings.SECRET_KEY)
    return [Error(f"{reason}，不能用于生产环境。", hint=HINT, id="minsheng.E001")] if reason else []


def production_key_refusal() -> None:
    """Raise ImproperlyConfigured (a Chinese message) when the site would serve with a weak key and
    DEBUG off; with DEBUG on (development) any key is accepted."""
    reason = None if settings.DEBUG else weak_secret_key(settings.SECRET_KEY)
    if reason:
        raise ImproperlyConfigured(f"拒绝启动：{reason}。{HINT}")
