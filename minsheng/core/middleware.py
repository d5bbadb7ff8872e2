import functools
from urllib.parse import urlsplit

from django.conf import settings

# Every asset is served by minsheng itself (no CDN): scripts only from our own origin.
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
    ]
)


@functools.cache
def policy(*sign_out_at: str) -> str:
    """The policy; with 统一身份认证 on, the 退出 form may also go on to the identity provider's origin
    (browsers hold a form's redirects to form-action too, so its end-session page needs a place)."""
    origins = sorted(
        {f"{p.scheme}://{p.netloc}" for p in map(urlsplit, sign_out_at) if p.scheme and p.netloc}
    )
    if not origins:
        return CSP
    return CSP.replace("form-action 'self'", " ".join(["form-action 'self'", *origins]))


def provider_addresses() -> tuple[str, ...]:
    if not getattr(settings, "OIDC_ENABLED", False):
        return ()
    return tuple(a for a in (settings.OIDC_OP_ISSUER, settings.OIDC_OP_LOGOUT_ENDPOINT) if a)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", policy(*provider_addresses()))
        return response


class MediaUnavailableMiddleware:
    """A page whose file the media storage could not read or write (core.media.MediaUnavailable) answers
    503 with the site's Chinese page saying so, not the 500 of a fault."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.shortcuts import render

        from minsheng.core.media import MediaUnavailable

        if not isinstance(exception, MediaUnavailable):
            return None  # the storage's own error was logged where it happened (core.media)
        return render(request, "503.html", {"message": exception.message}, status=exception.status)
