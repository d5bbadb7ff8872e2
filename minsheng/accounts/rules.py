"""Plain rules of the office's account work: which roles an office may grant, the temporary password
a reset gives, and how a membership reads; and what a sign-in through the identity provider (统一身份认证)
claims. No ORM, no clock."""

import json
import secrets
import string
from dataclasses import dataclass

# The roles an office grants within its region, and whether each is scoped by a unit or a region.
GRANTED = {"reporter": "unit", "approver": "unit", "office": "region", "leader": "region", "deputy": "region"}
ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")


def temporary_password(length: int = 12) -> str:
    """A password to hand over once: letters and digits that cannot be misread, with at least one
    digit, one capital and one small letter (Django's validators accept it)."""
    while True:
        word = "".join(secrets.choice(ALPHABET) for _ in range(length))
        if (
            any(c.isdigit() for c in word)
            and any(c.isupper() for c in word)
            and any(c.islower() for c in word)
        ):
            return word


def covers(paths, path: str) -> bool:
    """Whether a region path lies within one of the office's regions."""
    return any(path.startswith(p) for p in paths)


def username_problem(username: str) -> str | None:
    if not username:
        return "请填写用户名。"
    if len(username) > 150:
        return "用户名最多 150 个字符。"
    if not all(c.isalnum() or c in "@.+-_" for c in username):
        return "用户名只能包含字母、数字和 @ . + - _。"
    return None


# 统一身份认证 (OpenID Connect, accounts/oidc.py): what the identity provider's claims say, checked
# before anything is looked up. The role claim is a list of {"role": …, "region": …, "unit": …}: a region
# by its GB/T 2260 code (by its name where it has none: functional zones, towns), a unit by its name
# within that region; `unit` only for the roles GRANTED by unit, where it is required.
MAX_CLAIMED_ROLES = 50
SSO_UNAVAILABLE = "统一身份认证服务暂时无法连接，请稍后再试，或使用账号密码登录。"
SSO_FAILED = "统一身份认证未能完成，请重新登录。"
SSO_CANCELLED = "统一身份认证已取消或被拒绝，请重新登录。"
SSO_INACTIVE = "账号已停用，请联系督查室。"


@dataclass(frozen=True)
class ClaimedRole:
    role: str
    region: str  # a GB/T 2260 code, or the region's name
    unit: str = ""  # the unit's name within the region (reporter and approver only)

    @property
    def region_is_code(self) -> bool:
        return is_region_code(self.region)


def is_region_code(value: str) -> bool:
    """A GB/T 2260 division code: 6 digits (a county and up), 9 or 12 (a town, a village)."""
    return value.isascii() and value.isdigit() and len(value) in (6, 9, 12)


def _text(value) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return ""
    return str(value).strip()


def claimed_roles(value, claim: str = "minsheng_roles") -> tuple[list[ClaimedRole], list[str]]:
    """The roles a sign-in's claim grants, in order without repeats, and the problems that refuse it.

    A provider that can only send strings may send the list as JSON text. No claim, or an empty list,
    is a problem too: the platform has nothing to show a signed-in member of staff without a role."""
    where = f"统一身份认证的角色声明（{claim}）"
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return [], [f"{where}不是有效的 JSON，请联系身份认证系统的管理员。"]
    if value is None or value == []:
        return [], [f"{where}没有授予本平台的任何角色，请联系督查室或身份认证系统的管理员。"]
    if not isinstance(value, list):
        return [], [f"{where}应为列表，请联系身份认证系统的管理员。"]
    if len(value) > MAX_CLAIMED_ROLES:
        return [], [f"{where}超过 {MAX_CLAIMED_ROLES} 项，请联系身份认证系统的管理员。"]
    roles: list[ClaimedRole] = []
    problems: list[str] = []
    for number, item in enumerate(value, 1):
        if not isinstance(item, dict):
            problems.append(f'{where}第 {number} 项应为 {{"role": …, "region": …}}。')
            continue
        role, region, unit = _text(item.get("role")), _text(item.get("region")), _text(item.get("unit"))
        scope = GRANTED.get(role)
        if scope is None:
            problems.append(f"{where}第 {number} 项：角色“{role}”不对，应为 {'、'.join(GRANTED)} 之一。")
            continue
        if not region or len(region) > 60:
            problems.append(f"{where}第 {number} 项：请填写区划代码（region）。")
            continue
        if scope == "unit" and (not unit or len(unit) > 100):
            problems.append(f"{where}第 {number} 项：角色“{role}”须填写单位名称（unit）。")
            continue
        claimed = ClaimedRole(role, region, unit if scope == "unit" else "")
        if claimed not in roles:
            roles.append(claimed)
    return roles, problems


def sso_username(claims: dict, claim: str = "preferred_username") -> tuple[str, str | None]:
    """The local username a sign-in's claims give, and the problem that refuses it (None if none)."""
    username = _text(claims.get(claim))
    if not username:
        return "", f"统一身份认证没有提供用户名（{claim}），请联系身份认证系统的管理员。"
    if problem := username_problem(username):
        return username, f"统一身份认证提供的用户名“{username}”不能使用：{problem}"
    return username, None


def local_account_taken(username: str) -> str:
    """Why a sign-in may not take over a local account of the same username (one not linked to SSO)."""
    return (
        f"本平台已有用户名为“{username}”的本地账号，且未关联统一身份认证，不能以统一身份认证登录。"
        "请使用账号密码登录，或请系统管理员在管理后台将该账号关联统一身份认证。"
    )


def role_changes(current: set[tuple], wanted: set[tuple]) -> tuple[set[tuple], set[tuple]]:
    """The roles to add and to withdraw so that an account holds exactly the ones the claim grants."""
    return wanted - current, current - wanted
