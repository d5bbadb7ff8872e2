"""Download a plan as the official attachment table (汇总表), .docx or .xlsx."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from minsheng.notices.writers.excel import draft_to_xlsx
from minsheng.notices.writers.plan_export import export_filename, plan_to_draft
from minsheng.notices.writers.word import DEFAULT_LAYOUT, Layout, draft_to_docx
from minsheng.plans.scoping import plans_for

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_plan(request, plan_id: int, ext: str):
    if ext not in CONTENT_TYPES:
        raise Http404
    plan = get_object_or_404(plans_for(request.user).select_related("region"), pk=plan_id)
    draft = plan_to_draft(plan)
    layout = Layout(
        **{**vars(DEFAULT_LAYOUT), "title": f"{plan.year}年{plan.region.name}“重点民生实事”汇总表"}
    )
    data = draft_to_docx(draft, layout) if ext == "docx" else draft_to_xlsx(draft, layout)
    response = HttpResponse(data, content_type=CONTENT_TYPES[ext])
    response["Content-Disposition"] = _attachment(export_filename(plan, ext))
    return response


def _attachment(filename: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=\"plan.{filename.rsplit('.', 1)[-1]}\"; filename*=UTF-8''{quote(filename)}"
