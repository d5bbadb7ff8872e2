"""The plan ledger's query parameters (?kind=&category=&unit=&q=), read by a form for the page, its htmx
results and the .xlsx export alike: a kind that is not week or month, or a category or unit that is not
an id, is ignored (no filter), as if it had not been given."""

from dataclasses import dataclass
from urllib.parse import urlencode

from minsheng.core.queryforms import IdField, QueryForm, Text
from minsheng.reporting.calendar import rules as calendar

SEARCH_MAX = 100  # characters of the search matched


class LedgerFilters(QueryForm):
    kind = Text(strip=False)  # week or month; blank: both
    category = IdField(label="类别")
    unit = IdField(label="牵头单位")
    q = Text()  # matched against the project, its targets and its units (ledger.rules.matches)

    def clean_kind(self) -> str:
        kind = self.cleaned_data["kind"]
        return kind if kind in (calendar.WEEK, calendar.MONTH) else ""

    def clean_q(self) -> str:
        return (self.cleaned_data["q"] or "")[:SEARCH_MAX]


@dataclass
class Filters:
    """The filters applied, as the page shows them back (ids as text, for its selects and links)."""

    kind: str = ""
    category: str = ""
    unit: str = ""
    q: str = ""

    @classmethod
    def of(cls, query) -> "Filters":
        f = LedgerFilters.of(query)
        ids = {k: str(f[k]) if f[k] else "" for k in ("category", "unit")}
        return cls(f["kind"] or "", ids["category"], ids["unit"], f["q"] or "")

    @property
    def query(self) -> str:
        return urlencode({k: v for k, v in vars(self).items() if v})
