"""The problem list's query parameters (?state=&source=&unit=&plan=&overdue=&q=), read by a form for the
list and its .xlsx export alike: a state or source that is not one, or a unit or plan that is not an id,
is ignored (no filter), as if it had not been given."""

from minsheng.core.queryforms import IdField, QueryForm, Text
from minsheng.supervision.models import ProblemSource, ProblemState

SEARCH_MAX = 100  # characters of the search matched


class ProblemFilters(QueryForm):
    state = Text()
    source = Text()
    unit = IdField(label="责任单位")
    plan = IdField(label="计划")  # only on the list across plans
    overdue = Text()  # any value: only the overdue problems still open
    q = Text()  # matched against the description, project, measure, person and unit

    def clean_state(self) -> str:
        state = self.cleaned_data["state"]
        return state if state in ProblemState.values else ""

    def clean_source(self) -> str:
        source = self.cleaned_data["source"]
        return source if source in ProblemSource.values else ""

    def clean_overdue(self) -> bool:
        return bool(self.cleaned_data["overdue"])

    def clean_q(self) -> str:
        return (self.cleaned_data["q"] or "")[:SEARCH_MAX]
