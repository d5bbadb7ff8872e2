"""Whoever signed in with a temporary password is led to the password form before anything else (the
flag is put in the session when they sign in, so other requests cost no query)."""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse

SESSION_FLAG = "must_change_password"
ALLOWED = ("/accounts/password/", "/accounts/logout/", "/static/", "/favicon.ico")


@receiver(user_logged_in)
def _flag_temporary_password(sender, request, user, **kwargs):
    from minsheng.accounts.models import TemporaryPassword

    if request is not None and hasattr(request, "session"):
        if TemporaryPassword.objects.filter(user=user).exists():
            request.session[SESSION_FLAG] = True
        else:
            request.session.pop(SESSION_FLAG, None)


class TemporaryPasswordMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_FLAG) and not request.path.startswith(ALLOWED):
            if request.method == "GET":
                messages.info(request, "您使用的是督查室发放的临时密码，请先设置自己的密码。")
            return redirect(reverse("accounts:password"))
        return self.get_response(request)
