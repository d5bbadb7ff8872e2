"""The bell in the header: the user's unread count, counted only when a page shows it (one query)."""

from functools import cached_property

from minsheng.notifications.models import Channel, Notification


class Bell:
    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self) -> int:
        return Notification.objects.filter(
            recipient=self.user, channel=Channel.APP, read_at__isnull=True
        ).count()

    @property
    def badge(self) -> str:
        return "99+" if self.unread > 99 else str(self.unread)


def bell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"bell": Bell(user)}
