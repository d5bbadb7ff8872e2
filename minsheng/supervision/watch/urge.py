"""批量催办 from the watchlist: the office ticks projects and sends one reason to each project's lead
units, each urge its own (audited, told to the unit, a double post making no second one); projects
the user may not supervise are left out and named."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from minsheng.plans.scoping import projects_for
from minsheng.supervision.orders import workflow


@login_required
@require_POST
def urge_many(request):
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) or not back.startswith(
        "/"
    ):
        back = "/watchlist/"
    ids = [int(v) for v in request.POST.getlist("project") if v.isdigit() and len(v) < 19][:200]
    reasons = request.POST.get("reasons", "")
    if not ids:
        messages.error(request, "请先勾选要催办的项目。")
        return redirect(back)
    projects = projects_for(request.user).filter(pk__in=ids).select_related("plan__region")
    urged, refused = set(), []
    for project in projects.prefetch_related("unit_roles__unit"):
        for unit in workflow.lead_units(project):
            try:
                workflow.urge(project, unit, reasons, request.user)
                urged.add(project.pk)
            except workflow.ActionError as e:
                refused.append(f"{project.seq}. {project.name[:20]}：{e.message}")
                break
    if urged:
        messages.success(request, f"已催办 {len(urged)} 个项目的牵头单位。")
    for line in refused[:10]:
        messages.error(request, line)
    return redirect(back)
