"""The bulletin pages: the office generates a draft, edits its texts in the browser and publishes it
with Word and PDF files stored in MEDIA_ROOT; published bulletins are for everyone who sees the plan,
drafts for the plan's office only; a published month cannot be regenerated; every change audited."""

import io
import shutil
from urllib.parse import unquote

import docx
import pytest
from django.urls import reverse

from minsheng.core.models import AuditEvent
from minsheng.notices.writers import pdf as pdf_writer
from minsheng.supervision.bulletins import queries as bulletin_data
from minsheng.supervision.bulletins.rules import texts
from minsheng.supervision.models import Bulletin
from tests.conftest import plan
from tests.forms import form_data

HTMX = {"HTTP_HX_REQUEST": "true"}
FAKE_PDF = b"%PDF-1.4 fake bulletin"


@pytest.fixture(autouse=True)
def demo_clock(settings, tmp_path):
    settings.MINSHENG_TODAY = "2024-07-15"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def fake_pdf(monkeypatch):
    """LibreOffice is slow and not everywhere: the pages' tests convert with a stand-in."""
    calls = []

    def convert(data: bytes) -> bytes:
        calls.append(data)
        return FAKE_PDF

    monkeypatch.setattr(pdf_writer, "docx_to_pdf", convert)
    return calls


def city():
    return plan("济宁市", 2024)


def generate(client, p, month="2024-06", **extra):
    return client.post(reverse("bulletins:generate", args=[p.pk]), {"month": month}, **extra)


def draft(users, month="2024-06"):
    item, _ = bulletin_data.generate(city(), month, users["office"])
    return item


