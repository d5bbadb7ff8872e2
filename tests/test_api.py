"""JSON API v1: anonymous reads of published plans, token and session authentication, OpenAPI."""

import datetime
from io import StringIO

from django.core.management import call_command

from minsheng.core.models import ApiToken
from tests.conftest import plan, project


def test_plans_are_readable_anonymously(client_for):
    items = client_for(None).get("/api/v1/plans").json()
    assert len(items) == 5
    jining = next(i for i in items if i["region"] == "济宁市" and i["year"] == 2024)
    assert {"id", "region", "year", "title", "project_count"} <= set(jining)
    assert jining["project_count"] == 30


def test_plan_detail_has_projects_units_and_indicators(client_for):
    data = client_for(None).get(f"/api/v1/plans/{plan('济宁市', 2024).pk}").json()
    p2 = next(p for p in data["projects"] if p["seq"] == "2")
    assert p2["name"] == "为8200名独居老人安装火灾探测报警器"
    assert [u["name"] for u in p2["lead_units"]] == ["市消防救援支队"]
    assert [(float(i["target_value"]), i["unit"], i["comparator"]) for i in p2["indicators"]] == [
        (8200, "名", "=")
    ]
    assert data["categories"][0]["name"] == "一、老年人保障方面"


def test_project_endpoint(client_for):
    p = project("微山县", 2024, "1.1")
    data = client_for(None).get(f"/api/v1/projects/{p.pk}").json()
    assert data["seq"] == "1.1" and data["leaders"]


def _token(username: str) -> str:
    out = StringIO()
    call_command("token", username, stdout=out)
    return out.getvalue().strip()


def test_bearer_token_gives_the_users_scope(client_for):
    token = _token("office")
    assert ApiToken.objects.filter(user__username="office").count() == 1
    anonymous = client_for(None)
    titles = [p["title"] for p in anonymous.get("/api/v1/plans", HTTP_AUTHORIZATION=f"Bearer {token}").json()]
    assert "济宁市2025年民生实事（草案）" in titles
    assert ApiToken.objects.get(user__username="office").last_used_at is not None


def test_a_tokens_last_use_is_written_once_a_minute(client_for):
    token, client = _token("office"), client_for(None)
    client.get("/api/v1/plans", HTTP_AUTHORIZATION=f"Bearer {token}")
    first = ApiToken.objects.get(user__username="office").last_used_at
    client.get("/api/v1/plans", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert ApiToken.objects.get(user__username="office").last_used_at == first  # no write within the minute
    ApiToken.objects.filter(user__username="office").update(
        last_used_at=first - datetime.timedelta(minutes=2)
    )
    client.get("/api/v1/plans", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert ApiToken.objects.get(user__username="office").last_used_at > first


def test_an_invalid_token_is_refused(client_for):
    response = client_for(None).get("/api/v1/plans", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert response.status_code == 401
    assert "令牌无效" in response.json()["detail"]


def test_session_authentication(client_for):
    titles = [p["title"] for p in client_for("weishan").get("/api/v1/plans").json()]
    assert "微山县2025年民生实事（草案）" in titles


def test_not_found_is_in_chinese(client_for):
    assert "未找到" in client_for(None).get("/api/v1/plans/999999").json()["detail"]


def test_openapi_document(client_for):
    doc = client_for(None).get("/api/v1/openapi.json").json()
    assert {"/api/v1/plans", "/api/v1/plans/{plan_id}", "/api/v1/projects/{project_id}"} <= set(doc["paths"])
    assert doc["components"]["securitySchemes"]


def test_token_command_refuses_unknown_user(db):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="不存在"):
        call_command("token", "nobody")
