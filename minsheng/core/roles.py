"""What a user is: an administrator, an office for some regions, a unit's reporter or approver,
a leader, a deputy, or the public. Read once per request and cached on the user object."""

from dataclasses import dataclass, field

from django.db.models import Q

from minsheng.core.models import Membership, Role


@dataclass(frozen=True)
class UserRoles:
    is_admin: bool = False
    office_paths: tuple[str, ...] = ()  # region paths where the user is the supervision office
    leader_paths: tuple[str, ...] = ()
    deputy_paths: tuple[str, ...] = ()
    unit_ids: frozenset[int] = field(default_factory=frozenset)  # reporter or approver
    approver_unit_ids: frozenset[int] = field(default_factory=frozenset)
    person_id: int | None = None
    labels: tuple[str, ...] = ()

    @property
    def is_office(self) -> bool:
        return self.is_admin or bool(self.office_paths)

    @property
    def is_unit_user(self) -> bool:
        return bool(self.unit_ids)

    @property
    def read_paths(self) -> tuple[str, ...]:
        """Regions whose unpublished plans the user may read."""
        return self.office_paths + self.leader_paths


ANONYMOUS = UserRoles()


def roles_of(user) -> UserRoles:
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_minsheng_roles", None)
    if cached is not None:
        return cached
    paths = {Role.OFFICE: [], Role.LEADER: [], Role.DEPUTY: []}
    units, approver_units, labels = set(), set(), []
    for m in Membership.objects.filter(user=user).select_related("region", "unit"):
        labels.append(f"{m.unit or m.region}{m.get_role_display()}")
        if m.role in paths:
            paths[m.role].append(m.region.path)
        else:
            units.add(m.unit_id)
            if m.role == Role.APPROVER:
                approver_units.add(m.unit_id)
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    roles = UserRoles(
        is_admin=user.is_superuser,
        office_paths=tuple(paths[Role.OFFICE]),
        leader_paths=tuple(paths[Role.LEADER]),
        deputy_paths=tuple(paths[Role.DEPUTY]),
        unit_ids=frozenset(units),
        approver_unit_ids=frozenset(approver_units),
        person_id=person.pk if person else None,
        labels=tuple(labels) or (("系统管理员",) if user.is_superuser else ()),
    )
    user._minsheng_roles = roles
    return roles


def under(paths, field: str = "region__path") -> Q:
    """Objects whose region (reached through `field`) is one of these regions or below them."""
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q
