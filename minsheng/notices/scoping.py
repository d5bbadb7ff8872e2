"""Who may see and handle imports: the supervision office of the region (or above), the administrator."""

from django.db.models import QuerySet

from minsheng.core.models import Region
from minsheng.core.roles import roles_of, under
from minsheng.notices.models import NoticeImport


def imports_for(user) -> QuerySet[NoticeImport]:
    roles = roles_of(user)
    if roles.is_admin:
        return NoticeImport.objects.all()
    return NoticeImport.objects.filter(under(roles.office_paths))


def import_regions(user) -> QuerySet[Region]:
    """Regions the user may import a plan for."""
    roles = roles_of(user)
    if roles.is_admin:
        return Region.objects.all()
    return Region.objects.filter(under(roles.office_paths, "path"))
