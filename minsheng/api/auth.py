"""API authentication: a Bearer token for scripts, or the browser session.

A request without a token is served as its session user (anonymous when not logged in), so the
public reads published plans; a session's writes must carry the CSRF token, as forms do; a token that
is not valid is refused with 401.
"""

import datetime

from django.contrib.auth.models import AnonymousUser
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from minsheng.core import clock
from minsheng.core.models import ApiToken

# A token's last use is recorded to the minute: a script sending hundreds of reports writes it once a
# minute, not once a request (a write that, in a month-end burst, every request would queue for).
LAST_USED_STEP = datetime.timedelta(minutes=1)


class TokenOrSession(HttpBearer):
    def __call__(self, request):
        if request.headers.get("Authorization"):
            user = super().__call__(request)
            if not user:
                raise AuthenticationError(message="令牌无效或已停用。")
            return user
        user = getattr(request, "user", None) or AnonymousUser()
        if user.is_authenticated and request.method not in ("GET", "HEAD", "OPTIONS") and check_csrf(request):
            raise AuthenticationError(message="CSRF 校验失败：请从页面提交，或使用 API 令牌。")
        return user

    def authenticate(self, request, token):
        record = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(token)).first()
        if record is None or not record.user.is_active:
            return None
        moment = clock.now()
        if record.last_used_at is None or moment - record.last_used_at >= LAST_USED_STEP:
            ApiToken.objects.filter(pk=record.pk).update(last_used_at=moment)
        request.user = record.user
        return record.user
