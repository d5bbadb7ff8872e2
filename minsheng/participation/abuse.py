"""Guards for the public forms (proposals, the satisfaction survey): who a client is (a keyed hash of
its address, never the address itself), how many rows it made recently (counted in the database, so
every app process agrees), and a spam guard (a hidden field people leave empty, a signed start time so
a form filled in under a few seconds is refused, and a limit on links)."""

import datetime
import hashlib
import hmac
import re
import time

from django.conf import settings
from django.core import signing
from django.utils import timezone

HONEYPOT = "website"  # hidden from people by CSS and aria-hidden; bots fill it
STARTED = "started"
MIN_SECONDS = 3
MAX_AGE = 24 * 3600
MAX_LINKS = 2
_LINK = re.compile(r"https?://|www\.", re.I)
_SALT = "minsheng.participation.form"


def client_of(request) -> str:
    """A stable keyed hash of the client's address (the header named by MINSHENG_CLIENT_IP_HEADER
    behind a proxy, else REMOTE_ADDR)."""
    header = getattr(settings, "MINSHENG_CLIENT_IP_HEADER", "")
    address = ""
    if header:
        # the last entry is the one our proxy wrote; earlier ones come from the client and can be forged
        address = request.headers.get(header, "").split(",")[-1].strip()
    address = address or request.META.get("REMOTE_ADDR", "")
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def recent_count(queryset, client: str, hours: int = 1) -> int:
    """Rows of `queryset` (a model with `client` and `created_at`) this client made in the last hours."""
    since = timezone.now() - datetime.timedelta(hours=hours)  # real time: rows are stamped by auto_now_add
    return queryset.filter(client=client, created_at__gte=since).count()


def over_limit(queryset, client: str, per_hour: int) -> bool:
    return recent_count(queryset, client) >= per_hour


def start_token() -> str:
    """Put in the form as the hidden field `started` when the form is rendered."""
    return signing.dumps({"t": time.time()}, salt=_SALT)


def spam_reason(data, text: str = "") -> str | None:
    """Why a submitted form looks automated, in Chinese for the person who sent it; None if it looks
    human. `data` is the POST; `text` the free text to check for links."""
    if (data.get(HONEYPOT) or "").strip():
        return "提交未被接受，请刷新页面后重新填写。"
    try:
        started = signing.loads(data.get(STARTED) or "", salt=_SALT, max_age=MAX_AGE)["t"]
    except signing.SignatureExpired:
        return "页面停留时间过长，请刷新页面后重新提交。"
    except (signing.BadSignature, KeyError, TypeError):
        return "提交未被接受，请刷新页面后重新填写。"
    if time.time() - started < MIN_SECONDS:
        return "提交过快，请确认内容后再提交。"
    if len(_LINK.findall(text or "")) > MAX_LINKS:
        return f"内容中的网址过多（最多 {MAX_LINKS} 个）。"
    return None
