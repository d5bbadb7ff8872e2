"""Role × page/endpoint: who may read and who may change, and forged ids outside the scope give 404."""

import pytest

from minsheng.plans.models import Plan
from tests.conftest import plan

ROLES = [
    None,
    "outsider",
    "admin",
    "office",
    "weishan",
    "minzheng",
    "minzheng_head",
    "jiaoyu",
    "weijian",
    "weishan_minzheng",
    "leader",
    "deputy",
]

# Who may read the draft plans (drafts are not public): the offices of the region or above, its leader.
READ_DRAFT = {
    "济宁市": {"admin", "office"},
    "微山县": {"admin", "office", "weishan", "leader"},
}
# Who may change a region's plans: its supervision office, an office above it, the administrator.
CHANGE = {
    "济宁市": {"admin", "office"},
    "微山县": {"admin", "office", "weishan"},
}


def draft_plan(region: str) -> Plan:
    return Plan.objects.get(region__name=region, year=2025)


def urls_for(p: Plan) -> dict[str, str]:
    project = p.projects.order_by("order").first()
    indicator = project.indicators.first()
    return {
        "plan": f"/plans/{p.pk}/",
        "project": f"/projects/{project.pk}/",
        "api_plan": f"/api/v1/plans/{p.pk}",
        "api_project": f"/api/v1/projects/{project.pk}",
        "edit_plan": f"/plans/{p.pk}/edit/",
        "edit_project": f"/projects/{project.pk}/edit/",
        "edit_indicator": f"/indicators/{indicator.pk}/edit/",
        "new_indicator": f"/projects/{project.pk}/indicators/new/",
    }


def expected(kind: str, role: str | None, region: str, published: bool) -> int:
    if kind.startswith(("edit", "new")):
        if role is None:
            return 302  # to the login page
        return 200 if role in CHANGE[region] else 404
    if published:
        return 200
    return 200 if role in READ_DRAFT[region] else 404


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "public")
@pytest.mark.parametrize(
    "region,published",
    [("济宁市", True), ("济宁市", False), ("微山县", True), ("微山县", False)],
    ids=["city-published", "city-draft", "county-published", "county-draft"],
)
def test_role_matrix(client_for, role, region, published):
    client = client_for(role)
    p = plan(region, 2024) if published else draft_plan(region)
    outcomes = {kind: client.get(url).status_code for kind, url in urls_for(p).items()}
    wanted = {kind: expected(kind, role, region, published) for kind in outcomes}
    assert outcomes == wanted


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "public")
def test_my_projects_needs_login(client_for, role):
    response = client_for(role).get("/my/")
    assert response.status_code == (302 if role is None else 200)


@pytest.mark.parametrize("role", ["office", "minzheng", None])
def test_forged_ids_are_not_found(client_for, role):
    client = client_for(role)
    for url in ["/plans/999999/", "/projects/999999/", "/api/v1/plans/999999", "/api/v1/projects/999999"]:
        assert client.get(url).status_code == 404, url


def test_plan_list_hides_drafts_from_the_public(client_for):
    public = client_for(None).get("/").content.decode()
    office = client_for("office").get("/").content.decode()
    weishan = client_for("weishan").get("/").content.decode()
    assert "草案" not in public
    assert "济宁市2025年民生实事（草案）" in office and "微山县2025年民生实事（草案）" in office
    assert "微山县2025年民生实事（草案）" in weishan and "济宁市2025年民生实事（草案）" not in weishan


def test_api_list_is_scoped(client_for):
    def titles(role):
        return {p["title"] for p in client_for(role).get("/api/v1/plans").json()}

    assert not any("草案" in t for t in titles(None))
    assert "济宁市2025年民生实事（草案）" in titles("office")
    assert "济宁市2025年民生实事（草案）" not in titles("weishan")


def test_a_county_office_cannot_post_to_a_city_project(client_for):
    target = plan("济宁市", 2024).projects.get(seq="2")
    response = client_for("weishan").post(f"/projects/{target.pk}/edit/", {"name": "篡改"})
    assert response.status_code == 404
    target.refresh_from_db()
    assert target.name == "为8200名独居老人安装火灾探测报警器"
