"""Login with throttling counted in the database (`throttle.py`), shared by every app process.

A browser that has logged in to an account carries a signed device cookie for it (OWASP's "device
cookies"). The rules, each a cool-down of LOCK (15 minutes) once tripped:

- from a trusted device (a valid cookie for the account typed): PER_DEVICE failures lock that device
  for the account; nothing anyone else does locks it out;
- from any other client: PER_PAIR failures of one account from one client address lock that account on
  that address; PER_ACCOUNT failures of one account from anywhere lock the account for every client
  without its cookie; PER_CLIENT failures of any accounts from one address lock that address.

So a stranger can slow down guessing but never lock a user out of a correct login from a browser the
user has logged in with before. A locked attempt is refused before the password is checked (even the
right one), with a Chinese message and status 429; each lockout is written to the audit trail. The
client address is the public forms' one (`throttle.client_of`: MINSHENG_CLIENT_IP_HEADER behind a
proxy).

A disabled account is told so (INACTIVE) when its password is right, instead of that the password is
wrong: see `ThrottledAuthenticationForm.get_invalid_login_error`.
"""

import datetime
import math
import secrets

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import AllowAllUsersModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from minsheng.core import throttle
from minsheng.core.audit import log_action
from minsheng.core.models import Throttle

LOCK = datetime.timedelta(minutes=15)
PER_PAIR = 5
PER_DEVICE = 5
PER_ACCOUNT = 20
PER_CLIENT = 50
DEVICE_COOKIE = "minsheng_device"
DEVICE_AGE = 180 * 24 * 3600
DEVICE_ACCOUNTS = 5  # accounts remembered per browser (a shared office computer)
_SALT = "minsheng.core.login.device"

REFUSED = "登录失败次数过多，请 {minutes} 分钟后再试。"
INACTIVE = "账号已停用，请联系督查室。"
LOCKOUTS = {
    "login-pair": f"同一账号在同一来源连续 {PER_PAIR} 次密码错误",
    "login-device": f"同一账号在已登录过的设备上连续 {PER_DEVICE} 次密码错误",
    "login-account": f"同一账号在未登录过的设备上共 {PER_ACCOUNT} 次密码错误",
    "login-client": f"同一来源对多个账号共 {PER_CLIENT} 次密码错误",
}


def _devices(request) -> dict[str, str]:
    """The accounts this browser has logged in to: {account: device id}, from the signed cookie."""
    try:
        value = signing.loads(request.COOKIES.get(DEVICE_COOKIE, ""), salt=_SALT, max_age=DEVICE_AGE)
    except signing.BadSignature:
        return {}
    return value if isinstance(value, dict) else {}


def remember_device(request, response, username: str) -> None:
    """After a successful login: trust this browser for the account (a fresh device id each time)."""
    devices = {k: v for k, v in _devices(request).items() if k != username.lower()}
    devices = dict(list(devices.items())[-(DEVICE_ACCOUNTS - 1) :])
    devices[username.lower()] = secrets.token_urlsafe(16)
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(devices, salt=_SALT),
        max_age=DEVICE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


class Attempt:
    """One login attempt: which counters it is judged by, depending on the device cookie."""

    def __init__(self, request, username: str):
        self.request = request
        self.username = username.strip().lower()
        device = _devices(request).get(self.username)
        client = throttle.client_of(request)
        account = throttle.digest("account", self.username)
        if device:
            self.keys = {"login-device": (throttle.digest("device", self.username, device), PER_DEVICE)}
        else:
            self.keys = {
                "login-pair": (throttle.digest("pair", self.username, client), PER_PAIR),
                "login-account": (account, PER_ACCOUNT),
                "login-client": (client, PER_CLIENT),
            }

    def refusal(self) -> str | None:
        """The Chinese refusal while any of the attempt's counters is locked, else None."""
        until = throttle.locked_until([(scope, key) for scope, (key, _) in self.keys.items()])
        if until is None:
            return None
        minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
        return REFUSED.format(minutes=minutes)

    def failed(self, via: str) -> str | None:
        """Count a wrong password; the refusal if this failure locked something (audited), else None."""
        tripped = [
            scope for scope, (key, limit) in self.keys.items() if throttle.fail(scope, key, limit, LOCK)
        ]
        for scope in tripped:
            self._audit(scope, via)
        return REFUSED.format(minutes=LOCK.seconds // 60) if tripped else None

    def succeeded(self) -> None:
        for scope in ("login-pair", "login-device"):
            if scope in self.keys:
                throttle.clear(scope, self.keys[scope][0])

    def _audit(self, scope: str, via: str) -> None:
        user = get_user_model().objects.filter(username__iexact=self.username).first()
        row = user or Throttle.objects.get(scope=scope, key=self.keys[scope][0])
        reason = f"{LOCKOUTS[scope]}，锁定 {LOCK.seconds // 60} 分钟"
        log_action(row, "lockout", None, {"登录锁定": [None, reason]}, via=via)


class ThrottledAuthenticationForm(AuthenticationForm):
    """The login form with the throttle: `throttled` is set when the attempt was refused for it."""

    via = "web"
    throttled = False
    inactive = False

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is None or not self.cleaned_data.get("password"):
            return super().clean()  # a field is missing: nothing was tried
        attempt = Attempt(self.request, username)
        if refusal := attempt.refusal():
            self._refuse(refusal)
        try:
            cleaned = super().clean()
        except ValidationError:
            if refusal := attempt.failed(self.via):
                self._refuse(refusal)
            raise
        attempt.succeeded()
        return cleaned

    def get_invalid_login_error(self):
        """Django's `inactive` refusal for a disabled account whose password is right, else the usual one.

        ModelBackend (the only password backend configured) turns a disabled account away before the
        form's confirm_login_allowed could say why. AllowAllUsersModelBackend is asked here, for this
        message only: it is never configured, so no session, API token or other `authenticate()` call
        lets a disabled account in. The attempt still counts as a failure for the throttle."""
        user = AllowAllUsersModelBackend().authenticate(
            self.request,
            username=self.cleaned_data.get("username"),
            password=self.cleaned_data.get("password"),
        )
        if user is not None and not user.is_active:
            self.inactive = True
            return ValidationError(INACTIVE, code="inactive")
        return super().get_invalid_login_error()

    def _refuse(self, message: str):
        self.throttled = True
        raise ValidationError(message, code="throttled")


class ThrottledAdminAuthenticationForm(ThrottledAuthenticationForm, AdminAuthenticationForm):
    """The admin's login (staff only) under the same throttle (`admin.site.login_form`)."""

    via = "admin"


class ThrottledLoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm

    def get_context_data(self, **kwargs):
        # The button to sign in through the identity provider (统一身份认证, accounts/oidc.py) when it is on.
        return super().get_context_data(oidc_enabled=getattr(settings, "OIDC_ENABLED", False), **kwargs)

    def form_invalid(self, form):
        if form.throttled:
            return self.render_to_response(self.get_context_data(form=form, throttled=True), status=429)
        return super().form_invalid(form)

    def form_valid(self, form):
        response = super().form_valid(form)
        remember_device(self.request, response, form.get_user().get_username())
        return response
