"""The user's notifications: the list (newest first, unread highlighted), open one (marks it read and
follows its link), mark one or all read. A user reaches only their own; another's id answers 404."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from minsheng.core.clock import now
from minsheng.core.htmx import is_htmx, vary_on_htmx
from minsheng.notifications.models import Channel, Notification

PER_PAGE = 20


def mine(user):
    return Notification.objects.filter(recipient=user, channel=Channel.APP)


def _safe(request, link: str) -> str:
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return link
    return ""


@login_required
def notification_list(request):
    page = Paginator(mine(request.user).order_by("-created", "-id"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/list.html", {"page": page, "notifications": page.object_list})


@login_required
def notification_open(request, pk: int):
    notification = get_object_or_404(mine(request.user), pk=pk)
    if notification.read_at is None:
        mine(request.user).filter(pk=pk, read_at__isnull=True).update(read_at=now())
    return redirect(_safe(request, notification.link) or "notifications:list")


@login_required
@require_POST
def notification_read(request, pk: int):
    notification = get_object_or_404(mine(request.user), pk=pk)
    if notification.read_at is None:
        notification.read_at = now()
        mine(request.user).filter(pk=pk, read_at__isnull=True).update(read_at=notification.read_at)
    if is_htmx(request):
        return vary_on_htmx(render(request, "notifications/_read.html", {"n": notification}))
    return vary_on_htmx(redirect(_back(request)))


@login_required
@require_POST
def notification_read_all(request):
    mine(request.user).filter(read_at__isnull=True).update(read_at=now())
    return redirect(_back(request))


def _back(request) -> str:
    page, url = request.POST.get("page", ""), reverse("notifications:list")
    return f"{url}?page={page}" if page.isdigit() else url
