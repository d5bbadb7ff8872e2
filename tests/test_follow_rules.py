"""What a follower is told: the news between what they were told and what is true now (plain rules)."""

import datetime

from minsheng.participation.follows import rules
from minsheng.participation.follows.rules import ProjectNow

DAY = datetime.date(2024, 7, 15)
GREEN = ProjectNow("green", False, False, "2024-12-31")


def keys(told, now):
    return [n.key for n in rules.project_news(told, now, DAY)]


def test_the_first_look_tells_nothing():
    assert rules.project_news({}, GREEN, DAY) == []
    assert rules.proposal_news({}, "accepted", "已受理", "") == []


def test_the_same_state_tells_nothing():
    assert keys(GREEN.told(), GREEN) == []


def test_a_colour_change_is_told_once_a_day_with_both_words():
    now = ProjectNow("orange", False, False, "2024-12-31")
    [news] = rules.project_news(GREEN.told(), now, DAY)
    assert news.key == "colour:orange:2024-07-15"
    assert "绿（正常推进）" in news.body and "橙（明显滞后）" in news.body  # the public board's words


def test_acceptance_is_told_and_nothing_else_with_it():
    now = ProjectNow("blue", True, False, "2024-12-31")
    assert keys(GREEN.told(), now) == ["accepted"]
    assert keys(now.told(), now) == []


def test_finishing_is_told_without_a_colour_message():
    assert keys(GREEN.told(), ProjectNow("green", True, False, "2024-12-31")) == ["finished"]


def test_an_extension_and_then_the_missed_date():
    extended = ProjectNow("green", False, False, "2025-03-31")
    [news] = rules.project_news(GREEN.told(), extended, DAY)
    assert news.key == "due:2025-03-31" and "2024-12-31" in news.body and "2025-03-31" in news.body
    missed = ProjectNow("red", False, True, "2025-03-31")
    # a missed date says so; the colour turning red with it is not told twice
    assert keys(extended.told(), missed) == ["overdue:2025-03-31"]


def test_a_proposal_is_told_each_new_state_with_the_reply():
    [news] = rules.proposal_news({"state": "submitted"}, "merged", "已合并", "与第12号建议合并办理。")
    assert news.key == "state:merged" and "已合并" in news.body and "第12号" in news.body
    assert rules.proposal_news({"state": "merged"}, "merged", "已合并", "") == []


def test_the_code_is_checked_against_its_keyed_digest_only():
    code = rules.new_code()
    assert len(code) == rules.CODE_DIGITS and code.isdigit()
    digest = rules.code_digest("secret", "ABCDEFGH23", code)
    assert code not in digest
    assert rules.code_matches("secret", "ABCDEFGH23", f" {code[:3]} {code[3:]} ", digest)
    assert not rules.code_matches("secret", "ABCDEFGH24", code, digest)  # another follow's code
    assert not rules.code_matches("other", "ABCDEFGH23", code, digest)
    assert not rules.code_matches("secret", "ABCDEFGH23", code[:5], digest)
    assert not rules.code_matches("secret", "ABCDEFGH23", code, "")


def test_a_message_names_what_is_followed_and_where_to_stop():
    news = rules.News("accepted", "项目已通过验收", "项目已通过验收，承诺事项已兑现。")
    text = rules.message_text("民生实事“老年食堂”", news, "http://x/public/follows/ABC/")
    assert text.startswith("您关注的民生实事“老年食堂”：项目已通过验收") and text.endswith(
        "http://x/public/follows/ABC/"
    )
