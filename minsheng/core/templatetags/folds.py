"""`{% filterfold "state unit overdue" %}<form …>…</form>{% endfilterfold %}`: a list's filter form folds
behind 筛选 on a phone, so the first results are on the first screen.

The form is put in a `<details class="filter-fold">` whose summary counts the named query parameters
that narrow the list (筛选（已选 2 项）); parameters that always carry a value (year, as-of day) are not
named. It is rendered open: on a wide screen nothing changes (its summary is hidden by site.css), and
`minsheng/fold.js` closes it on a narrow one, keeps it as the user left it when htmx re-renders it, and
recounts as the controls change, by the same rule as `chosen` below."""

from django import template
from django.utils.html import format_html

register = template.Library()


def chosen(query, names: list[str]) -> int:
    """How many of the names have a non-blank value in the query (a QueryDict)."""
    return sum(1 for name in names if any(value.strip() for value in query.getlist(name)))


def summary(count: int) -> str:
    return f"（已选 {count} 项）" if count else ""


class FoldNode(template.Node):
    def __init__(self, nodelist, names, fold_id):
        self.nodelist = nodelist
        self.names = names
        self.fold_id = fold_id

    def render(self, context):
        names = str(self.names.resolve(context) or "").split() if self.names else []
        request = context.get("request")
        count = chosen(request.GET, names) if request is not None else 0
        return format_html(
            '<details class="filter-fold" id="{}" data-fold-names="{}" open>'
            '<summary>筛选<span class="fold-note">{}</span></summary>{}</details>',
            self.fold_id.resolve(context) if self.fold_id else "filter-fold",
            " ".join(names),
            summary(count),
            self.nodelist.render(context),
        )


@register.tag
def filterfold(parser, token):
    """`{% filterfold ["names"] [id="…"] %}`: the names counted, space-separated; an id other than
    filter-fold when a page has two folds."""
    bits = token.split_contents()[1:]
    names = fold_id = None
    for bit in bits:
        if bit.startswith("id="):
            fold_id = parser.compile_filter(bit[3:])
        elif names is None:
            names = parser.compile_filter(bit)
        else:
            raise template.TemplateSyntaxError(f"filterfold: unexpected {bit!r}")
    nodelist = parser.parse(("endfilterfold",))
    parser.delete_first_token()
    return FoldNode(nodelist, names, fold_id)