def test_office_sees_the_generate_form_for_the_previous_month(client_for):
    page = client_for("office").get(reverse("bulletins:list", args=[city().pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "生成 6 月通报" in html and 'value="2024-06"' in html and 'hx-indicator="#generate-busy"' in html
    assert "本计划还没有通报" in html


def test_the_month_picker_updates_the_button(client_for, users):
    draft(users, "2024-05")
    client = client_for("office")
    url = reverse("bulletins:list", args=[city().pk])
    html = client.get(url, {"month": "2024-04"}, **HTMX).content.decode()
    assert "生成 4 月通报" in html and "<html" not in html
    assert "重新生成 5 月通报" in client.get(url, {"month": "2024-05"}, **HTMX).content.decode()
    assert "2024年9月尚未开始" in client.get(url, {"month": "2024-09"}, **HTMX).content.decode()


def test_office_generates_a_draft_with_six_sections(client_for):
    p = city()
    response = generate(client_for("office"), p, **HTMX)
    item = Bulletin.objects.get(plan=p, month="2024-06")
    assert response.status_code == 204 and response["HX-Redirect"] == reverse(
        "bulletins:edit", args=[item.pk]
    )
    assert item.state == "draft" and item.title == "关于2024年6月份全市重点民生实事项目进展情况的通报"
    assert item.number == "2024年第6期" and item.created_by.username == "office"
    assert len(item.sections["sections"]) == 6 and len(item.sections["figures"]["table"]) == 30
    event = AuditEvent.objects.get(model="supervision.bulletin", object_id=str(item.pk))
    assert event.action == "create" and event.changes["月份"] == [None, "2024-06"]


@pytest.mark.parametrize("username", ["minzheng", "minzheng_head", "leader", "weishan", "deputy"])
def test_users_other_than_the_plans_office_cannot_generate(client_for, username):
    response = generate(client_for(username), city())
    assert response.status_code == 403
    assert not Bulletin.objects.filter(plan=city()).exists()


def test_the_public_is_sent_to_log_in(client_for):
    response = generate(client_for(None), city())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Bulletin.objects.exists()


def test_bad_months_are_refused_and_nothing_is_written(client_for):
    client = client_for("office")
    for month, message in [("2024-13", "格式不对"), ("2023-06", "只能生成2024年"), ("2024-08", "尚未开始")]:
        response = generate(client, city(), month, **HTMX)
        assert response.status_code == 400 and message in response.content.decode()
    assert not Bulletin.objects.exists()


def test_drafts_are_for_the_office_only(client_for, users):
    item = draft(users)
    detail = reverse("bulletins:detail", args=[item.pk])
    download = reverse("bulletins:download", args=[item.pk, "docx"])
    listing = reverse("bulletins:list", args=[city().pk])
    for username in ["outsider", "minzheng", "leader", None]:
        client = client_for(username)
        assert client.get(detail).status_code == 404
        assert client.get(download).status_code == 404
        assert item.title not in client.get(listing).content.decode()
    office = client_for("office")
    assert office.get(detail).status_code == 200
    preview = office.get(download)
    assert preview.status_code == 200 and unquote(preview["Content-Disposition"]).endswith(
        "的通报（草稿）.docx"
    )
    assert docx.Document(io.BytesIO(preview.content)).paragraphs  # opens
    assert office.get(reverse("bulletins:download", args=[item.pk, "pdf"])).status_code == 404


def test_an_outsider_gets_404_for_a_plan_it_cannot_see(client_for):
    hidden = plan("济宁市", 2025)  # a draft plan
    assert client_for("outsider").get(reverse("bulletins:list", args=[hidden.pk])).status_code == 404
    assert generate(client_for("outsider"), hidden, "2025-01").status_code == 404


def test_office_edits_the_texts_figures_stay(client_for, users):
    item = draft(users)
    client = client_for("office")
    url = reverse("bulletins:edit", args=[item.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.content.decode())
    assert set(data) >= {"title", "number", "text_overview", "text_next_steps"}
    data |= {"text_overview": "总体进展平稳。\n详见附件。", "number": "第6期", "action": "save"}
    response = client.post(url, data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert texts(item.sections)["overview"] == "总体进展平稳。\n详见附件。" and item.number == "第6期"
    assert item.sections["figures"]["total"] == 30 and item.state == "draft"
    event = AuditEvent.objects.filter(object_id=str(item.pk), action="update").get()
    assert event.changes["一、总体情况"][1] == "总体进展平稳。\n详见附件。" and event.changes["期号"] == [
        "2024年第6期",
        "第6期",
    ]


def test_an_empty_section_is_refused_and_nothing_changes(client_for, users):
    item = draft(users)
    client = client_for("office")
    url = reverse("bulletins:edit", args=[item.pk])
    data = form_data(client.get(url).content.decode()) | {"text_problems": "   ", "action": "save"}
    response = client.post(url, data, **HTMX)
    assert response.status_code == 422 and "“四、存在的问题”不能为空。" in response.content.decode()
    before = item.sections
    item.refresh_from_db()
    assert item.sections == before
    assert not AuditEvent.objects.filter(object_id=str(item.pk), action="update").exists()


def test_publishing_stores_word_and_pdf_and_everyone_who_sees_the_plan_downloads(
    client_for, users, fake_pdf, settings, worker
):
    item = draft(users)
    client = client_for("office")
    url = reverse("bulletins:edit", args=[item.pk])
    data = form_data(client.get(url).content.decode()) | {"text_ahead": "表扬三个项目。", "action": "publish"}
    response = client.post(url, data, **HTMX)
    detail = reverse("bulletins:detail", args=[item.pk])
    assert response.status_code == 204 and response["HX-Redirect"] == detail
    item.refresh_from_db()
    assert (
        item.state == "draft" and item.publishing_since and fake_pdf == []
    )  # queued, not done in the request
    page = client.get(detail).content.decode()
    assert 'id="publishing"' in page and "<progress" in page and "修改并发布" not in page
    assert client.get(url).status_code == 302  # no edits while it is being published
    assert client.post(url, data).status_code == 409
    poll = client.get(detail + "?publishing=1", **HTMX)
    assert poll.status_code == 200 and "HX-Refresh" not in poll

    worker()
    assert client.get(detail + "?publishing=1", **HTMX)["HX-Refresh"] == "true"
    item.refresh_from_db()
    assert item.publishing_since is None
    assert item.state == "published" and item.published_by.username == "office" and item.published_at
    assert (settings.MEDIA_ROOT / item.docx.name).is_file() and (
        settings.MEDIA_ROOT / item.pdf.name
    ).is_file()
    assert item.docx.name.startswith("bulletins/") and len(fake_pdf) == 1
    stored = docx.Document(str(settings.MEDIA_ROOT / item.docx.name))
    assert "表扬三个项目。" in [p.text for p in stored.paragraphs]  # rendered from the edited text
    assert [
        e.action for e in AuditEvent.objects.filter(object_id=str(item.pk), model="supervision.bulletin")
    ][0] == "publish"

    for username in ["minzheng", "outsider", None]:  # the plan is published: so is its bulletin
        reader = client_for(username)
        assert item.title in reader.get(reverse("bulletins:list", args=[item.plan_id])).content.decode()
        got = reader.get(reverse("bulletins:download", args=[item.pk, "pdf"]))
        assert got.status_code == 200 and b"".join(got.streaming_content) == FAKE_PDF
        word = reader.get(reverse("bulletins:download", args=[item.pk, "docx"]))
        assert b"".join(word.streaming_content) == (settings.MEDIA_ROOT / item.docx.name).read_bytes()
    page = client_for("minzheng").get(reverse("bulletins:detail", args=[item.pk])).content.decode()
    assert "/media/" not in page and reverse("bulletins:download", args=[item.pk, "pdf"]) in page


def test_a_published_month_cannot_be_regenerated_or_edited(client_for, users, fake_pdf):
    item = bulletin_data.publish(draft(users), users["office"])
    client = client_for("office")
    response = generate(client, city(), **HTMX)
    assert response.status_code == 409 and "2024年6月的通报已发布，不能重新生成" in response.content.decode()
    assert (
        client.get(reverse("bulletins:list", args=[city().pk])).content.decode().count("6 月通报已发布") == 1
    )
    edit = reverse("bulletins:edit", args=[item.pk])
    assert client.get(edit).status_code == 302
    assert client.post(edit, {"title": "改", "action": "save"}).status_code == 409
    item.refresh_from_db()
    assert item.title == "关于2024年6月份全市重点民生实事项目进展情况的通报"


def test_a_draft_may_be_regenerated(client_for, users):
    item = draft(users)
    bulletin_data.save_edits(item, item.title, item.number, {"overview": "手改的文字。"}, users["office"])
    response = generate(client_for("office"), city())
    assert response.status_code == 302
    item.refresh_from_db()
    assert texts(item.sections)["overview"].startswith("截至2024年6月30日")
    assert Bulletin.objects.filter(plan=city()).count() == 1
    assert AuditEvent.objects.filter(
        object_id=str(item.pk), action="update", changes__has_key="生成"
    ).exists()


def test_a_failed_pdf_leaves_the_draft_as_it_was(client_for, users, monkeypatch, settings, worker):
    def broken(data):
        raise RuntimeError("未找到 LibreOffice（soffice）")

    monkeypatch.setattr(pdf_writer, "docx_to_pdf", broken)
    item = draft(users)
    client = client_for("office")
    url = reverse("bulletins:edit", args=[item.pk])
    data = form_data(client.get(url).content.decode()) | {"action": "publish"}
    assert client.post(url, data).status_code == 302
    worker()
    item.refresh_from_db()
    assert item.state == "draft" and not item.docx and not item.pdf and item.publishing_since is None
    assert "未能生成 PDF，通报未发布" in item.publish_error
    for page in (reverse("bulletins:detail", args=[item.pk]), url):  # the reason, and it may be tried again
        assert "未能生成 PDF，通报未发布" in client.get(page).content.decode()
    assert [e.changes["发布"][1] for e in AuditEvent.objects.filter(object_id=str(item.pk), action="update")][
        :2
    ] == ["未能发布：未能生成 PDF，通报未发布：未找到 LibreOffice（soffice）", "已提交，后台生成 Word 和 PDF"]
    assert not (settings.MEDIA_ROOT / "bulletins").exists() or not any(
        (settings.MEDIA_ROOT / "bulletins").iterdir()
    )


def test_list_cost_does_not_grow_with_bulletins(client_for, users, django_assert_max_num_queries, fake_pdf):
    client = client_for("office")
    url = reverse("bulletins:list", args=[city().pk])
    bulletin_data.publish(draft(users, "2024-01"), users["office"])
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    for month in ["2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]:
        bulletin_data.publish(draft(users, month), users["office"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count("bulletin-") and html.count("<tr>") == 7


@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")),
    reason="LibreOffice (soffice) is not installed here; CI installs it for the PDF bulletin",
)
def test_publishing_makes_a_real_pdf(users, settings):
    item = bulletin_data.publish(draft(users), users["office"])
    assert (settings.MEDIA_ROOT / item.pdf.name).read_bytes().startswith(b"%PDF")


def test_the_bulletin_page_shows_the_sections_and_the_full_table(client_for, users):
    item = draft(users)
    html = client_for("office").get(reverse("bulletins:detail", args=[item.pk])).content.decode()
    for heading in [
        "一、总体情况",
        "二、进展较快的项目",
        "三、进展滞后的项目",
        "四、存在的问题",
        "五、报送情况",
        "六、下步工作",
    ]:
        assert f"<h2>{heading}</h2>" in html
    table = html.split('class="bulletin-table"')[1].split("</table>")[0]
    assert table.count("<tr>") == 31  # header + 30 projects
    assert "table-wrap" in html and "预览 Word" in html
