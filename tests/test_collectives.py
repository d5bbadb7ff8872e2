"""Collective references in notices name the governments one level down."""

import pytest

from minsheng.core.collectives import collective_kinds, normalise_name

COUNTY = ["district", "county", "county_city"]
TOWN = ["town", "township", "street"]


@pytest.mark.parametrize(
    "name,kinds",
    [
        ("各县市区政府（管委会）", [*COUNTY, "zone"]),
        ("各县（市、区）", COUNTY),
        ("各县(市、区)", COUNTY),
        ("相关县（市、区）", COUNTY),
        ("各县（市、区）人民政府", COUNTY),
        ("各乡镇（街道）", TOWN),
        ("有关乡镇(街道)", TOWN),
        ("各乡、镇人民政府", TOWN),
        ("各街道", ["street"]),
        ("各相关街道", ["street"]),
        ("市民政局", None),
        ("县民政局", None),
        ("夏镇街道", None),
    ],
)
def test_collective_kinds(name, kinds):
    assert collective_kinds(name) == kinds


def test_bracket_width_and_spaces_do_not_matter():
    assert normalise_name("各乡镇 (街道)") == "各乡镇（街道）"
