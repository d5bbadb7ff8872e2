from django.conf import settings

from .roles import roles_of


def roles(request):
    return {"roles": roles_of(getattr(request, "user", None)), "demo_today": settings.MINSHENG_TODAY}
