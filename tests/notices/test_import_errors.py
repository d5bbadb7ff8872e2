"""What the import pages do with errors: a file the readers refuse gets its Chinese message; anything
else is our fault, logged with what was being imported, and answered by the 500 handler (never with
the exception's text on the page); a draft the models refuse is not committed and says why."""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from minsheng.core.models import Region
from minsheng.notices import views
from minsheng.notices.models import ImportState, NoticeImport
from minsheng.plans.models import Plan

NOTICE = "关于办好2032年民生实事的通知\n序号\t项目名称\t实施内容及工作目标\t牵头单位\n1\t建设老年人食堂\t新建老年人食堂10处。\t县民政局\n"


def _post(client, text: str = NOTICE):
    region = Region.objects.get(name="微山县").pk
    return client.post("/notices/", {"file": SimpleUploadedFile("通知.txt", text.encode()), "region": region})


def _crashing_client(username: str) -> Client:
    from django.contrib.auth import get_user_model

    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_an_unexpected_error_while_importing_is_logged_and_answered_with_a_500(db, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(views, "start_import", broken)
    with caplog.at_level(logging.ERROR, logger="minsheng.notices.views"):
        response = _post(_crashing_client("weishan"))
    assert response.status_code == 500
    assert "secret internal detail" not in response.content.decode()
    logged = [r for r in caplog.records if r.name == "minsheng.notices.views"]
    assert logged and "通知.txt" in logged[0].getMessage() and logged[0].exc_info
    assert not NoticeImport.objects.exists()


def test_a_refused_file_shows_its_message_and_logs_nothing(client_for, caplog):
    with caplog.at_level(logging.ERROR, logger="minsheng.notices.views"):
        response = _post(client_for("weishan"), "\x00\x01\x02 binary")
    assert response.status_code == 400 and "不支持的文件格式" in response.content.decode()
    assert not [r for r in caplog.records if r.name == "minsheng.notices.views"]


def test_an_unexpected_error_while_committing_is_logged_and_answered_with_a_500(
    client_for, monkeypatch, caplog
):
    assert _post(client_for("weishan")).status_code == 302
    notice = NoticeImport.objects.get()

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(views, "commit_import", broken)
    with caplog.at_level(logging.ERROR, logger="minsheng.notices.views"):
        response = _crashing_client("weishan").post(f"/notices/{notice.pk}/commit/")
    assert response.status_code == 500 and "secret internal detail" not in response.content.decode()
    assert [r for r in caplog.records if r.name == "minsheng.notices.views" and r.exc_info]


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        (lambda draft: draft["plan"].update(title="长" * 250), "计划信息有误"),
        (lambda draft: draft["projects"][0]["targets"][0].update(value=0), "目标值必须为正数"),
    ],
)
def test_a_draft_the_models_refuse_is_not_committed_and_says_why(client_for, change, shown):
    client = client_for("weishan")
    assert _post(client).status_code == 302
    notice = NoticeImport.objects.get()
    change(notice.draft)
    notice.save(update_fields=["draft"])
    plans = Plan.objects.count()
    response = client.post(f"/notices/{notice.pk}/commit/", follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and shown in page
    assert Plan.objects.count() == plans
    notice.refresh_from_db()
    assert notice.state == ImportState.REVIEWING
