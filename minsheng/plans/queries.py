"""Plans and projects read for pages and the API, in a fixed number of queries."""

from django.db.models import Prefetch

from minsheng.plans.models import Indicator, ProjectUnit


def with_units(projects):
    """Projects with their units, leaders and indicators fetched in a fixed number of queries."""
    return projects.select_related("category", "plan__region").prefetch_related(
        Prefetch("unit_roles", queryset=ProjectUnit.objects.select_related("unit")),
        "leaders",
        Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk")),
    )
