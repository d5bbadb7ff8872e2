"""Project detail: content, units with lead first, targets, and the object's audit history."""

from tests.conftest import project


def test_project_page(client_for):
    p = project("济宁市", 2024, "2")
    html = client_for(None).get(f"/projects/{p.pk}/").content.decode()
    assert html.index("市消防救援支队") < html.index("各县市区政府（管委会）")
    assert "8200名" in html and "免费为8200名独居" in html
    assert "变更记录" not in html  # the audit history names officials: signed-in users only
    assert "变更记录" in client_for("deputy").get(f"/projects/{p.pk}/").content.decode()
    assert "编辑项目" not in html  # the public cannot change it


def test_office_sees_edit_links(client_for):
    p = project("济宁市", 2024, "2")
    html = client_for("office").get(f"/projects/{p.pk}/").content.decode()
    assert "编辑项目" in html and "添加指标" in html


def test_written_name_is_kept_when_an_alias_resolved(client_for):
    p = project("济宁市", 2023, "1")
    role = p.unit_roles.select_related("unit").first()
    html = client_for(None).get(f"/projects/{p.pk}/").content.decode()
    assert role.unit.name in html
