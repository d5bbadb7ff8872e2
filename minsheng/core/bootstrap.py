"""Reference data every installation starts with: the region tree, governments and known aliases."""

from django.db import transaction

from minsheng.core.models import Region, Unit, UnitKind
from minsheng.core.region_data import REGIONS, UNIT_ALIASES
from minsheng.core.units import add_alias


@transaction.atomic
def ensure_regions() -> int:
    """Create the regions, their governments and the alias list; returns how many regions were new."""
    created = 0
    by_name: dict[str, Region] = {}
    for order, (name, code, kind, parent_name, government) in enumerate(REGIONS):
        parent = by_name.get(parent_name)
        region, new = Region.objects.get_or_create(
            name=name, parent=parent, defaults={"code": code, "kind": kind, "order": order}
        )
        created += new
        by_name[name] = region
        Unit.objects.get_or_create(
            name=government,
            region=region,
            defaults={"kind": UnitKind.GOVERNMENT, "governs": region},
        )
    ensure_aliases(by_name)
    return created


def ensure_aliases(by_name: dict[str, Region] | None = None) -> None:
    """The known units and their other names (UNIT_ALIASES), in regions already made."""
    if by_name is None:
        by_name = {r.name: r for r in Region.objects.filter(name__in={a[0] for a in UNIT_ALIASES})}
    for region_name, unit_name, aliases in UNIT_ALIASES:
        if region_name not in by_name:
            continue
        unit, _ = Unit.objects.get_or_create(name=unit_name, region=by_name[region_name])
        for alias in aliases:
            add_alias(unit, alias)
