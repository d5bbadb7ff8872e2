"""How much free text a person may put in one field or list: a report's narrative is a page or two,
not 2 MB, and its problems a few dozen entries, not 10,000. Every service that stores free text asks
here and refuses what is over with a Chinese message naming the field; nothing is written then."""

LONG = 5000  # a narrative, next steps, evidence, a measure: a couple of pages
SHORT = 500  # a comment, a reason, one problem entry, a reply line
ITEMS = 50  # entries of one list (problems of a report)


def text_error(value, label: str, limit: int = LONG) -> str | None:
    """The Chinese refusal of a text over `limit` characters, or None."""
    if isinstance(value, str) and len(value) > limit:
        return f"“{label}”最多 {limit} 字，现有 {len(value)} 字，请精简后再提交。"
    return None


def list_errors(values, label: str, items: int = ITEMS, each: int = SHORT) -> list[str]:
    """The Chinese refusals of a list with too many entries or an entry too long."""
    values = list(values or [])
    if len(values) > items:
        return [f"“{label}”最多 {items} 条，现有 {len(values)} 条。"]
    return [m for i, v in enumerate(values, 1) if (m := text_error(v, f"{label}第 {i} 条", each))]


def errors_of(fields: dict[str, tuple[object, int]]) -> list[str]:
    """Refusals of several texts at once: {label: (value, limit)}."""
    return [m for label, (value, limit) in fields.items() if (m := text_error(value, label, limit))]
