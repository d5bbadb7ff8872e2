"""A unit's "my projects": its projects as lead or co unit, and a leader's projects in charge."""

from minsheng.plans.models import Project
from tests.conftest import plan


def test_reporter_sees_its_units_projects(client_for):
    html = client_for("minzheng").get("/my/").content.decode()
    assert "改造2000户困难老年人家庭设施" in html  # lead
    assert "为8200名独居老人安装火灾探测报警器" in html  # co-unit
    assert "微山县" not in html


def test_county_reporter_sees_county_projects(client_for):
    html = client_for("weishan_minzheng").get("/my/").content.decode()
    expected = Project.objects.filter(plan=plan("微山县", 2024), unit_roles__unit__name="县民政局").count()
    assert expected > 0
    assert f"共 {expected} 个项目" in html


def test_leader_sees_the_projects_in_charge(client_for):
    html = client_for("leader").get("/my/").content.decode()
    assert f"共 {Project.objects.filter(leaders__name='张呈祥').count()} 个项目" in html


def test_a_user_without_unit_sees_an_empty_list(client_for):
    html = client_for("outsider").get("/my/").content.decode()
    assert "没有承办的项目" in html
