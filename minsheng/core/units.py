"""The unit registry: resolve a name as written in a notice to a Unit, creating what is new."""

from django.db.models import Q

from minsheng.core.collectives import collective_kinds, normalise_name
from minsheng.core.models import Region, Unit, UnitAlias, UnitKind
from minsheng.core.region_data import REGION_ALIASES


def _ancestors(region: Region) -> list[Region]:
    ids = [int(i) for i in region.path.strip("/").split("/")]
    by_id = Region.objects.in_bulk(ids)
    return [by_id[i] for i in reversed(ids)]


def find_unit(name: str, region: Region) -> Unit | None:
    """The registered unit called `name` (or one of its aliases), looking in `region` then upwards;
    a region's own name stands for its government."""
    text = normalise_name(name)
    for place in _ancestors(region):
        unit = (
            Unit.objects.filter(region=place)
            .filter(Q(name=text) | Q(aliases__name=text))
            .order_by("pk")
            .first()
        )
        if unit:
            return unit
    region_names = {text}
    for canonical, aliases in REGION_ALIASES.items():
        if text in aliases:
            region_names.add(canonical)
    return Unit.objects.filter(
        governs__name__in=region_names, governs__path__startswith=_root_path(region)
    ).first()


def _root_path(region: Region) -> str:
    return "/" + region.path.strip("/").split("/")[0] + "/"


def resolve_unit(name: str, region: Region) -> tuple[Unit, bool]:
    """The unit for `name` in `region`, and whether it had to be created."""
    found = find_unit(name, region)
    if found:
        return found, False
    text = normalise_name(name)
    kinds = collective_kinds(text)
    unit = Unit.objects.create(
        name=text,
        region=region,
        kind=UnitKind.COLLECTIVE if kinds else _guess_kind(text),
        collective_kinds=kinds or [],
    )
    return unit, True


def _guess_kind(name: str) -> str:
    if any(word in name for word in ("公司", "集团", "银行")):
        return UnitKind.ENTERPRISE
    return UnitKind.DEPARTMENT


def add_alias(unit: Unit, alias: str) -> None:
    UnitAlias.objects.get_or_create(unit=unit, name=normalise_name(alias))


class UnitIndex:
    """Every unit a notice of `region` may name (its region, the regions above and below), with aliases,
    loaded in two queries for resolving many names in memory."""

    def __init__(self, region: Region):
        ancestors = [int(i) for i in region.path.strip("/").split("/")]
        units = Unit.objects.filter(Q(region__in=ancestors) | Q(region__path__startswith=region.path))
        self.by_name: dict[str, Unit] = {}
        for unit in units.select_related("governs").order_by("-region__path"):
            self.by_name.setdefault(unit.name, unit)
            if unit.governs_id:
                self.by_name.setdefault(unit.governs.name, unit)
        for alias in UnitAlias.objects.filter(unit__in=units).select_related("unit"):
            self.by_name.setdefault(alias.name, alias.unit)
        for canonical, aliases in REGION_ALIASES.items():
            for alias in aliases:
                if canonical in self.by_name:
                    self.by_name.setdefault(alias, self.by_name[canonical])

    def find(self, name: str) -> Unit | None:
        return self.by_name.get(normalise_name(name))
