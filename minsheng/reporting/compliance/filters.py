"""The compliance pages' query parameters (?as_of=&kind=&year=), read by a form. A day or a kind that
cannot be read is named in Chinese on the page (400, no figures), so nobody takes the default for the
day or the kind asked for; the year only narrows the office's list of plans, and without one the list
opens on the working year (core.workyear) when there are plans of it: `year_shown`."""

import datetime

from django import forms

from minsheng.core.queryforms import DayField, QueryForm, Text
from minsheng.core.workyear import year_to_open
from minsheng.reporting.calendar import rules as calendar

KINDS = {calendar.MONTH: "月报", calendar.WEEK: "周台账"}


class ComplianceFilters(QueryForm):
    as_of = DayField()  # blank: today
    kind = Text(strip=False)  # blank: month
    year = Text(strip=False)  # as typed, for the select; absent: the year of the day (the view's default)

    def clean_kind(self) -> str:
        kind = self.cleaned_data["kind"] or calendar.MONTH
        if kind not in KINDS:
            raise forms.ValidationError("类型只能是月报（month）或周台账（week）。")
        return kind


def year_shown(typed: str | None, work_year: int | None, years: list[int], as_of: datetime.date) -> str:
    """The year the office's list narrows to, as its select shows it: as typed ("" for every year); when
    the address names none, the working year when there are plans of it, else the year of the day looked
    at when there are (old plans without reports would drag the totals down), else every year."""
    if typed is not None:
        return typed
    year = year_to_open(None, work_year, years, as_of.year if as_of.year in years else None)
    return str(year) if year else ""
