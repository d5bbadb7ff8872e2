"""The compliance pages' query parameters (?as_of=&kind=&year=), read by a form. A day or a kind that
cannot be read is named in Chinese on the page (400, no figures), so nobody takes the default for the
day or the kind asked for; the year only narrows the office's list of plans."""

from django import forms

from minsheng.core.queryforms import DayField, QueryForm, Text
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
