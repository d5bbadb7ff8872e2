"""Posting a text message to a group robot: 企业微信 and 钉钉 custom robots take the same JSON
{"msgtype": "text", "text": {"content": …}} and answer {"errcode": 0, "errmsg": "ok"}.

A 钉钉 robot with 加签 (signing) wants `timestamp` (milliseconds, real time — the robot refuses one
more than an hour off) and `sign` = urlencode(base64(HMAC-SHA256(key=secret,
msg=f"{timestamp}\\n{secret}"))) appended to its webhook URL."""

import base64
import hashlib
import hmac
import time
import urllib.parse

from minsheng.notifications import http

TIMEOUT = 5  # seconds
# Longest text content a robot takes, in UTF-8 bytes (企业微信: 2048; 钉钉 takes far more).
LIMITS = {"wecom": 2048, "dingtalk": 18000}
CUT = "\n……（内容较长，完整内容请登录平台查看）\n"


class RobotError(http.PostError):
    """The robot did not take the message; the text says why, in Chinese."""

    default_message = "机器人未接收消息，请检查地址与密钥。"


def sign(secret: str, timestamp_ms: int) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def signed_url(url: str, secret: str, timestamp_ms: int | None = None) -> str:
    timestamp_ms = int(time.time() * 1000) if timestamp_ms is None else timestamp_ms
    separator = "&" if urllib.parse.urlsplit(url).query else "?"
    return f"{url}{separator}timestamp={timestamp_ms}&sign={sign(secret, timestamp_ms)}"


def payload(text: str) -> dict:
    return {"msgtype": "text", "text": {"content": text}}


def fit(text: str, limit: int) -> str:
    """`text` cut to `limit` UTF-8 bytes, keeping its last line (the link to the platform)."""
    if len(text.encode()) <= limit:
        return text
    head, _, last = text.rpartition("\n")
    tail = CUT + last
    room = max(limit - len(tail.encode()), 0)
    return head.encode()[:room].decode(errors="ignore") + tail


def post_text(
    url: str, text: str, secret: str = "", timeout: float = TIMEOUT, limit: int | None = None
) -> None:
    """Send `text` (cut to `limit` bytes); raise RobotError unless the robot answers errcode 0."""
    if limit:
        text = fit(text, limit)
    if not http.is_web_url(url):
        raise RobotError("Webhook 地址必须以 http:// 或 https:// 开头。")
    if secret:
        url = signed_url(url, secret)
    result = http.post_json(url, payload(text), timeout=timeout, peer="机器人", error=RobotError)
    code = result.get("errcode", 0) if isinstance(result, dict) else 0
    if code != 0:
        raise RobotError(f"机器人返回错误 {code}：{result.get('errmsg', '')}")
