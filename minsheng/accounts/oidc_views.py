"""The two pages of the sign-in through the identity provider (统一身份认证), mozilla-django-oidc's own
(settings OIDC_AUTHENTICATE_CLASS and OIDC_CALLBACK_CLASS), and the sign-out, with the platform's manners: 404 while OIDC
is off; every failure (the provider down, the user cancelling, a refused claim, a stale or forged
callback) back to the login page with a Chinese message, never a 500."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import LogoutView
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect, resolve_url
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from minsheng.accounts import oidc, rules


def _to_login(request, message: str):
    messages.error(request, message)
    return redirect("login")


class Authenticate(OIDCAuthenticationRequestView):
    """GET /oidc/authenticate/: to the provider's sign-in page (with state, nonce and PKCE)."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the base class reads the endpoint here; `get` does, when asked

    def get(self, request):
        if not oidc.enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc.endpoint("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except oidc.Unavailable as exc:
            oidc.logger.warning("OIDC provider unavailable: %s", exc)
            return _to_login(request, rules.SSO_UNAVAILABLE)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class Callback(OIDCAuthenticationCallbackView):
    """GET /oidc/callback/: the provider sends the browser back here with a code, or an error."""

    def get(self, request):
        if not oidc.enabled():
            raise Http404
        try:
            return super().get(request)
        except SuspiciousOperation:  # a state this browser never asked for: an old tab, a forged link
            return self.login_failure()

    def login_failure(self):
        request = self.request
        message = getattr(request, oidc.REFUSAL, None)
        if message is None:
            message = rules.SSO_CANCELLED if request.GET.get("error") else rules.SSO_FAILED
        return _to_login(request, message)


class Logout(LogoutView):
    """POST /accounts/logout/: the platform's sign-out; an account signed in through the provider is then
    sent to the provider's end-session page, which signs it out there and sends it back to the platform
    (else the next 统一身份认证 click would sign it straight in again without a password)."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get("oidc_id_token") if oidc.enabled() else None
        response = super().post(request, *args, **kwargs)
        if id_token:
            back = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
            if url := oidc.end_session_url(id_token, back):
                return redirect(url)
        return response
