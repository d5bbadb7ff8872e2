from minsheng.core.clock import demo_day
from minsheng.core.roles import roles_of


def roles(request):
    return {"roles": roles_of(getattr(request, "user", None)), "demo_today": demo_day()}
