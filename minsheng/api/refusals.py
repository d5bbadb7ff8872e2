"""Every refusal of the API is JSON with a Chinese `detail`: the platform's own (scoping, not found,
input of the wrong shape) and those ninja and Django would give in English or as an HTML page (a body
that is no JSON, a body too large, a method an address does not take, an address under the API that
names no operation). The API fuzz (tests/test_api_fuzz.py) holds every operation to it."""

import re
from functools import wraps

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from ninja import NinjaAPI, Router
from ninja.errors import HttpError, ValidationError

CHINESE = re.compile(r"[\u4e00-\u9fff]")
NOT_FOUND = "未找到该对象，或无权查看。"
# Ninja's own refusals are in English; these say the same in Chinese.
HTTP_ERRORS = {
    400: "请求内容无法解析：请发送 UTF-8 编码的 JSON。",
    401: "请先登录，或使用 API 令牌。",
    403: "无权进行该操作。",
    404: NOT_FOUND,
    429: "请求过于频繁，请稍后再试。",
}


class MinshengAPI(NinjaAPI):
    def _get_urls(self):
        """Ninja answers a method an address does not take with an English text; ours says it in JSON."""
        urls = super()._get_urls()
        for pattern in urls:
            pattern.callback = _json_not_allowed(self, pattern.callback)
        return urls


def _json_not_allowed(api: NinjaAPI, view):
    @wraps(view)
    def inner(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            allowed = response.get("Allow", "")
            detail = f"该地址不支持 {request.method} 请求，可用：{allowed}。"
            response = api.create_response(request, {"detail": detail}, status=405)
            response["Allow"] = allowed
        return response

    return inner


def install_refusals(api: NinjaAPI) -> None:
    """The exception handlers, and a last router answering addresses no operation matched."""

    def answer(request, detail: str, status: int):
        return api.create_response(request, {"detail": detail}, status=status)

    @api.exception_handler(ValidationError)
    def invalid_input(request, exc):
        """Input of the wrong shape (a number where text belongs, a missing field, an id out of range)
        answers 422 with a Chinese message naming the fields."""
        fields = []
        for error in exc.errors:
            where = [str(p) for p in error.get("loc", ()) if p not in ("body", "payload", "query", "path")]
            name = ".".join(where) or "请求内容"
            fields.append(name if len(name) <= 40 else name[:40] + "…")  # keys are the client's text
        return answer(request, f"请求内容不符合要求，请检查：{'、'.join(dict.fromkeys(fields))}。", 422)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        message = str(exc)
        if not CHINESE.search(message):
            message = HTTP_ERRORS.get(exc.status_code, "请求未能处理。")
        return answer(request, message, exc.status_code)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return answer(request, "请求内容过大。", 413)

    @api.exception_handler(PermissionDenied)
    def refused(request, exc):
        """A scoping function's refusal (the same as the page's) answers 403 with its message."""
        return answer(request, str(exc) or HTTP_ERRORS[403], 403)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return answer(request, NOT_FOUND, 404)

    unknown = Router()

    @unknown.api_operation(
        ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", auth=None, include_in_schema=False
    )
    def unknown_address(request, rest: str):
        return answer(request, "接口地址不存在，请查看 /api/v1/docs。", 404)

    api.add_router("/", unknown)
