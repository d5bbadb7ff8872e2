"""Who may open which supervision page. The views refuse with these functions and the pages show a link
only when they allow it (the `may` template tag in minsheng/core/templatetags/access.py), so a user is
never shown a link that answers 403 or 404."""

from minsheng.core.roles import roles_of
from minsheng.plans.models import Plan, Project, UnitRole


def reads_region(user, path: str) -> bool:
    """The administrator, and the offices and leaders of the region or above it."""
    roles = roles_of(user)
    return roles.is_admin or path.startswith(roles.read_paths)


def may_open_watchlist(user) -> bool:
    roles = roles_of(user)
    return roles.is_office or bool(roles.leader_paths)


def may_open_acceptance(user, project: Project) -> bool:
    """A project's acceptance page: its plan's offices and leaders, and the project's own units."""
    if reads_region(user, project.plan.region.path):
        return True
    units = roles_of(user).unit_ids
    return bool(units) and any(r.unit_id in units for r in project.unit_roles.all())


def may_open_plan_acceptance(user, plan: Plan) -> bool:
    return reads_region(user, plan.region.path)


def may_open_project_orders(user, project: Project) -> bool:
    """A project's 督办 page: its plan's offices and leaders, and the project's lead units."""
    if reads_region(user, project.plan.region.path):
        return True
    units = roles_of(user).unit_ids
    return bool(units) and any(
        r.unit_id in units and r.role == UnitRole.LEAD for r in project.unit_roles.all()
    )
