"""Scores as the offices write them: 97.5, 100, -1.5 (no trailing zeros), and +2 for a bonus line."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def points(value) -> str:
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        return ""
    return format(number.normalize(), "f")


@register.filter
def signed_points(value) -> str:
    text = points(value)
    return text if not text or text.startswith("-") or text == "0" else f"+{text}"
