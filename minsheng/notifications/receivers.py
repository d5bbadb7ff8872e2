"""Messages announced by the layers below (core.announce) become in-app messages in the outbox."""

from django.dispatch import receiver

from minsheng.core.announce import message_for_users
from minsheng.core.clock import now
from minsheng.notifications import outbox
from minsheng.notifications.messages import APP, Outgoing


@receiver(message_for_users, dispatch_uid="notifications.store_in_app")
def store_in_app(sender, user_ids, key: str, stage: str, title: str, body: str, link: str, **kwargs) -> None:
    """One in-app message per user; the key gets the moment, so the same event told twice (an order
    sent back and answered again) is two messages."""
    stamp = f"{now():%Y%m%d%H%M%S%f}"
    outbox.store(
        [
            Outgoing(
                key=f"{key}:{stamp}"[:120],
                stage=stage,
                channel=APP,
                title=title[:200],
                body=body,
                link=link,
                recipient_id=user_id,
            )
            for user_id in user_ids
        ]
    )
