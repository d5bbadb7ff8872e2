"""The office changes plans, projects and indicators through forms; each change is audited and shown
on the object, and bad values are refused with a Chinese message, leaving nothing written."""

from decimal import Decimal

from minsheng.core.models import AuditEvent
from tests.conftest import plan, project
from tests.forms import form_data


def _indicator():
    return project("济宁市", 2024, "2").indicators.get()


def test_edit_an_indicator_as_rendered(client_for):
    client = client_for("office")
    indicator = _indicator()
    url = f"/indicators/{indicator.pk}/edit/"
    data = form_data(client.get(url).content.decode())
    assert data["target_value"] == "8200.0000" and data["unit"] == "名" and data["comparator"] == "="
    data["target_value"] = "9000"
    response = client.post(url, data)
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.target_value == Decimal("9000")
    event = AuditEvent.objects.get(model="plans.indicator", object_id=str(indicator.pk))
    assert event.actor.username == "office" and event.via == "web"
    assert event.changes == {"目标值": ["8200", "9000"]}
    page = client.get(f"/projects/{indicator.project_id}/").content.decode()
    assert "目标值：<del>8200</del> → <ins>9000</ins>" in page


def _post_bad(client, field, value):
    indicator = _indicator()
    url = f"/indicators/{indicator.pk}/edit/"
    data = form_data(client.get(url).content.decode())
    data[field] = value
    response = client.post(url, data)
    indicator.refresh_from_db()
    return response, indicator


def test_negative_zero_and_text_values_are_refused(client_for):
    client = client_for("office")
    for value, message in [("-5", "大于或等于"), ("0", "目标值必须为正数"), ("很多", "输入一个数字")]:
        response, indicator = _post_bad(client, "target_value", value)
        assert response.status_code == 200
        assert message in response.content.decode(), value
        assert indicator.target_value == Decimal("8200")
    assert not AuditEvent.objects.filter(model="plans.indicator").exists()


def test_comparator_must_be_one_of_three(client_for):
    response, indicator = _post_bad(client_for("office"), "comparator", "≠")
    assert "选择一个有效的选项" in response.content.decode()
    assert indicator.comparator == "="


def test_a_percentage_above_100_is_refused(client_for):
    client = client_for("office")
    indicator = _indicator()
    url = f"/indicators/{indicator.pk}/edit/"
    data = form_data(client.get(url).content.decode()) | {"unit": "%", "target_value": "120"}
    assert "百分比目标不能超过100" in client.post(url, data).content.decode()


def test_due_date_outside_the_plan_year_needs_the_notice_to_say_so(client_for):
    client = client_for("office")
    response, indicator = _post_bad(client, "due_date", "2025-06-30")
    assert "完成期限应在计划年度（2024年）内" in response.content.decode()
    assert indicator.due_date is None
    url = f"/indicators/{indicator.pk}/edit/"
    data = form_data(client.get(url).content.decode()) | {"due_date": "2025-06-30", "spans_years": "on"}
    assert client.post(url, data).status_code == 302
    indicator.refresh_from_db()
    assert str(indicator.due_date) == "2025-06-30"


def test_add_an_indicator(client_for):
    client = client_for("office")
    p = project("济宁市", 2024, "5")
    url = f"/projects/{p.pk}/indicators/new/"
    data = form_data(client.get(url).content.decode())
    data.update(text="培训养老护理员500人次", target_value="500", unit="人次", comparator="≥")
    assert client.post(url, data).status_code == 302
    created = p.indicators.get(text="培训养老护理员500人次")
    assert AuditEvent.objects.get(model="plans.indicator", object_id=str(created.pk)).action == "create"


def test_edit_a_project_deadline(client_for):
    client = client_for("office")
    p = project("济宁市", 2024, "3")
    url = f"/projects/{p.pk}/edit/"
    data = form_data(client.get(url).content.decode())
    assert data["name"] == "建设200处老年人食堂"
    data["deadline"] = "2024-06-30"
    assert client.post(url, data).status_code == 302
    event = AuditEvent.objects.get(model="plans.project", object_id=str(p.pk))
    assert event.changes == {"完成期限": [None, "2024-06-30"]}


def test_a_deadline_before_the_plan_year_is_refused(client_for):
    client = client_for("office")
    p = project("济宁市", 2024, "3")
    url = f"/projects/{p.pk}/edit/"
    data = form_data(client.get(url).content.decode()) | {"deadline": "2023-12-31"}
    assert "完成期限不能早于计划年度" in client.post(url, data).content.decode()


def test_publishing_state_change_of_a_plan_is_audited(client_for):
    client = client_for("weishan")
    p = plan("微山县", 2024)
    url = f"/plans/{p.pk}/edit/"
    data = form_data(client.get(url).content.decode())
    data["state"] = "closed"
    assert client.post(url, data).status_code == 302
    event = AuditEvent.objects.filter(model="plans.plan", object_id=str(p.pk), action="update").get()
    assert event.changes == {"状态": ["已发布", "已结束"]}
    assert "已发布</del> → <ins>已结束" in client.get(f"/plans/{p.pk}/").content.decode()


def test_saving_an_unchanged_form_writes_no_event(client_for):
    client = client_for("office")
    p = project("济宁市", 2024, "3")
    url = f"/projects/{p.pk}/edit/"
    assert client.post(url, form_data(client.get(url).content.decode())).status_code == 302
    assert not AuditEvent.objects.filter(model="plans.project", object_id=str(p.pk)).exists()
