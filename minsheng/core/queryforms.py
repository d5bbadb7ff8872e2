"""Typed fields and a base form for a listing's query parameters (filters.py in a feature package).

Each field reads one parameter as typed and checks it with core.dates, so the bounds stay in one place
(days 2000–2099, ids of at most 18 digits). A blank parameter is None; a value the field refuses is a
form error whose Chinese message names the field's label. A page either shows those messages (the
watchlist, compliance) or ignores the refused values and keeps its defaults (`QueryForm.of`).

Unlike forms.CharField the fields do not refuse a NUL: the clean methods decide, with the page's own
message, as they did when the views read request.GET by hand.

`pick` reads a choice among the objects a user may pick (?region=4 on 考核, ?leader=7 on the meetings)."""

import datetime
from collections.abc import Sequence
from typing import TypeVar

from django import forms
from django.db.models import Model
from django.http import Http404

from minsheng.core.dates import OutOfRange, parse_day, parse_id


class Text(forms.Field):
    """The parameter as typed (stripped unless strip=False); None when absent, "" when blank."""

    def __init__(self, *, strip: bool = True, **kwargs):
        self.strip = strip
        super().__init__(required=False, **kwargs)

    def to_python(self, value) -> str | None:
        if value is None:
            return None
        text = str(value)
        return text.strip() if self.strip else text


class IdField(Text):
    """An id (?region=4): None when blank; "地区“abc”无效。" when not an id of at most 18 digits."""

    def to_python(self, value) -> int | None:
        text = super().to_python(value)
        if not text:
            return None
        if (pk := parse_id(text)) is None:
            raise forms.ValidationError(f"{self.label}“{text}”无效。", code="invalid")
        return pk


class DayField(Text):
    """A day written YYYY-MM-DD within 2000–2099: None when blank, else parse_day's Chinese refusal."""

    def to_python(self, value) -> datetime.date | None:
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_day(text)
        except OutOfRange as e:
            raise forms.ValidationError(str(e), code="invalid") from e


class QueryForm(forms.Form):
    """A form over request.GET. `of` answers every field's value: the cleaned one, or None for a value
    the form refused; `messages` lists the refusals in the order of the fields."""

    @classmethod
    def of(cls, query) -> dict:
        return cls.read(query)[0]

    @classmethod
    def as_typed(cls, query) -> dict[str, str]:
        """Each parameter as typed, stripped, for the page to show back in its inputs and selects."""
        return {name: (query.get(name) or "").strip() for name in cls.base_fields}

    @classmethod
    def read(cls, query) -> tuple[dict, list[str]]:
        form = cls(query)
        return form.values(), [str(m) for name in form.fields for m in form.errors.get(name, [])]

    def values(self) -> dict:
        """Every field's cleaned value, None for those refused."""
        self.is_valid()
        return dict.fromkeys(self.fields) | self.cleaned_data


Picked = TypeVar("Picked", bound=Model)


def pick(options: Sequence[Picked], raw: str | None) -> Picked | None:
    """The option whose id the parameter names; the first when it is blank (None when there is no
    option); not found (404) for an id that is not among them."""
    if not raw:
        return options[0] if options else None
    found = next((o for o in options if str(o.pk) == raw), None)
    if found is None:
        raise Http404
    return found
