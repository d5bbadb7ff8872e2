from minsheng.core.clock import demo_day
from minsheng.core.roles import roles_of
from minsheng.core.workyear import chosen_year


def roles(request):
    return {
        "roles": roles_of(getattr(request, "user", None)),
        "demo_today": demo_day(),
        "work_year": chosen_year(request),
    }
