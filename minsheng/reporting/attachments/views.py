"""Serving a report's attachments to those who may see the report: never a path from the client, only
the stored file of an attachment found through the report scoping."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from minsheng.core import media
from minsheng.core.audit import log_action
from minsheng.plans.board import touch
from minsheng.plans.scoping import can_change_plan
from minsheng.reporting.models import Attachment, AttachmentKind
from minsheng.reporting.scoping import reports_for

INLINE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf"}


@login_required
def attachment_file(request, attachment_id: int, thumbnail: bool = False):
    attachment = get_object_or_404(
        Attachment.objects.filter(report__in=reports_for(request.user)), pk=attachment_id
    )
    field = attachment.thumbnail if thumbnail else attachment.file
    if not field:
        raise Http404
    handle = media.opened(field)  # 404 when the file is gone, 503 when the storage fails
    if thumbnail:
        return FileResponse(handle, content_type="image/jpeg")
    inline = attachment.content_type in INLINE_TYPES
    response = FileResponse(
        handle,
        content_type=attachment.content_type,
        as_attachment=not inline,
        filename=attachment.original_name,
    )
    if attachment.kind == AttachmentKind.PHOTO:
        response.headers["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_POST
def photo_publicity(request, attachment_id: int):
    """The office of the plan shows a photo on the public board (its thumbnail, once the report is
    approved) or withdraws it; anyone else is refused."""
    attachment = get_object_or_404(
        Attachment.objects.filter(
            report__in=reports_for(request.user), kind=AttachmentKind.PHOTO
        ).select_related("report__project__plan"),
        pk=attachment_id,
    )
    plan = attachment.report.project.plan
    if not can_change_plan(request.user, plan):
        raise PermissionDenied("只有本计划的督查室可以设置照片是否公开。")
    public = request.POST.get("public") == "1"
    if public != attachment.is_public:
        attachment.is_public = public
        attachment.save(update_fields=["is_public"])
        log_action(
            attachment,
            "update",
            request.user,
            {"公开展示": ["否" if public else "是", "是" if public else "否"]},
        )
        touch(plan.pk)
    messages.success(request, "照片已设为公开。" if public else "照片已取消公开。")
    return redirect("reports:detail", attachment.report_id)
