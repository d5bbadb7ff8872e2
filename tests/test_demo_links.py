"""The demo's curated cross links (minsheng/plans/demo_links.json): lineage across years and county or
zone projects under the city project they implement; loading them twice changes nothing."""

import json

from minsheng.core.models import AuditEvent
from minsheng.plans.demo_links import LINKS_FILE, link_demo_projects, read_links
from minsheng.plans.models import Project
from tests.conftest import project


def test_known_lineage_pairs_are_linked_both_ways(db):
    elderly_2023, elderly_2024 = project("济宁市", 2023, "11"), project("济宁市", 2024, "1")
    assert elderly_2024 in elderly_2023.lineage.all()
    assert elderly_2023 in elderly_2024.lineage.all()  # symmetrical
    screening_2023, screening_2024 = project("济宁市", 2023, "2"), project("济宁市", 2024, "5")
    assert list(screening_2024.lineage.all()) == [screening_2023]
    # an unrelated project has no lineage
    assert not project("济宁市", 2024, "3").lineage.exists()


def test_county_and_zone_projects_point_to_the_city_project_of_their_year(db):
    canteens = project("济宁市", 2024, "3")
    assert project("微山县", 2024, "4.2").parent == canteens
    assert list(canteens.children.all()) == [project("微山县", 2024, "4.2")]
    assert project("济宁经济技术开发区", 2023, "7").parent == project("济宁市", 2023, "11")
    assert project("微山县", 2024, "9.4").parent is None  # 以船为家: the county's own, not the city's
    # a parent is always of the same year and a higher level
    for child in Project.objects.filter(parent__isnull=False).select_related("plan", "parent__plan__region"):
        assert child.parent.plan.year == child.plan.year
        assert child.parent.plan.region.name == "济宁市"


def test_the_file_names_only_demo_projects(db):
    links = read_links()
    keys = {k for pairs in links.values() for pair in pairs for k in pair}
    found = {(p.plan.region.name, p.plan.year, p.seq) for p in Project.objects.select_related("plan__region")}
    assert keys <= found
    assert len(links["lineage"]) >= 10 and len(links["parent"]) >= 30
    assert "lineage" in json.loads(LINKS_FILE.read_text(encoding="utf-8"))


def test_linking_again_changes_nothing(db):
    events = AuditEvent.objects.count()
    lineage = Project.lineage.through.objects.count()
    assert link_demo_projects() == {"lineage": 0, "parent": 0}
    assert AuditEvent.objects.count() == events
    assert Project.lineage.through.objects.count() == lineage
    assert Project.objects.filter(parent__isnull=False).count() == len(read_links()["parent"])


def test_links_are_made_audited_and_an_existing_parent_kept(db):
    Project.lineage.through.objects.all().delete()
    Project.objects.update(parent=None)
    kept = project("微山县", 2024, "4.2")
    kept.parent = project("济宁市", 2024, "4")  # someone else's choice: not replaced
    kept.save()
    made = link_demo_projects()
    assert made["lineage"] == len(read_links()["lineage"])
    assert made["parent"] == len(read_links()["parent"]) - 1
    kept.refresh_from_db()
    assert kept.parent == project("济宁市", 2024, "4")
    assert AuditEvent.objects.filter(
        model="plans.project", via="demo", changes__has_key="往年同类项目"
    ).exists()
    assert AuditEvent.objects.filter(model="plans.project", via="demo", changes__has_key="上级项目").exists()


def test_missing_projects_are_skipped(db, tmp_path):
    path = tmp_path / "links.json"
    key = {"region": "济宁市", "year": 2024, "seq": "3"}
    missing = {"region": "济宁市", "year": 2019, "seq": "1"}
    path.write_text(json.dumps({"lineage": [[key, missing]], "parent": [[missing, key]]}), encoding="utf-8")
    assert link_demo_projects(path) == {"lineage": 0, "parent": 0}
