"""The ten-day dispatch's query parameters (?region=&as_of=&xun=&mine=), read by a form: a 旬 or a day
that cannot be read is left to the default (the ten days ending today); the region is passed on to the
dashboard scope, which answers 404 for one that is not an id or not the user's."""

from minsheng.core.queryforms import DayField, QueryForm, Text
from minsheng.dashboard.dispatch import rules as dispatch


class DispatchFilters(QueryForm):
    region = Text(strip=False)  # as typed: the scope reads it, and the links keep it when given
    as_of = DayField()  # the window's last day
    xun = Text()  # 2024-07-3 = 2024年7月下旬, instead of as_of
    mine = Text(strip=False)  # "0": every project; otherwise (by default) a leader's own only

    def clean_xun(self) -> dispatch.Xun | None:
        return dispatch.parse_xun(self.cleaned_data["xun"] or "")

    def clean_mine(self) -> bool:
        mine = self.cleaned_data["mine"]
        return (mine if mine is not None else "1") != "0"
