"""The Django admin is in Chinese, open to superusers only, and every change there is audited."""

from minsheng.core.models import AuditEvent
from tests.conftest import project
from tests.forms import form_data


def test_admin_is_chinese_and_lists_every_model(client_for):
    html = client_for("admin").get("/admin/").content.decode()
    for name in [
        "计划",
        "类别",
        "项目",
        "承办单位",
        "指标",
        "里程碑",
        "任务分解",
        "行政区划",
        "单位别名",
        "人员",
        "角色",
        "API 令牌",
        "审计日志",
    ]:
        assert name in html, name
    assert "民生实事督办平台" in html


def test_office_is_not_admin(client_for):
    response = client_for("office").get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_admin_change_is_audited(client_for):
    client = client_for("admin")
    p = project("济宁市", 2024, "3")
    url = f"/admin/plans/project/{p.pk}/change/"
    data = form_data(client.get(url).content.decode())
    data["name"] = "建设200处老年人食堂（修订）"
    data["_save"] = "保存"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(model="plans.project", object_id=str(p.pk))
    assert event.via == "admin" and event.actor.username == "admin"
    assert event.changes == {"项目名称": ["建设200处老年人食堂", "建设200处老年人食堂（修订）"]}


def test_an_inline_indicator_change_in_admin_is_audited(client_for):
    client = client_for("admin")
    p = project("济宁市", 2024, "2")
    url = f"/admin/plans/project/{p.pk}/change/"
    data = form_data(client.get(url).content.decode())
    key = next(k for k in data if k.startswith("indicators-") and k.endswith("-target_value"))
    data[key] = "8300"
    data["_save"] = "保存"
    assert client.post(url, data).status_code == 302
    indicator = p.indicators.get()
    event = AuditEvent.objects.get(model="plans.indicator", object_id=str(indicator.pk))
    assert event.changes == {"目标值": ["8200", "8300"]}


def test_admin_validates_a_negative_target(client_for):
    client = client_for("admin")
    indicator = project("济宁市", 2024, "2").indicators.get()
    url = f"/admin/plans/indicator/{indicator.pk}/change/"
    data = form_data(client.get(url).content.decode()) | {"target_value": "-5", "_save": "保存"}
    response = client.post(url, data)
    assert response.status_code == 200 and "大于或等于" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.target_value == 8200
