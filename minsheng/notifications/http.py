"""Posting JSON to another system (the government's SMS gateway, a group robot) and saying in Chinese
why it was not taken: an address that is not http(s), an HTTP error status, no connection, no answer
in time, an answer that is not JSON. One place for urllib's errors, so every client words them alike;
what an answer means (a gateway's `code`, a robot's `errcode`) is each client's own."""

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from minsheng.core.errors import DomainError

MAX_ANSWER = 64 * 1024  # bytes of an answer read: the codes are in the first few
JSON = "application/json; charset=utf-8"


class PostError(DomainError):
    """The other system did not take the post; the text says why, in Chinese. Each client raises its
    own subclass (sms.SmsError, robots.RobotError)."""

    default_message = "对方系统未接收消息。"


def is_web_url(url: str) -> bool:
    return urllib.parse.urlsplit(url or "").scheme in ("http", "https")


def post_json(
    url: str,
    payload: Any,
    headers: dict[str, str] | None = None,
    timeout: float = 5,
    *,
    peer: str = "对方系统",
    error: type[PostError] = PostError,
    text_ok: bool = False,
) -> Any:
    """POST `payload` as UTF-8 JSON and return the decoded answer of a 2xx status ({} for an empty one).
    Anything else raises `error` naming the `peer` ("短信平台", "机器人"). An answer that is not JSON
    is an error too, unless `text_ok` (then None is returned: the other system took it)."""
    if not is_web_url(url):
        raise error(f"{peer}地址必须以 http:// 或 https:// 开头。")
    body = json.dumps(payload, ensure_ascii=False).encode()
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": JSON, **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked)
            answer = response.read(MAX_ANSWER)
    except urllib.error.HTTPError as e:
        raise error(f"{peer}返回 HTTP {e.code}") from None
    except (urllib.error.URLError, OSError) as e:  # refused, unknown host, timed out (also while reading)
        raise error(f"无法连接{peer}：{getattr(e, 'reason', e)}") from None
    try:
        return json.loads(answer or b"{}")
    except ValueError:
        if text_ok:
            return None
        raise error(f"{peer}应答不是 JSON：{answer[:100]!r}") from None
