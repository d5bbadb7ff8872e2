"""Publishing a bulletin through the background worker: asked once (a second 发布 while it is being
published is refused), done once (a job run twice writes nothing more), and the draft is frozen
meanwhile (no edits, no regeneration)."""

import pytest

from minsheng.core.models import AuditEvent
from minsheng.supervision.bulletins import queries as bulletin_data
from minsheng.supervision.bulletins.publishing import publish_requested, request_publication
from minsheng.supervision.bulletins.rules import BulletinError
from minsheng.supervision.models import Bulletin
from tests.test_bulletin_pages import city, demo_clock, draft, fake_pdf  # noqa: F401 — fixtures


def test_asked_once_done_once(users, fake_pdf, worker):  # noqa: F811
    item = draft(users)
    request_publication(item, users["office"])
    with pytest.raises(BulletinError, match="该通报正在发布中，请稍候。"):
        request_publication(item, users["office"])
    with pytest.raises(BulletinError, match="正在发布中，不能再修改"):
        bulletin_data.save_edits(item, "改过的标题", "", {}, users["office"])
    with pytest.raises(BulletinError, match="正在发布中，不能重新生成"):
        bulletin_data.generate(city(), "2024-06", users["office"])

    worker()
    item.refresh_from_db()
    assert item.state == "published" and item.published_by == users["office"] and len(fake_pdf) == 1
    assert publish_requested(item.pk, users["office"].pk) == "gone"  # the same job again
    assert len(fake_pdf) == 1
    assert AuditEvent.objects.filter(object_id=str(item.pk), action="publish", via="worker").count() == 1
    with pytest.raises(BulletinError, match="该通报已发布。"):
        request_publication(item, users["office"])


def test_a_forged_or_vanished_bulletin_is_no_job(users):
    assert publish_requested(987654, users["office"].pk) == "gone"
    item = draft(users)
    assert publish_requested(item.pk, users["office"].pk) == "gone"  # a draft nobody asked to publish
    assert Bulletin.objects.get(pk=item.pk).state == "draft"
