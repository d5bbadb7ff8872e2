"""The 民生码: each public project's QR code (SVG, drawn by segno on the server, no network) for the
sign at its site, and a printable sign with the project's promise, its lead unit and the code. The
code opens the project's public page, where anyone can see the progress, rate it and report a problem."""

import io

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from minsheng.dashboard.public import queries as public_data
from minsheng.plans.models import UnitRole


def _project(project_id: int):
    return get_object_or_404(public_data.public_projects().select_related("plan__region"), pk=project_id)


def public_url(request, project) -> str:
    return request.build_absolute_uri(reverse("public:project", args=[project.pk]))


def qr_svg(url: str, scale: int = 6) -> bytes:
    import segno

    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=scale, border=2, xmldecl=False, title="民生码")
    return out.getvalue()


@require_safe
def qr(request, project_id: int):
    project = _project(project_id)
    response = HttpResponse(qr_svg(public_url(request, project)), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
def sign(request, project_id: int):
    project = _project(project_id)
    leads = [r.unit.name for r in project.unit_roles.select_related("unit") if r.role == UnitRole.LEAD]
    context = {
        "project": project,
        "plan": project.plan,
        "leads": leads,
        "targets": [i.text for i in project.indicators.order_by("order", "pk")],
        "url": public_url(request, project),
    }
    return render(request, "dashboard/public/sign.html", context)
