"""Guards for the public forms (proposals, the satisfaction survey): who a client is (a keyed hash of
its address, never the address itself), how often it posted and how many rows it made recently (both
counted in the database, so every app process agrees), and a spam guard (a hidden field people leave
empty, a signed start time so a form filled in under a few seconds is refused, and a limit on links)."""

import datetime
import re
import time

from django.core import signing

from minsheng.core import clock, throttle
from minsheng.core.throttle import client_of as client_of  # the same client for the login (core)

HONEYPOT = "website"  # hidden from people by CSS and aria-hidden; bots fill it
STARTED = "started"
MIN_SECONDS = 3
MAX_AGE = 24 * 3600
MAX_LINKS = 2
ATTEMPTS_PER_ROW = 3  # posts allowed per allowed row: room for a few corrections, not for a flood
HOUR = datetime.timedelta(hours=1)
_LINK = re.compile(r"https?://|www\.", re.I)
_SALT = "minsheng.participation.form"


def recent_count(queryset, client: str, hours: int = 1) -> int:
    """Rows of `queryset` (a model with `client` and `created_at`) this client made in the last hours."""
    since = clock.now() - datetime.timedelta(hours=hours)  # the clock that stamps created_at
    return queryset.filter(client=client, created_at__gte=since).count()


def over_limit(queryset, client: str, per_hour: int) -> bool:
    return recent_count(queryset, client) >= per_hour


def too_many(form: str, queryset, client: str, per_hour: int) -> bool:
    """Count this post of a public form (every one, refused or not) and say whether the client is over
    its hourly share: more than ATTEMPTS_PER_ROW × per_hour posts of the form in the hour, or per_hour
    rows of `queryset` saved in the last hour. Call it first thing on every POST."""
    posts = throttle.count(f"form-{form}", client, HOUR)
    return posts > ATTEMPTS_PER_ROW * per_hour or over_limit(queryset, client, per_hour)


def start_token() -> str:
    """Put in the form as the hidden field `started` when the form is rendered."""
    return signing.dumps({"t": time.time()}, salt=_SALT)


def spam_reason(data, text: str = "", min_seconds: float | None = None) -> str | None:
    """Why a submitted form looks automated, in Chinese for the person who sent it; None if it looks
    human. `data` is the POST; `text` the free text to check for links; `min_seconds` the least time a
    person takes to fill the form (None: MIN_SECONDS; 0 for a one-click form with nothing to type)."""
    if (data.get(HONEYPOT) or "").strip():
        return "提交未被接受，请刷新页面后重新填写。"
    try:
        started = signing.loads(data.get(STARTED) or "", salt=_SALT, max_age=MAX_AGE)["t"]
    except signing.SignatureExpired:
        return "页面停留时间过长，请刷新页面后重新提交。"
    except (signing.BadSignature, KeyError, TypeError):
        return "提交未被接受，请刷新页面后重新填写。"
    if time.time() - started < (MIN_SECONDS if min_seconds is None else min_seconds):
        return "提交过快，请确认内容后再提交。"
    if len(_LINK.findall(text or "")) > MAX_LINKS:
        return f"内容中的网址过多（最多 {MAX_LINKS} 个）。"
    return None
