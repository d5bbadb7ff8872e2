"""`{% may "url:name" obj as ok %}`: whether the signed-in user may open that page (for that object),
asked of the same functions the page's view refuses with, so a page shows a link only when it works.

`{% openable "reports:detail" reports as ids %}` gives, for a list, the pks the user may open in one
query; `{% if r.pk in ids %}` then shows the link.

The answers come from the apps that own the pages (core sits below them): each registers its checks
under the hook "may:<url name>" (and "openable:<url name>" for lists) in its AppConfig.ready — see
supervision/hooks.py and reporting/hooks.py. Asking about a page nobody registered is a programming
error and raises."""

from django import template

from minsheng.core import hooks

register = template.Library()


def _answer(kind: str, name: str):
    found = hooks.answers(f"{kind}:{name}")
    if not found:
        raise template.TemplateSyntaxError(f"no {kind} check registered for {name!r}")
    return found[0]


@register.simple_tag(takes_context=True)
def may(context, name: str, obj=None) -> bool:
    user = context.get("user")
    check = _answer("may", name)
    if user is None or not user.is_authenticated:
        return False
    return bool(check(user, obj))


@register.simple_tag(takes_context=True)
def openable(context, name: str, objects) -> set:
    user = context.get("user")
    batch = _answer("openable", name)
    if user is None or not user.is_authenticated or not objects:
        return set()
    return batch(user, list(objects))
