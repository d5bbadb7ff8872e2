"""The watchlist's query parameters (?as_of=&year=&region=&category=&unit=&leader=&colour=), read by a
form. Unlike a list that ignores what it cannot read, the watchlist names each refused value in Chinese
(地区“abc”无效。) and answers 400 without results, so nobody takes a filter that was dropped for one
that was applied."""

from django import forms

from minsheng.core.queryforms import DayField, IdField, QueryForm, Text
from minsheng.supervision.watch import rules as watchlist

IDS = {"region": "region_id", "category": "category_id", "unit": "unit_id", "leader": "leader_id"}


class WatchlistFilters(QueryForm):
    as_of = DayField()  # blank: today
    region = IdField(label="地区")
    category = IdField(label="类别")
    unit = IdField(label="牵头单位")
    leader = IdField(label="分管领导")
    colour = Text(strip=False)  # a colour or 需关注 (risk), as COLOUR_CHOICES offers
    year = IdField(label="年度")  # blank: the year of the day, or the latest with plans

    def clean_colour(self) -> str:
        colour = self.cleaned_data["colour"] or ""
        if colour and colour not in dict(watchlist.COLOUR_CHOICES):
            raise forms.ValidationError(f"颜色“{colour}”无效。")
        return colour

    @classmethod
    def filters(cls, values: dict) -> watchlist.Filters:
        """The rules' filters from the form's values (a refused value filters nothing)."""
        return watchlist.Filters(colour=values["colour"] or "", **{IDS[k]: values[k] for k in IDS})
