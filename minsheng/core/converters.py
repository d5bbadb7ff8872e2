"""Path converters that refuse what the database cannot hold: an id of 25 digits would overflow an
integer column (an OverflowError on SQLite, a DataError on PostgreSQL) and answer 500; here it simply
matches no URL, so the answer is the Chinese 404 page."""

from django.urls import register_converter

from minsheng.core.dates import ID_MAX


class IdConverter:
    """A row id: 1 to 18 digits, always below the 64-bit limit of the id columns."""

    regex = f"[0-9]{{1,{len(str(ID_MAX))}}}"  # the same bound as ids typed in query strings

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


def register() -> None:
    register_converter(IdConverter, "id")
