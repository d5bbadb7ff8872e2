"""Refusals read in Chinese inside the site's own page, not Django's English defaults."""


def test_a_missing_page_is_explained_in_chinese(client_for):
    answer = client_for(None).get("/plans/999999/")
    assert answer.status_code == 404
    html = answer.content.decode()
    assert "未找到该页面" in html and html.count("<main") == 1


def test_a_forbidden_page_is_explained_in_chinese(client_for):
    answer = client_for("minzheng").get("/dashboard/")
    assert answer.status_code == 403
    assert "无权访问" in answer.content.decode()
