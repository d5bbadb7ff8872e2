"""One answer for an action a domain rule refused on a page (a DomainError: Chinese messages and a
status). Either the page again, showing the messages with the error's status, so what the user typed
stays (`refused`), or back to a page with the messages as one error message (`refused_to`). Both log
the refusal at INFO (core.errors.log_refusal): it is the user's input, not a fault of the server."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from minsheng.core.errors import DomainError, log_refusal


def refused(
    request: HttpRequest, error: DomainError, page: Callable[..., HttpResponse], *args, **context
) -> HttpResponse:
    """`page(request, *args, status=error.status, errors=error.messages, **context)`, logged."""
    log_refusal(request, error)
    return page(request, *args, status=error.status, errors=error.messages, **context)


def refused_to(request: HttpRequest, error: DomainError, to: str, *args) -> HttpResponse:
    """A redirect to `to` (a URL name with its arguments, or a URL) with the refusal as an error message."""
    log_refusal(request, error)
    messages.error(request, error.message)
    return redirect(to, *args)
