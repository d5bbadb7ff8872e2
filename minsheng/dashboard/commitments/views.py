"""The commitment page (承诺全景): one project's commitment across years and across levels, for everyone
including the anonymous public (scoped by `projects_for`; a project not visible is a 404)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from minsheng.dashboard.commitments.queries import commitment_page
from minsheng.plans.scoping import projects_for


def commitment(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_object_or_404(projects_for(request.user).select_related("plan__region"), pk=project_id)
    page = commitment_page(request.user, project)
    return render(
        request,
        "dashboard/commitments/commitment.html",
        {"page": page, "project": project, "plan": project.plan, "signed_in": request.user.is_authenticated},
    )
