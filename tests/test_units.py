"""The unit registry: aliases, region names as governments, collectives and new units."""

from minsheng.core.models import Region, Unit, UnitKind
from minsheng.core.units import find_unit, resolve_unit


def test_aliases_resolve_to_the_registered_unit(db):
    city = Region.objects.get(name="济宁市")
    assert find_unit("市卫健委", city).name == "市卫生健康委"
    assert find_unit("市卫生健康委员会", city).name == "市卫生健康委"
    weishan = Region.objects.get(name="微山县")
    assert find_unit("县住房和城乡建设局", weishan).name == "县住房城乡建设局"


def test_a_region_name_stands_for_its_government(db):
    city = Region.objects.get(name="济宁市")
    assert find_unit("兖州区", city).name == "兖州区人民政府"
    assert find_unit("经开区", city).name == "济宁经济技术开发区管委会"


def test_a_county_looks_upwards_for_city_units(db):
    weishan = Region.objects.get(name="微山县")
    assert find_unit("市民政局", weishan).region.name == "济宁市"


def test_collective_members_are_the_governments_one_level_down(db):
    unit = Unit.objects.get(name="各县（市、区）", region__name="济宁市")
    members = [u.name for u in unit.members()]
    assert len(members) == 11 and "微山县人民政府" in members and "济宁高新区管委会" not in members
    with_zones = Unit.objects.get(name="各县市区政府（管委会）").members()
    assert with_zones.count() == 14
    streets = Unit.objects.get(name="各乡镇（街道）", region__name="微山县").members()
    assert sorted(u.name for u in streets) == ["傅村街道办事处", "夏镇街道办事处", "昭阳街道办事处"]


def test_unknown_units_are_created_once(db):
    weishan = Region.objects.get(name="微山县")
    unit, created = resolve_unit("县新设测试局", weishan)
    again, created_again = resolve_unit("县新设测试局", weishan)
    assert created and not created_again and unit == again
    assert unit.kind == UnitKind.DEPARTMENT
    assert resolve_unit("县测试集团有限公司", weishan)[0].kind == UnitKind.ENTERPRISE
