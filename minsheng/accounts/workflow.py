"""The office's account work within its regions, each step audited: open an account with its first role
(`create_account`), grant and withdraw roles, reset a password (a temporary one, shown once), disable
and enable an account, add a unit. A user changes their own password through Django's form
(`password_changed` audits it). Refusals raise AccountError with a Chinese message.

An office manages the accounts that hold a role within its regions (and only those: an account with a
role elsewhere as well stays with that office for the rest) and never an administrator's."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q

from minsheng.accounts import rules
from minsheng.accounts.models import TemporaryPassword
from minsheng.core.audit import log_action
from minsheng.core.errors import DomainError
from minsheng.core.models import Membership, Region, Role, Unit, UnitKind
from minsheng.core.roles import roles_of


class AccountError(DomainError):
    status = 422
    default_message = "账号未能保存。"


class NotAllowed(AccountError):
    status = 403
    default_message = "只有督查室可以管理本级及下级的账号。"


def office_paths(user) -> tuple[str, ...]:
    roles = roles_of(user)
    if roles.is_admin:
        return ("/",)
    return roles.office_paths


def in_scope(paths) -> Q:
    """Memberships within the regions: by the unit's region or the role's region."""
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(unit__region__path__startswith=path) | Q(region__path__startswith=path)
    return q


def manageable_users(user):
    """The accounts the office may manage: every role of theirs within its regions (an account that
    also holds a role elsewhere belongs to that office too, so neither may reset or disable it alone),
    not administrators."""
    paths = office_paths(user)
    if not paths:
        return get_user_model().objects.none()
    inside = Membership.objects.filter(in_scope(paths), user=OuterRef("pk"))
    outside = Membership.objects.filter(user=OuterRef("pk")).exclude(in_scope(paths))
    return get_user_model().objects.filter(Exists(inside), ~Exists(outside), is_superuser=False)


def units_for(user):
    paths = office_paths(user)
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(region__path__startswith=path)
    return Unit.objects.filter(q).exclude(kind=UnitKind.COLLECTIVE).select_related("region")


def regions_for(user):
    q = Q(pk__in=[])
    for path in office_paths(user):
        q |= Q(path__startswith=path)
    return Region.objects.filter(q)


def _check_scope(actor, role: str, unit: Unit | None, region: Region | None) -> None:
    paths = office_paths(actor)
    if not paths:
        raise NotAllowed()
    scope = rules.GRANTED.get(role)
    if scope is None:
        raise AccountError("角色不对。")
    if scope == "unit" and (unit is None or not rules.covers(paths, unit.region.path)):
        raise AccountError("请选择本级或下级的单位。")
    if scope == "region" and (region is None or not rules.covers(paths, region.path)):
        raise AccountError("请选择本级或下级的区划。")


def _role_text(role: str, unit: Unit | None, region: Region | None) -> str:
    return f"{unit or region}{Role(role).label}"


def create_account(actor, username: str, full_name: str, role: str, unit=None, region=None):
    """The new account and its temporary password (to hand over once)."""
    username, full_name = (username or "").strip(), (full_name or "").strip()
    if problem := rules.username_problem(username):
        raise AccountError(problem)
    if not full_name or len(full_name) > 150:
        raise AccountError("请填写姓名（最多 150 字）。")
    _check_scope(actor, role, unit, region)
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(f"用户名“{username}”已被使用。")
    password = rules.temporary_password()
    try:
        with transaction.atomic():
            user = User.objects.create_user(username=username, password=password, first_name=full_name)
            TemporaryPassword.objects.create(user=user)
            Membership.objects.create(
                user=user,
                role=role,
                unit=unit if rules.GRANTED[role] == "unit" else None,
                region=region if rules.GRANTED[role] == "region" else None,
            )
            log_action(
                user,
                "create",
                actor,
                {"姓名": [None, full_name], "角色": [None, _role_text(role, unit, region)]},
            )
    except IntegrityError:
        raise AccountError(f"用户名“{username}”已被使用。") from None
    return user, password


def grant(actor, target, role: str, unit=None, region=None) -> Membership:
    _check_manageable(actor, target)  # a role outside its regions would make the account no longer its
    _check_scope(actor, role, unit, region)
    unit = unit if rules.GRANTED[role] == "unit" else None
    region = region if rules.GRANTED[role] == "region" else None
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=target, role=role, unit=unit, region=region
        )
        if created:
            log_action(target, "role_add", actor, {"角色": [None, _role_text(role, unit, region)]})
    return membership


def withdraw(actor, membership: Membership) -> None:
    target = membership.user
    _check_manageable(actor, target)
    paths = office_paths(actor)
    scope_path = (membership.unit.region if membership.unit else membership.region).path
    if not rules.covers(paths, scope_path):
        raise NotAllowed("该角色不在本级及下级范围内，不能撤销。")
    if target.pk == actor.pk and membership.role == Role.OFFICE:
        raise AccountError("不能撤销自己的督查室角色。")
    if not Membership.objects.filter(user=target).exclude(pk=membership.pk).exists():
        raise AccountError("这是该账号唯一的角色：不再使用的账号请停用，而不是撤销角色。")
    text = _role_text(membership.role, membership.unit, membership.region)
    with transaction.atomic():
        if Membership.objects.filter(pk=membership.pk).delete()[0]:
            log_action(target, "role_remove", actor, {"角色": [text, None]})


def reset_password(actor, target) -> str:
    _check_manageable(actor, target)
    password = rules.temporary_password()
    with transaction.atomic():
        target.set_password(password)
        target.save(update_fields=["password"])
        TemporaryPassword.objects.update_or_create(user=target)
        log_action(target, "password_reset", actor, {"密码": ["（已隐藏）", "（临时密码）"]})
    return password


def set_active(actor, target, active: bool) -> None:
    _check_manageable(actor, target)
    if target.pk == actor.pk and not active:
        raise AccountError("不能停用自己的账号。")
    with transaction.atomic():
        User = get_user_model()
        if User.objects.filter(pk=target.pk, is_active=not active).update(is_active=active):
            target.is_active = active
            log_action(target, "activate" if active else "deactivate", actor, {"状态": _states(active)})


def _states(active: bool) -> list[str]:
    return ["已停用", "启用"] if active else ["启用", "已停用"]


def password_changed(user) -> None:
    TemporaryPassword.objects.filter(user=user).delete()
    log_action(user, "password", user, {"密码": ["（已隐藏）", "（已修改）"]})


def _check_manageable(actor, target) -> None:
    if not manageable_users(actor).filter(pk=target.pk).exists():
        raise NotAllowed()


def create_unit(actor, name: str, region: Region, kind: str) -> Unit:
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise AccountError("请填写单位名称（最多 100 字）。")
    if not rules.covers(office_paths(actor), region.path):
        raise AccountError("请选择本级或下级的区划。")
    if kind not in {UnitKind.GOVERNMENT, UnitKind.DEPARTMENT, UnitKind.ENTERPRISE}:
        raise AccountError("单位类型不对。")
    if Unit.objects.filter(region=region, name=name).exists():
        raise AccountError(f"{region.name}已有单位“{name}”。")
    with transaction.atomic():
        unit = Unit.objects.create(name=name, region=region, kind=kind)
        log_action(unit, "create", actor, {"名称": [None, name], "所属区划": [None, region.name]})
    return unit
