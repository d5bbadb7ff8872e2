"""统一身份认证: government staff sign in with their identity provider (OpenID Connect, authorization-code
flow with PKCE, ID tokens signed RS256 and checked against the provider's JWKS), beside local accounts.

mozilla-django-oidc runs the flow (`/oidc/authenticate/` → the provider → `/oidc/callback/`); the
backend here maps the provider's claims to the local account and its roles, in one transaction, each
change audited (via "sso"):

- the account is found by the provider's issuer and subject (`SsoIdentity`); the first sign-in creates
  it, with the username of the claim OIDC_USERNAME_CLAIM (`preferred_username`) and no usable password;
- a local account of the same username is never taken over, unless an administrator linked it
  (an `SsoIdentity` row with an empty subject): then the sign-in binds it;
- the name (`name`) and email are set at every sign-in, and the roles become exactly those of the claim
  OIDC_ROLES_CLAIM (`minsheng_roles`, see accounts/rules.py): the provider is the source of truth;
- an unknown role, region or unit, a missing claim or a disabled account refuses the whole sign-in,
  changing nothing, with a Chinese message on the login page (accounts/oidc_views.py), never a 500.

The endpoints are the settings' explicit OIDC_OP_*_ENDPOINT, else read from the issuer's
/.well-known/openid-configuration on the first sign-in and kept for the life of the process (never at
start-up: a provider that is down keeps no process from starting, and local logins never wait for it).
Signing out of an account that signed in through the provider signs out at the provider too, when it
publishes an end_session_endpoint (`end_session_url`).
"""

import logging
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from minsheng.accounts import rules
from minsheng.accounts.models import SsoIdentity
from minsheng.core.audit import log_action
from minsheng.core.models import Membership, Region, Role, Unit, UnitKind

logger = logging.getLogger(__name__)
REFUSAL = "_minsheng_oidc_refusal"  # the request attribute that carries a refusal to the login page
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}
OPTIONAL = ("OIDC_OP_USER_ENDPOINT", "OIDC_OP_LOGOUT_ENDPOINT")  # a provider may publish neither
_discovery: dict[str, dict] = {}  # issuer → its openid-configuration, read once per process


class Unavailable(Exception):
    """The provider could not be reached or answered nonsense."""


class Refused(Exception):
    """The sign-in is refused for a reason its user may read (in Chinese)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_ENABLED", False))


def endpoint(name: str) -> str:
    """An endpoint of the provider: the explicit setting, else the issuer's discovery document."""
    explicit = getattr(settings, name, "")
    if explicit:
        return explicit
    issuer = settings.OIDC_OP_ISSUER.rstrip("/")
    if not issuer:
        if name in OPTIONAL:
            return ""  # the ID token's claims alone; a sign-out of this platform only
        raise Unavailable(f"{name} is not set and there is no OIDC_OP_ISSUER to discover it from")
    if issuer not in _discovery:
        try:
            response = requests.get(
                f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
            )
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise Unavailable(f"discovery at {issuer} failed: {exc}") from exc
        if not isinstance(document, dict) or str(document.get("issuer", "")).rstrip("/") != issuer:
            raise Unavailable(f"discovery at {issuer} names another issuer: {document.get('issuer')!r}")
        _discovery[issuer] = document
    value = _discovery[issuer].get(DISCOVERED[name], "")
    if not value and name not in OPTIONAL:
        raise Unavailable(f"the provider at {issuer} publishes no {DISCOVERED[name]}")
    return value


def end_session_url(id_token: str, come_back_to: str) -> str:
    """Where to send a browser that signs out of the platform after signing in through the provider, so
    that it is signed out there too (RP-initiated logout): the provider's end_session_endpoint with the
    ID token as the hint and the platform's page to come back to; "" when the provider publishes no
    such endpoint or cannot be reached (then the sign-out is the platform's alone)."""
    try:
        found = endpoint("OIDC_OP_LOGOUT_ENDPOINT")
    except Unavailable as exc:
        logger.warning("OIDC provider unavailable at sign-out: %s", exc)
        return ""
    if not found:
        return ""
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": come_back_to,
            "client_id": settings.OIDC_RP_CLIENT_ID,
        }
    )
    return f"{found}{'&' if '?' in found else '?'}{query}"


