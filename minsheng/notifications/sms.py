"""Sending a text message through the government's SMS gateway (政务短信平台), when one is configured
(MINSHENG_SMS_URL). Such gateways take an HTTP POST; this one sends JSON
{"mobile": "13812345678", "content": "【济宁市民生实事】…"} with the token as a Bearer header, and takes any
2xx answer whose JSON, if it has a "code", says 0 (or "0", "OK", "ok", "success"). Without a URL no
text is sent and the public forms offer no phone channel."""

from django.conf import settings

from minsheng.notifications import http

LIMIT = 300  # characters: a long text is cut, keeping its last line (the link or the code)
_GOOD = {0, "0", "OK", "ok", "success", "SUCCESS"}


class SmsError(http.PostError):
    """The gateway did not take the message; the text says why, in Chinese."""

    default_message = "短信平台未接收消息。"


def configured() -> bool:
    return bool(getattr(settings, "MINSHENG_SMS_URL", ""))


def signed(text: str) -> str:
    """The text as it goes out: the signature (【…】) first, cut to LIMIT characters."""
    sign = getattr(settings, "MINSHENG_SMS_SIGN", "")
    text = f"{sign}{text}" if sign and not text.startswith(sign) else text
    if len(text) <= LIMIT:
        return text
    head, _, last = text.rpartition("\n")
    return head[: max(LIMIT - len(last) - 2, 0)] + "…\n" + last


def send(mobile: str, text: str) -> None:
    """Post one message; raise SmsError unless the gateway takes it."""
    url = getattr(settings, "MINSHENG_SMS_URL", "")
    if not http.is_web_url(url):
        raise SmsError("未配置短信平台地址（MINSHENG_SMS_URL），或地址不以 http:// 或 https:// 开头。")
    token = getattr(settings, "MINSHENG_SMS_TOKEN", "")
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    result = http.post_json(
        url,
        {"mobile": mobile, "content": signed(text)},
        headers,
        getattr(settings, "MINSHENG_SMS_TIMEOUT", 5),
        peer="短信平台",
        error=SmsError,
        text_ok=True,  # a 2xx answer that is not JSON: the gateway took it
    )
    if isinstance(result, dict) and "code" in result and result["code"] not in _GOOD:
        raise SmsError(f"短信平台返回错误 {result['code']}：{result.get('msg') or result.get('message', '')}")
