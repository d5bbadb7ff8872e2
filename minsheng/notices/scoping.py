"""Who may see and handle imports: the supervision office of the region (or above), the administrator."""

from django.db.models import Q, QuerySet

from minsheng.core.models import Region
from minsheng.core.roles import roles_of

from .models import NoticeImport


def imports_for(user) -> QuerySet[NoticeImport]:
    roles = roles_of(user)
    if roles.is_admin:
        return NoticeImport.objects.all()
    q = Q(pk__in=[])
    for path in roles.office_paths:
        q |= Q(region__path__startswith=path)
    return NoticeImport.objects.filter(q)


def import_regions(user) -> QuerySet[Region]:
    """Regions the user may import a plan for."""
    roles = roles_of(user)
    if roles.is_admin:
        return Region.objects.all()
    q = Q(pk__in=[])
    for path in roles.office_paths:
        q |= Q(path__startswith=path)
    return Region.objects.filter(q)