class Backend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        # Django builds every backend for every authenticate() call, a local login's too: read nothing
        # of the provider here (the base class would), only when a sign-in comes back.
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if request is None or not enabled() or "password" in kwargs or "username" in kwargs:
            return None  # a local login, or OIDC is off
        if "code" not in request.GET or "state" not in request.GET:
            return None
        try:
            self.OIDC_OP_TOKEN_ENDPOINT = endpoint("OIDC_OP_TOKEN_ENDPOINT")
            self.OIDC_OP_JWKS_ENDPOINT = endpoint("OIDC_OP_JWKS_ENDPOINT")
            self.OIDC_OP_USER_ENDPOINT = endpoint("OIDC_OP_USER_ENDPOINT")
            self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
            self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
            self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
            self.OIDC_RP_IDP_SIGN_KEY = None
            return super().authenticate(request, **kwargs)
        except Refused as refused:
            logger.info("OIDC sign-in refused: %s", refused.message)
            setattr(request, REFUSAL, refused.message)
        except Unavailable as exc:
            logger.warning("OIDC provider unavailable: %s", exc)
            setattr(request, REFUSAL, rules.SSO_UNAVAILABLE)
        except requests.RequestException as exc:
            logger.warning("OIDC token, keys or userinfo request failed: %s", exc)
            setattr(request, REFUSAL, rules.SSO_UNAVAILABLE)
        except (SuspiciousOperation, jwt.PyJWTError, KeyError, ValueError, IntegrityError) as exc:
            # A forged or stale token, a provider's nonsense, or two first sign-ins of one person at once.
            logger.warning("OIDC sign-in failed its checks: %s", exc, exc_info=True)
            setattr(request, REFUSAL, rules.SSO_FAILED)
        return None

    def verify_token(self, token, **kwargs):
        """The base class checks the signature, expiry and nonce; the audience and the issuer too."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        if self.OIDC_RP_CLIENT_ID not in (audience if isinstance(audience, list) else [audience]):
            raise SuspiciousOperation("the ID token was issued to another client")
        issuer = settings.OIDC_OP_ISSUER.rstrip("/")
        if issuer and str(payload.get("iss", "")).rstrip("/") != issuer:
            raise SuspiciousOperation("the ID token comes from another issuer")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims, updated by the userinfo endpoint's where the provider has one."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = super().get_userinfo(access_token, id_token, payload)
            if not isinstance(userinfo, dict) or userinfo.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("the userinfo is about another subject")
            claims.update(userinfo)
        return claims

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        issuer, subject = str(payload.get("iss", "")).rstrip("/"), str(payload.get("sub", ""))
        if not subject:
            raise SuspiciousOperation("the ID token has no subject")
        username, problem = rules.sso_username(claims, settings.OIDC_USERNAME_CLAIM)
        if problem:
            raise Refused(problem)
        claimed, problems = rules.claimed_roles(
            claims.get(settings.OIDC_ROLES_CLAIM), settings.OIDC_ROLES_CLAIM
        )
        if problems:
            raise Refused(" ".join(problems[:3]))
        with transaction.atomic():
            scopes = resolve(claimed)
            user = self._account(issuer, subject, username, claims)
            if not user.is_active:
                raise Refused(rules.SSO_INACTIVE)
            self._update(user, claims)
            sync_roles(user, scopes)
        return user

    def _account(self, issuer: str, subject: str, username: str, claims: dict):
        """The account of the provider's subject: found, bound (an administrator's link) or created."""
        identity = SsoIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
        if identity is not None:
            user = identity.user
            if user.username != username:
                if self.UserModel.objects.filter(username__iexact=username).exclude(pk=user.pk).exists():
                    raise Refused(rules.local_account_taken(username))
                log_action(user, "update", None, {"用户名": [user.username, username]}, via="sso")
                user.username = username
                user.save(update_fields=["username"])
            return user
        user = self.UserModel.objects.filter(username__iexact=username).first()
        if user is None:
            name, email = _claim(claims, settings.OIDC_NAME_CLAIM, 150), _claim(claims, "email", 254)
            # No usable password: the account signs in through the provider only.
            user = self.UserModel.objects.create_user(username, email=email, first_name=name)
            SsoIdentity.objects.create(user=user, issuer=issuer, subject=subject)
            created = {
                "用户名": [None, username],
                "姓名": [None, name or None],
                "登录方式": [None, "统一身份认证"],
            }
            log_action(user, "create", None, created, via="sso")
            return user
        link = SsoIdentity.objects.filter(user=user, subject="").first()
        if link is None or (link.issuer and link.issuer.rstrip("/") != issuer):
            raise Refused(rules.local_account_taken(username))
        link.issuer, link.subject = issuer, subject
        link.save(update_fields=["issuer", "subject"])
        log_action(user, "update", None, {"统一身份认证": ["待绑定", "已关联"]}, via="sso")
        return user

    def _update(self, user, claims: dict) -> None:
        name = _claim(claims, settings.OIDC_NAME_CLAIM, 150)
        email = _claim(claims, "email", 254)
        changes = {}
        if name and name != user.first_name:
            changes["姓名"] = [user.first_name or None, name]
            user.first_name = name
        if email and email != user.email:
            changes["邮箱"] = [user.email or None, email]
            user.email = email
        if changes:
            user.save(update_fields=["first_name", "email"])
            log_action(user, "update", None, changes, via="sso")

    def get_user(self, user_id):
        """The session's user, unless the account was disabled since (as Django's ModelBackend does)."""
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


def _claim(claims: dict, name: str, limit: int) -> str:
    value = claims.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def resolve(claimed: list[rules.ClaimedRole]) -> dict[tuple, tuple]:
    """{(role, region id, unit id): (role, region, unit)} of the claimed roles; Refused naming every
    region or unit the platform does not know (regions by code, else by a name no other region has;
    units by their exact name within the region, collective references never)."""
    problems, scopes = [], {}
    for item in claimed:
        lookup = {"code": item.region} if item.region_is_code else {"name": item.region}
        regions = list(Region.objects.filter(**lookup)[:2])
        if len(regions) != 1:
            why = "在本平台不存在" if not regions else "有重名，请改用区划代码"
            problems.append(f"区划“{item.region}”{why}。")
            continue
        region, unit = regions[0], None
        if item.unit:
            unit = (
                Unit.objects.filter(region=region, name=item.unit).exclude(kind=UnitKind.COLLECTIVE).first()
            )
            if unit is None:
                problems.append(f"{region.name}没有单位“{item.unit}”。")
                continue
        key = (item.role, None if unit else region.pk, unit.pk if unit else None)
        scopes[key] = (item.role, None if unit else region, unit)
    if problems:
        raise Refused(
            "统一身份认证授予的角色无法对应到本平台："
            + "".join(problems[:5])
            + "请联系督查室或身份认证系统的管理员。"
        )
    return scopes


def sync_roles(user, scopes: dict[tuple, tuple]) -> None:
    """Grant the claimed roles the account lacks and withdraw the ones the claim no longer holds."""
    current = {
        (m.role, m.region_id, m.unit_id): m
        for m in Membership.objects.filter(user=user).select_related("region", "unit")
    }
    add, remove = rules.role_changes(set(current), set(scopes))
    for key in sorted(remove, key=str):
        membership = current[key]
        membership.delete()
        text = f"{membership.unit or membership.region}{Role(membership.role).label}"
        log_action(user, "role_remove", None, {"角色": [text, None]}, via="sso")
    for key in sorted(add, key=str):
        role, region, unit = scopes[key]
        Membership.objects.create(user=user, role=role, region=region, unit=unit)
        log_action(user, "role_add", None, {"角色": [None, f"{unit or region}{Role(role).label}"]}, via="sso")
