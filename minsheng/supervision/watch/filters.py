"""The watchlist's query parameters (?as_of=&year=&region=&category=&unit=&leader=&colour=), read by a
form. Unlike a list that ignores what it cannot read, the watchlist names each refused value in Chinese
(地区“abc”无效。) and answers 400 without results, so nobody takes a filter that was dropped for one
that was applied. Without a year the list opens on the working year (core.workyear), when the user
watches plans of it: `year_shown`."""

import datetime

from django import forms

from minsheng.core.queryforms import DayField, IdField, QueryForm, Text
from minsheng.core.workyear import year_to_open
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


def year_shown(asked: int | None, work_year: int | None, years: list[int], as_of: datetime.date) -> int:
    """The year whose plans the list shows: the one asked for; else the working year when the user
    watches plans of it; else the year of the day looked at when there are plans of it (or none at all),
    else the latest year with plans (`years` is latest first)."""
    return year_to_open(asked, work_year, years, as_of.year if as_of.year in years or not years else years[0])
