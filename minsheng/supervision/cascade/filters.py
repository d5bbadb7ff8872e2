"""The cascade page's query parameter (?as_of=), read by a form: a day that cannot be read is named in
Chinese above the figures, which are shown as of the default day (the plan's, see status.queries)."""

from minsheng.core.queryforms import DayField, QueryForm


class CascadeFilters(QueryForm):
    as_of = DayField()  # blank or unreadable: the plan's default day
