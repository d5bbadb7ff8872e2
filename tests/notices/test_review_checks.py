"""The review page announces what commit will do: the region the document names when it is not the one
chosen, exactly the units commit will create, and only earlier years' projects as 往年同类."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from minsheng.core.models import AuditEvent, Region, Unit
from minsheng.notices.extraction.links import Candidate, propose_lineage
from minsheng.notices.models import NoticeImport
from minsheng.notices.services import region_matches
from minsheng.plans.models import Plan


def _notice(issuer="济宁市人民政府", year=2026, rows=None, doc="济政发〔{year}〕7号"):
    rows = rows or [
        ("建设老年人食堂", "新建老年人食堂10处。", "市民政局", "市财政局"),
        ("改造农村公路", "新改建农村公路不少于50公里。", "市交通运输局", "市农业农村局"),
    ]
    lines = [f"{issuer}文件", doc.format(year=year), f"{issuer}关于办好{year}年民生实事的通知"]
    lines.append("序号\t项目名称\t实施内容及工作目标\t牵头单位\t协办单位")
    lines += [f"{i}\t{name}\t{content}\t{lead}\t{co}" for i, (name, content, lead, co) in enumerate(rows, 1)]
    return "\n".join(lines) + "\n"


def _upload(client, text, region="济宁市"):
    region_id = Region.objects.get(name=region).pk
    response = client.post(
        "/notices/", {"file": SimpleUploadedFile("通知.txt", text.encode()), "region": region_id}
    )
    assert response.status_code == 302, response.content.decode()
    return NoticeImport.objects.latest("pk")


def _review(client, notice) -> str:
    return client.get(f"/notices/{notice.pk}/").content.decode()


def _to_create(html: str) -> list[str]:
    item = re.search(r'<li id="units-to-create">(.*?)</li>', html, re.S)
    return re.findall(r'<span class="unit unknown">([^<]+)</span>', item.group(1)) if item else []


# 1. The region the document names


@pytest.mark.parametrize(
    "name,detected,same",
    [
        ("济宁市", "济宁市", True),
        ("济宁市", "济宁", True),
        ("济宁市", "山东省济宁市", True),
        ("济宁市", "濟寧市", True),
        ("济宁市", None, True),
        ("济宁经济技术开发区", "济宁经开区", True),
        ("济宁市", "沅江市", False),
        ("济宁市", "微山县", False),  # a county of the chosen city is another region
        ("济宁市", "济宁县", False),
        ("济宁高新区", "济宁", False),
        ("微山县", "济宁市", False),
    ],
)
def test_region_matches(db, name, detected, same):
    assert region_matches(Region.objects.get(name=name), detected) is same


def test_a_county_list_imported_for_the_city_is_flagged_and_can_be_switched(client_for):
    client = client_for("office")
    notice = _upload(client, _notice(issuer="微山县人民政府", doc="微政发〔{year}〕7号"))
    assert notice.draft["plan"]["region"] == "微山县"
    html = _review(client, notice)
    assert "文件中写明的地区是“微山县”，与所选地区“济宁市”不一致，请核对" in html
    assert "文件中写明的地区：<strong>微山县</strong>" in html
    weishan = Region.objects.get(name="微山县")
    assert f'name="region" value="{weishan.pk}"' in html and "改为“微山县”" in html

    response = client.post(f"/notices/{notice.pk}/meta/", {"region": weishan.pk})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.region == weishan
    event = AuditEvent.objects.filter(model="notices.noticeimport", object_id=str(notice.pk)).latest("pk")
    assert event.changes["区划"] == ["济宁市", "微山县"] and "关联建议" in event.changes
    assert "不一致" not in _review(client, notice)
    client.post(f"/notices/{notice.pk}/commit/")
    assert Plan.objects.get(year=2026, doc_number="微政发〔2026〕7号").region == weishan


def test_another_citys_list_is_flagged_without_a_switch_and_commit_asks_first(client_for):
    client = client_for("office")
    notice = _upload(client, _notice(issuer="沅江市人民政府", doc="沅政发〔{year}〕7号"))
    html = _review(client, notice)
    assert "文件中写明的地区是“沅江市”，与所选地区“济宁市”不一致，请核对" in html
    assert "改为“" not in html and "您管辖的地区中没有“沅江市”" in html
    assert client.post(f"/notices/{notice.pk}/commit/").status_code == 400  # not without a tick
    confirm = re.search(r'name="confirm_region" value="([^"]+)"', html).group(1)
    response = client.post(f"/notices/{notice.pk}/commit/", {"confirm_region": confirm})
    plan = Plan.objects.get(year=2026, doc_number="沅政发〔2026〕7号")
    assert response["Location"] == plan.get_absolute_url() and plan.region.name == "济宁市"


def test_the_same_region_gives_no_warning(client_for):
    client = client_for("office")
    html = _review(client, _upload(client, _notice()))
    assert "文件中写明的地区：<strong>济宁市</strong>" in html and "不一致" not in html


def test_a_county_office_cannot_switch_to_the_city(client_for):
    client = client_for("weishan")
    notice = _upload(client, _notice(), region="微山县")
    html = _review(client, notice)
    assert "文件中写明的地区是“济宁市”" in html and "改为“" not in html
    client.post(f"/notices/{notice.pk}/meta/", {"region": Region.objects.get(name="济宁市").pk})
    notice.refresh_from_db()
    assert notice.region.name == "微山县"


# 2. Units to be created


def test_the_units_listed_are_exactly_the_units_commit_creates(client_for):
    weishan = Region.objects.get(name="微山县")
    Unit.objects.create(name="湖区渔业管理中心", region=weishan, kind="department")
    client = client_for("office")
    rows = [
        ("建设老年人食堂", "新建老年人食堂10处。", "市民政局", "湖区渔业管理中心、市新设服务中心"),
        ("改造农村公路", "新改建农村公路不少于50公里。", "湖区渔业管理中心", "市新设服务中心、县民政局"),
    ]
    notice = _upload(client, _notice(rows=rows))
    html = _review(client, notice)
    listed = _to_create(html)
    # a unit of 微山县 or its name written by 微山县 is not 济宁市's: commit creates them in 济宁市
    assert sorted(listed) == sorted(["湖区渔业管理中心", "市新设服务中心", "县民政局"])
    assert '<span class="unit lead-unit unknown"' in html  # the row marks agree
    assert "入库时将新建 3 个" in html
    before = set(Unit.objects.values_list("pk", flat=True))
    client.post(f"/notices/{notice.pk}/commit/")
    created = Unit.objects.exclude(pk__in=before)
    assert sorted(created.values_list("name", flat=True)) == sorted(listed)
    assert {u.region.name for u in created} == {"济宁市"}


def test_a_unit_of_the_region_above_is_known(client_for):
    client = client_for("weishan")
    rows = [
        ("建设老年人食堂", "新建老年人食堂10处。", "县民政局", "市民政局"),
        ("改造公路", "改建公路5公里。", "县民政局", ""),
    ]
    notice = _upload(client, _notice(issuer="微山县人民政府", doc="微政发〔{year}〕7号", rows=rows), "微山县")
    assert _to_create(_review(client, notice)) == []
    before = Unit.objects.count()
    client.post(f"/notices/{notice.pk}/commit/")
    assert Unit.objects.count() == before


# 3. 往年同类: earlier years of the region and the regions above


ELDERLY = [
    ("改造困难老年人家庭设施", "改造2000户困难老年人家庭设施。", "市民政局", ""),
    ("实现城镇新增就业", "实现城镇新增就业不少于3000人。", "市人力资源社会保障局", ""),
]


def _lineage_years(notice) -> set[str]:
    labels = [link["label"] for p in notice.draft["projects"] for link in p["lineage"]]
    return {re.search(r"(20\d\d)年", label).group(1) for label in labels}


def test_lineage_proposes_no_later_year(client_for):
    notice = _upload(client_for("office"), _notice(year=2023, rows=ELDERLY, doc="济政发〔{year}〕99号"))
    assert "2024" not in _lineage_years(notice)


def test_lineage_proposes_earlier_years_of_the_region_not_of_its_counties(client_for):
    notice = _upload(client_for("office"), _notice(year=2026, rows=ELDERLY))
    links = [link["label"] for link in notice.draft["projects"][0]["lineage"]]
    assert any(label.startswith("济宁市 2024年") for label in links)
    employment = [link["label"] for link in notice.draft["projects"][1]["lineage"]]
    assert not any(label.startswith("微山县") for label in employment)  # 微山县 2024 has it


def test_changing_the_year_proposes_the_lineage_again(client_for):
    client = client_for("office")
    notice = _upload(client, _notice(year=2026, rows=ELDERLY))
    assert "2024" in _lineage_years(notice)
    meta = {**{k: v or "" for k, v in notice.draft["plan"].items() if k != "region"}, "year": 2023}
    client.post(f"/notices/{notice.pk}/meta/", meta)
    notice.refresh_from_db()
    assert notice.draft["plan"]["year"] == 2023 and "2024" not in _lineage_years(notice)


def test_propose_lineage_skips_candidates_not_before_the_year():
    text = "改造困难老年人家庭设施\n改造2000户困难老年人家庭设施"
    candidates = [Candidate(id=y, label=f"{y}", text=text, year=y) for y in (2021, 2022, 2023)]
    project = {"name": "改造困难老年人家庭设施", "content": "改造困难老年人家庭设施"}
    assert [link["label"] for link in propose_lineage(project, candidates, before=2022)] == ["2021"]


# 4. The table: a row with the importer's warnings is marked as doubtful, cells say what they are


def test_a_row_with_warnings_is_marked_doubtful(client_for):
    client = client_for("office")
    notice = _upload(client, _notice())
    html = _review(client, notice)
    assert 'id="row-0" class=""' in html and 'data-label="牵头单位"' in html and 'class="act"' in html
    notice.draft["projects"][0]["warnings"] = ["该项目的目标可能不完整"]
    notice.save(update_fields=["draft"])
    row = client.get(f"/notices/{notice.pk}/projects/0/").content.decode()
    assert 'class="doubtful"' in row and "该项目的目标可能不完整" in row
