"""`{{ someone|who:"系统" }}`: a user's display name, or the default when there is no user (an account
deleted, or a row the system or the demo wrote). `a.get_full_name|default:a.username` failed with a
500 when `a` was None: a missing variable in a filter's argument is an error in Django templates."""

from django import template

register = template.Library()


@register.filter
def who(user, default: str = "—") -> str:
    if user is None or not getattr(user, "pk", None):
        return default
    return user.get_full_name() or user.username
