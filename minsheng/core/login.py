"""Login with throttling: after repeated failures for one account from one address, wait."""

from django.contrib.auth import views as auth_views
from django.core.cache import cache

MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60


def _key(request) -> str:
    username = (request.POST.get("username") or "").strip().lower()
    return f"login-failures:{request.META.get('REMOTE_ADDR', '')}:{username}"


class ThrottledLoginView(auth_views.LoginView):
    def post(self, request, *args, **kwargs):
        if cache.get(_key(request), 0) >= MAX_FAILURES:
            form = self.get_form()
            form.add_error(None, f"登录失败次数过多，请 {LOCK_SECONDS // 60} 分钟后再试。")
            return self.render_to_response(self.get_context_data(form=form, throttled=True), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        key = _key(self.request)
        cache.add(key, 0, LOCK_SECONDS)
        cache.incr(key)
        return super().form_invalid(form)

    def form_valid(self, form):
        cache.delete(_key(self.request))
        return super().form_valid(form)
