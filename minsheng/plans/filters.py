"""The plan list's query parameters (?q=&region=&year=&page=), read by a form: a region or year that is not
an id is ignored (no filter), as if it had not been given."""

from django import forms

from minsheng.core.dates import parse_id


class PlanListFilters(forms.Form):
    q = forms.CharField(required=False)  # stripped; matched against the title, region and 文号
    region = forms.CharField(required=False, strip=True)
    year = forms.CharField(required=False, strip=True)
    page = forms.CharField(required=False)  # the paginator reads it (a bad page is the first or the last)

    def clean_region(self) -> int | None:
        return parse_id(self.cleaned_data["region"])

    def clean_year(self) -> int | None:
        return parse_id(self.cleaned_data["year"])  # a year no plan has lists nothing, as before

    @classmethod
    def of(cls, query) -> dict:
        """The cleaned values of a query string; a value the form refuses (a NUL in the search) is
        left out, as if it had not been given."""
        form = cls(query)
        form.is_valid()
        return {"q": "", "region": None, "year": None, "page": None} | form.cleaned_data
