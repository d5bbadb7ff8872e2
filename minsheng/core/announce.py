"""Messages to people, announced by the layer where something happened and delivered by the
notifications app (which sits above it): the supervision office's orders and leaders' instructions tell
the units concerned without importing the outbox.

`tell(user_ids, key, stage, title, body, link)` sends the `message_for_users` signal in the caller's
transaction; notifications/receivers.py stores one in-app message per user in the outbox, so a rolled
back change leaves no message behind."""

from django.dispatch import Signal

# kwargs: user_ids (list[int]), key (str, unique per event), stage (str, ≤ 8 characters), title, body, link
message_for_users = Signal()


def tell(user_ids, key: str, stage: str, title: str, body: str, link: str) -> None:
    message_for_users.send(
        sender=None, user_ids=list(user_ids), key=key, stage=stage, title=title, body=body, link=link
    )
