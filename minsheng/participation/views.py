"""The entry page of participation: what each visitor can do here, by role — the public proposes and
follows its proposal, the office moderates, scores, runs the vote and the evaluation, a deputy votes."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from minsheng.core.roles import roles_of


def home(request: HttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    return render(
        request,
        "participation/hub.html",
        {"is_office": roles.is_office, "is_deputy": bool(roles.deputy_paths)},
    )
