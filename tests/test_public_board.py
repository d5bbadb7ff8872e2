"""The public board (/public/, /public/plans/<id>/, /public/projects/<id>/, /public/photos/<id>/): no
login, published plans only, progress with its colour in words, search and filters (htmx fragment and
full page), photos marked public, and a query count that does not grow with projects, reports or photos."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from minsheng.dashboard.public import rules as public
from minsheng.plans.board import touch
from minsheng.plans.models import Indicator, Milestone, Project
from minsheng.reporting.attachments import files as attachments
from minsheng.reporting.calendar.rules import SHANGHAI
from minsheng.reporting.models import Attachment, Report, ReportValue
from minsheng.site.demo_reports import load_demo_reports
from tests.conftest import plan, project


@pytest.fixture(autouse=True)
def fresh(settings, tmp_path):
    settings.MINSHENG_TODAY = "2024-07-15"
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()


def approved(item, period="2024-06", values=None, day=datetime.date(2024, 7, 1), touching=True, **fields):
    """An approved monthly report of `item` with cumulative `values` ({indicator: value})."""
    year, month = map(int, period.split("-"))
    start = datetime.date(year, month, 1)
    end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    moment = datetime.datetime.combine(day, datetime.time(10), SHANGHAI)
    report = Report.objects.create(
        project=item,
        kind="month",
        period=period,
        period_start=start,
        period_end=end,
        state="approved",
        submitted_at=moment,
        approved_at=moment,
        **fields,
    )
    for indicator, value in (values or {}).items():
        ReportValue.objects.create(report=report, indicator=indicator, value=Decimal(value))
    if touching:
        touch(item.plan_id)
    return report


def jpeg(with_gps_note=b"") -> bytes:
    image = Image.new("RGB", (800, 600), (40, 120, 200))
    exif = Image.Exif()
    exif[0x010E] = "GPS 35.4N 116.6E"  # ImageDescription standing in for camera data
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def photo(report, caption="新建食堂投入使用", public=True, user=None):
    checked = attachments.inspect(jpeg(), "现场.jpg")
    attachment = attachments.store(report, checked, user, caption=caption)
    if public:
        attachment.is_public = True
        attachment.save(update_fields=["is_public"])
    return attachment


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_home_lists_published_plans_by_year_and_region(client_for):
    html = html_of(client_for(None).get("/public/"))
    assert html.count("<main") == 1 and "<h1>重点民生实事公开看板</h1>" in html
    assert "无需登录" in html  # the intro sentence
    for p in [plan("济宁市", 2024), plan("微山县", 2024), plan("济宁高新区", 2022)]:
        assert f'href="/public/plans/{p.pk}/"' in html and f'href="/public/plans/{p.pk}.csv"' in html
    assert f'href="/public/plans/{plan("济宁市", 2025).pk}/"' not in html  # a draft
    assert "2025年民生实事（草案）" not in html
    years = [int(y) for y in re.findall(r'<h2 id="year-(\d+)">', html)]
    assert years == sorted(set(years), reverse=True) and years[0] == 2024
    filtered = html_of(client_for(None).get("/public/", {"year": "2023"}))
    assert f'href="/public/plans/{plan("济宁市", 2023).pk}/"' in filtered
    assert f'href="/public/plans/{plan("济宁市", 2024).pk}/"' not in filtered
    weishan = plan("微山县", 2024)
    only = html_of(client_for(None).get("/public/", {"region": str(weishan.region_id)}))
    assert (
        f'href="/public/plans/{weishan.pk}/"' in only
        and f'/public/plans/{plan("济宁市", 2024).pk}/"' not in only
    )


def test_home_search_full_page_and_htmx_fragment(client_for):
    item = project("济宁市", 2024, "2")  # 为8200名独居老人安装火灾探测报警器
    page = html_of(client_for(None).get("/public/", {"q": "独居老人"}))
    assert f'href="/public/projects/{item.pk}/"' in page and "<main" in page and "搜索“独居老人”" in page
    fragment = html_of(client_for(None).get("/public/", {"q": "独居老人"}, HTTP_HX_REQUEST="true"))
    assert (
        f'href="/public/projects/{item.pk}/"' in fragment
        and "<main" not in fragment
        and "<html" not in fragment
    )
    by_unit = html_of(client_for(None).get("/public/", {"q": "市民政局"}))
    assert f'href="/public/projects/{project("济宁市", 2024, "1").pk}/"' in by_unit
    assert "没有找到项目" in html_of(client_for(None).get("/public/", {"q": "不存在的项目名称"}))
    draft_item = Project.objects.get(plan=plan("济宁市", 2025))
    assert f"/public/projects/{draft_item.pk}/" not in html_of(
        client_for(None).get("/public/", {"q": "草案项目"})
    )


def test_plan_page_shows_progress_colour_words_and_no_reasons(client_for):
    p, item = plan("济宁市", 2024), project("济宁市", 2024, "1")
    approved(item, values={item.indicators.get(): "1100"})
    html = html_of(client_for(None).get(f"/public/plans/{p.pk}/"))
    assert html.count("<main") == 1 and p.title in html and p.doc_number in html
    card = html.split(f'href="/public/projects/{item.pk}/"')[1].split("</article>")[0]
    assert '<progress value="55" max="100"' in card and "55%" in card
    assert re.search(
        r'chip-\w+">[蓝绿黄橙红]</span> <span class="meaning">(正常推进|略有滞后|明显滞后|严重滞后)', card
    )
    assert "2024-07-01" in card and "市民政局" in card and "免费对2000户" in card
    assert "暂无" in html  # projects with no approved report yet
    assert "逾期" not in html and "序时" not in html  # reasons of a colour stay inside
    counts = re.search(r'<p class="colour-counts".*?</p>', html, re.S).group(0)
    for word in "蓝绿黄橙红":
        assert f">{word}</span>" in counts
    assert f'href="/public/plans/{p.pk}.csv"' in html and f'href="/public/plans/{p.pk}.json"' in html
    assert "共 30 个项目" in html and "平均进度" in html


def test_plan_filters_full_page_and_htmx(client_for):
    p = plan("济宁市", 2024)
    item = project("济宁市", 2024, "1")
    approved(item, values={item.indicators.get(): "2000"})  # done on 1 July: ahead of pace
    client = client_for(None)
    red = html_of(client.get(f"/public/plans/{p.pk}/", {"colour": "red"}))
    assert f'href="/public/projects/{item.pk}/"' not in red and "显示" in red
    fragment = html_of(client.get(f"/public/plans/{p.pk}/", {"q": "独居老人"}, HTTP_HX_REQUEST="true"))
    assert "<main" not in fragment and "为8200名独居老人" in fragment and "显示 1 / 30" in fragment
    category = item.category.name
    by_category = html_of(client.get(f"/public/plans/{p.pk}/", {"category": category}))
    assert f'href="/public/projects/{item.pk}/"' in by_category
    assert f'href="/public/projects/{project("济宁市", 2024, "30").pk}/"' not in by_category
    assert html_of(client.get(f"/public/plans/{p.pk}/", {"colour": "<script>"})).count("<script>") == 0


def test_drafts_and_forged_ids_are_404(client_for):
    draft = plan("济宁市", 2025)
    draft_item = Project.objects.get(plan=draft)
    client = client_for(None)
    for url in [
        f"/public/plans/{draft.pk}/",
        f"/public/plans/{draft.pk}.csv",
        f"/public/plans/{draft.pk}.json",
        f"/public/projects/{draft_item.pk}/",
        "/public/plans/999999/",
        "/public/projects/999999/",
        "/public/photos/999999/",
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client_for("office").get(f"/public/plans/{draft.pk}/").status_code == 404
    )  # public even for the office


def test_project_page_targets_milestones_photos_and_commitment(client_for):
    item = project("济宁市", 2024, "1")
    indicator = item.indicators.get()
    Milestone.objects.create(
        project=item,
        title="完成入户评估",
        due_date=datetime.date(2024, 5, 31),
        done_date=datetime.date(2024, 5, 20),
    )
    report = approved(item, values={indicator: "1100"})
    shown = photo(report, caption="改造后的卫生间")
    hidden = photo(report, caption="未公开的照片说明", public=False)
    html = html_of(client_for(None).get(f"/public/projects/{item.pk}/"))
    assert "已完成 1100 / 目标 2000 户" in html and '<progress value="55" max="100"' in html
    assert "完成入户评估" in html and "已于 2024-05-20 完成" in html
    assert f'src="/public/photos/{shown.pk}/"' in html and "改造后的卫生间" in html
    assert f"/public/photos/{hidden.pk}/" not in html and "未公开的照片说明" not in html
    assert "市民政局" in html and "2024年7月1日" in html
    assert f'href="/commitments/{item.pk}/"' in html  # it has other years (lineage)
    assert html.count("<h1") == 1 and "<caption" in html and 'scope="row"' in html
    lonely = Project.objects.filter(
        plan=item.plan, parent__isnull=True, lineage__isnull=True, children__isnull=True
    )
    assert "/commitments/" not in html_of(client_for(None).get(f"/public/projects/{lonely.first().pk}/"))


def test_photo_endpoint_serves_a_thumbnail_without_exif_only_when_public(client_for):
    item = project("济宁市", 2024, "1")
    report = approved(item, values={item.indicators.get(): "100"})
    shown, hidden = photo(report), photo(report, public=False)
    response = client_for(None).get(f"/public/photos/{shown.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "public" in response["Cache-Control"] and "max-age" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    image = Image.open(io.BytesIO(body))
    assert max(image.size) <= 480 and not image.getexif() and b"GPS" not in body
    assert client_for(None).get(f"/public/photos/{hidden.pk}/").status_code == 404
    draft = Report.objects.create(
        project=item,
        kind="month",
        period="2024-07",
        state="submitted",
        period_start=datetime.date(2024, 7, 1),
        period_end=datetime.date(2024, 7, 31),
    )
    pending = photo(draft)  # marked public, but its report is not approved
    assert client_for(None).get(f"/public/photos/{pending.pk}/").status_code == 404
    document = Attachment.objects.filter(pk=shown.pk)
    document.update(kind="document")
    assert client_for(None).get(f"/public/photos/{shown.pk}/").status_code == 404


def test_logged_in_users_see_the_same_board_with_their_own_chrome(client_for):
    p = plan("济宁市", 2024)
    office = html_of(client_for("office").get(f"/public/plans/{p.pk}/"))
    assert "退出" in office
    anonymous = html_of(client_for(None).get(f"/public/plans/{p.pk}/"))  # a cache hit
    assert "退出" not in anonymous and "济宁市督查室" not in anonymous and "登录" in anonymous
    assert public.summary_sentence([]) == "本计划暂无项目。"


def _count(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_projects_reports_or_photos(client_for):
    p = plan("微山县", 2024)
    item = p.projects.order_by("order").first()
    client = client_for(None)

    def urls():
        return [
            "/public/",
            "/public/?q=老人",
            f"/public/plans/{p.pk}/",
            f"/public/plans/{p.pk}/?colour=red",
            f"/public/plans/{p.pk}.csv",
            f"/public/plans/{p.pk}.json",
            f"/public/projects/{item.pk}/",
        ]

    before = {url: _count(client, url) for url in urls()}
    load_demo_reports()  # six months of reports for every project
    report = Report.objects.filter(project=item, state="approved").first()
    for _ in range(3):
        photo(report)
    for n in range(5):
        extra = Project.objects.create(plan=p, seq=f"9{n}", order=900 + n, name=f"新增老人项目{n}")
        Indicator.objects.create(project=extra, text="新增目标", target_value=10, unit="个")
    after = {url: _count(client, url) for url in urls()}
    assert after == before, (before, after)
    assert max(after.values()) <= 20
    for url in urls():
        client.get(url)  # warm
    for url in urls():
        with CaptureQueriesContext(connection) as hit:
            assert client.get(url).status_code == 200
        assert len(hit) == 1, (url, [q["sql"] for q in hit])  # a hit: the plan, project or stamp only


def test_last_update_is_the_shanghai_day_of_the_approval(client_for):
    item = project("济宁市", 2024, "1")
    report = approved(item, values={item.indicators.get(): "100"})
    Report.objects.filter(pk=report.pk).update(
        approved_at=datetime.datetime(2024, 7, 1, 17, 30, tzinfo=datetime.UTC)
    )
    touch(item.plan_id)
    body = html_of(client_for(None).get(f"/public/projects/{item.pk}/"))
    assert "2024年7月2日" in body  # 17:30 UTC is 01:30 the next day in Shanghai
