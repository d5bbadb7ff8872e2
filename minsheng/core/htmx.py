"""Pages that answer htmx with a fragment: one helper, so every such answer says it varies by HX-Request.

A listing page answers a plain request with the whole page and an htmx request (its filters) with only
the results. Both share one URL, so the answer must carry `Vary: HX-Request`: otherwise a cache or the
browser's back button may serve the fragment as the page. `request.htmx` comes from django-htmx's
middleware.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx sent the request (django-htmx's middleware reads the HX-Request header)."""
    return bool(getattr(request, "htmx", False))


def vary_on_htmx(response: HttpResponse) -> HttpResponse:
    """Mark an answer that differs with and without htmx."""
    patch_vary_headers(response, ["HX-Request"])
    return response


def page_or_fragment(
    request: HttpRequest, page_template: str, fragment_template: str, context: dict, status: int = 200
) -> HttpResponse:
    """The fragment for htmx, the whole page otherwise; either way with `Vary: HX-Request`."""
    template = fragment_template if is_htmx(request) else page_template
    return vary_on_htmx(render(request, template, context, status=status))


def go_to(request: HttpRequest, url: str) -> HttpResponse:
    """Send the browser to `url`: a plain redirect, or for htmx an HX-Redirect (with 204, no content to
    swap) so the whole page loads instead of a page being swapped into a form."""
    if not is_htmx(request):
        return vary_on_htmx(redirect(url))
    response = HttpResponseClientRedirect(url)
    response.status_code = 204
    return vary_on_htmx(response)


def poll(request: HttpRequest, waiting: bool, fragment_template: str, context: dict) -> HttpResponse:
    """The answer to a page polling background work: while `waiting`, the progress fragment again; once
    done, HX-Refresh, so the whole page loads with what the work made."""
    if not waiting:
        return vary_on_htmx(HttpResponseClientRefresh())
    return vary_on_htmx(render(request, fragment_template, context))
