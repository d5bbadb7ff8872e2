"""The demo's task allocation (任务分解): three of the city's 2024 targets split over its 14 county-level
regions, so `/projects/<id>/cascade/` shows a real roll-up. Weishan's share is its own plan's target and
is linked to that plan's indicator (its approved reports roll up); the other regions' plans are not in
the demo, so their shares stay "not linked". The split is illustrative, not from the notices. Loaded
once (a share already there is left alone), each share audited."""

from decimal import Decimal

from django.db import transaction

from minsheng.core.audit import log_action
from minsheng.core.models import Region
from minsheng.plans.models import Allocation, Indicator
from minsheng.site.demo_script import DEMO_YEAR

REGIONS = ["任城区", "兖州区", "曲阜市", "邹城市", "微山县", "鱼台县", "金乡县", "嘉祥县", "汶上县", "泗水县", "梁山县",
           "济宁高新区", "太白湖新区", "济宁经济技术开发区"]  # fmt: skip
# city project seq -> (Weishan project seq whose indicator takes the share, shares in REGIONS order)
SHARES = {
    "1": ("4.1", [220, 150, 160, 200, 150, 130, 160, 160, 150, 140, 150, 60, 50, 120]),  # 2000 户
    "3": ("4.2", [25, 15, 15, 20, 10, 10, 15, 15, 15, 12, 15, 10, 8, 15]),  # 200 处老年人食堂
    "4": ("4.3", [25, 15, 15, 20, 10, 12, 15, 15, 15, 12, 15, 10, 6, 15]),  # 200 处社区养老服务设施
}


def _first_indicator(region: str, seq: str) -> Indicator | None:
    return (
        Indicator.objects.filter(
            project__plan__region__name=region, project__plan__year=DEMO_YEAR, project__seq=seq
        )
        .select_related("project")
        .order_by("order", "pk")
        .first()
    )


@transaction.atomic
def load_demo_allocations() -> int:
    """The demo shares; the number written."""
    regions = {r.name: r for r in Region.objects.filter(parent__name="济宁市", name__in=REGIONS)}
    written = 0
    for city_seq, (weishan_seq, shares) in SHARES.items():
        upper = _first_indicator("济宁市", city_seq)
        child = _first_indicator("微山县", weishan_seq)
        if upper is None or sum(shares) != upper.target_value:
            continue
        for name, value in zip(REGIONS, shares, strict=True):
            if (
                name not in regions
                or Allocation.objects.filter(indicator=upper, region=regions[name]).exists()
            ):
                continue
            allocation = Allocation.objects.create(
                indicator=upper,
                region=regions[name],
                value=Decimal(value),
                child_indicator=child if name == "微山县" else None,
            )
            log_action(allocation, "create", None, {"分解任务": [None, f"{value}{upper.unit}"]})
            written += 1
    return written
