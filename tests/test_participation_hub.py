"""The participation entry page shows each visitor what they can do: the public proposes and follows
its proposal; a deputy also votes and evaluates; the office also moderates, scores and runs the vote."""

import pytest


@pytest.mark.parametrize(
    "username, present, absent",
    [
        (None, ["提出民生实事建议", "查询建议办理情况"], ["建议审核", "满意度测评"]),
        ("deputy", ["提出民生实事建议", "满意度测评"], ["建议审核"]),
        ("office", ["建议审核", "评分、候选名单与票决", "满意度测评"], []),
        ("minzheng", ["提出民生实事建议"], ["建议审核", "满意度测评"]),
    ],
)
def test_each_visitor_sees_what_they_can_do(client_for, username, present, absent):
    answer = client_for(username).get("/participation/")
    assert answer.status_code == 200
    html = answer.content.decode()
    assert html.count("<main") == 1
    for text in present:
        assert text in html, text
    for text in absent:
        assert text not in html, text


def test_every_page_links_to_participation(client_for):
    assert 'href="/participation/"' in client_for(None).get("/").content.decode()
