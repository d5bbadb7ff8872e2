"""Serving a report's attachments to those who may see the report: never a path from the client, only
the stored file of an attachment found through the report scoping."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from .models import Attachment, AttachmentKind
from .scoping import reports_for

INLINE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf"}


@login_required
def attachment_file(request, attachment_id: int, thumbnail: bool = False):
    attachment = get_object_or_404(
        Attachment.objects.filter(report__in=reports_for(request.user)), pk=attachment_id
    )
    field = attachment.thumbnail if thumbnail else attachment.file
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
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
