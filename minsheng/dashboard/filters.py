"""The dashboards' drill parameters (?region=&year=&as_of=), read by a form for the office dashboard and
the ten-day dispatch (through dashboard.scope): a year or a day that cannot be read is left to the
default, a region that is not an id is not found (404), like a region outside the user's scope."""

from django import forms

from minsheng.core.dates import parse_count, parse_id, year_in_span
from minsheng.core.queryforms import DayField, QueryForm, Text


class DashboardFilters(QueryForm):
    region = Text(strip=False)  # the drill level; blank: the user's top region
    year = Text()  # blank or unreadable: the year of the day, or the latest with plans
    as_of = DayField()  # blank or unreadable: today, kept within the year

    def clean_region(self) -> int | None:
        raw = self.cleaned_data["region"]
        if not raw:
            return None
        if (pk := parse_id(raw)) is None:  # even blanks: a region was asked for and is not one
            raise forms.ValidationError("没有这个区划")
        return pk

    def clean_year(self) -> int | None:
        year = parse_count(self.cleaned_data["year"])
        return year if year is not None and year_in_span(year) else None
