"""The moderation queue's query parameters (?state=&region=&year=&category=&q=), read by a form: a state
or category that is not one, a region that is not one of the office's, or a year that is not a number of
at most nine digits is ignored (no filter), as if it had not been given."""

from minsheng.core.dates import parse_count
from minsheng.core.queryforms import IdField, QueryForm, Text
from minsheng.participation.models import ProposalState
from minsheng.participation.proposals import rules

SEARCH_MAX = 100  # characters of the search matched


class QueueFilters(QueryForm):
    state = Text()
    region = IdField(label="区划")  # the view keeps it only when it is one of the office's regions
    year = Text()
    category = Text()
    q = Text()  # matched against the title and the content

    def clean_state(self) -> str:
        state = self.cleaned_data["state"]
        return state if state in ProposalState.values else ""

    def clean_year(self) -> int | None:
        text = self.cleaned_data["year"] or ""
        return parse_count(text) if len(text) <= 9 else None  # as moderation_views.number reads it

    def clean_category(self) -> str:
        category = self.cleaned_data["category"]
        return category if category in rules.CATEGORIES else ""

    def clean_q(self) -> str:
        return (self.cleaned_data["q"] or "")[:SEARCH_MAX]
