"""Collective references in notices ("各县市区政府（管委会）", "各乡镇（街道）", "各街道").

A collective reference names the governments one level down. `collective_kinds(name)` tells which
kinds of sub-region a name covers, or None when the name is not a collective reference.
"""

import re

COUNTY_LEVEL = ["district", "county", "county_city"]
TOWN_LEVEL = ["town", "township", "street"]

_BRACKETS = str.maketrans("()", "（）")


def normalise_name(name: str) -> str:
    """Unit names compare equal whatever the bracket width and spacing."""
    return re.sub(r"\s+", "", name).translate(_BRACKETS)


def collective_kinds(name: str) -> list[str] | None:
    text = normalise_name(name)
    if not text.startswith(("各", "有关", "相关")):
        return None
    if re.search(r"县|市、?区|区（市", text) and not re.search(r"乡|镇|街道", text):
        kinds = list(COUNTY_LEVEL)
        if "管委会" in text or "功能区" in text:
            kinds.append("zone")
        return kinds
    if re.search(r"乡|镇|街道", text):
        if re.fullmatch(r"(各|有关|相关|各相关)街道(办事处)?(等)?", text):
            return ["street"]
        return list(TOWN_LEVEL)
    return None
