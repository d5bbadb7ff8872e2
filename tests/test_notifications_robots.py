"""Group robots: WeCom and DingTalk take the same text JSON; DingTalk's 加签 appends a timestamp and an
HMAC-SHA256 signature. Tested against a real local HTTP server."""

import base64
import hashlib
import hmac
import socket
import time
from urllib.parse import unquote_plus

import pytest

from minsheng.notifications import http, robots
from tests.test_tick_support import robot_server  # noqa: F401 (fixture)


def test_wecom_gets_the_text_message(robot_server):  # noqa: F811
    robots.post_text(robot_server.url(), "【催报】2024年7月月报\n市民政局：3 个项目")
    [hit] = robot_server.hits
    assert hit["path"] == "/cgi-bin/webhook/send" and hit["query"] == {"key": "test-key"}
    assert hit["json"] == {
        "msgtype": "text",
        "text": {"content": "【催报】2024年7月月报\n市民政局：3 个项目"},
    }
    assert hit["content_type"].startswith("application/json")


def test_dingtalk_signing_follows_the_robot_docs(robot_server):  # noqa: F811
    secret = "SEC0123456789abcdef"
    before = int(time.time() * 1000)
    robots.post_text(robot_server.url("/robot/send?access_token=tok"), "提醒", secret=secret)
    [hit] = robot_server.hits
    query = hit["query"]  # parse_qs has already url-decoded the sign once
    assert query["access_token"] == "tok"
    timestamp = int(query["timestamp"])
    assert before <= timestamp <= int(time.time() * 1000)  # milliseconds of the real clock
    expected = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    assert base64.b64decode(query["sign"]) == expected


def test_sign_is_url_encoded_base64():
    sign = robots.sign("SECsecret", 1700000000000)
    digest = hmac.new(b"SECsecret", b"1700000000000\nSECsecret", hashlib.sha256).digest()
    assert base64.b64decode(unquote_plus(sign)) == digest
    assert "+" not in sign and "/" not in sign and "=" not in sign
    assert robots.signed_url(
        "https://oapi.dingtalk.com/robot/send?access_token=t", "SECsecret", 1
    ).startswith("https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1&sign=")
    assert robots.signed_url("http://h/robot", "s", 1).startswith("http://h/robot?timestamp=1&sign=")


def test_an_error_answer_is_an_error(robot_server):  # noqa: F811
    robot_server.answer = {"errcode": 310000, "errmsg": "sign not match"}
    with pytest.raises(robots.RobotError, match="310000：sign not match"):
        robots.post_text(robot_server.url(), "x")
    robot_server.status, robot_server.answer = 500, {}
    with pytest.raises(robots.RobotError, match="HTTP 500"):
        robots.post_text(robot_server.url(), "x")


def test_unreachable_slow_or_odd_robots_are_errors(robot_server):  # noqa: F811
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once closed
    with pytest.raises(robots.RobotError, match="无法连接"):
        robots.post_text(f"http://127.0.0.1:{port}/send", "x", timeout=2)
    robot_server.delay = 1.0
    with pytest.raises(robots.RobotError, match="无法连接"):
        robots.post_text(robot_server.url(), "x", timeout=0.2)
    with pytest.raises(robots.RobotError, match="http"):
        robots.post_text("file:///etc/passwd", "x")


def test_a_long_message_is_cut_to_what_wecom_takes(robot_server):  # noqa: F811
    text = (
        "【催报】2024年7月月报\n"
        + "\n".join(f"  {n}. 建设老年人食堂项目第{n}项" for n in range(200))
        + "\nhttps://ms/my/"
    )
    robots.post_text(robot_server.url(), text, limit=robots.LIMITS["wecom"])
    [sent] = robot_server.contents()
    assert len(sent.encode()) <= 2048
    assert sent.startswith("【催报】2024年7月月报\n") and sent.endswith(
        "完整内容请登录平台查看）\nhttps://ms/my/"
    )
    assert robots.fit("短消息\nhttps://ms/", 2048) == "短消息\nhttps://ms/"


def test_the_shared_helper_posts_json_with_headers_and_returns_the_answer(robot_server):  # noqa: F811
    robot_server.answer = {"errcode": 0, "errmsg": "ok", "extra": [1]}
    answer = http.post_json(robot_server.url("/any"), {"值": 1}, {"Authorization": "Bearer t"}, 2)
    assert answer == {"errcode": 0, "errmsg": "ok", "extra": [1]}
    [hit] = robot_server.hits
    assert hit["json"] == {"值": 1} and hit["authorization"] == "Bearer t"
    assert hit["content_type"] == "application/json; charset=utf-8"
    robot_server.status = 404
    with pytest.raises(http.PostError, match="对方系统返回 HTTP 404") as refused:
        http.post_json(robot_server.url("/any"), {}, timeout=2)
    assert not isinstance(refused.value, robots.RobotError)
    with pytest.raises(robots.RobotError, match="机器人返回 HTTP 404"):
        robots.post_text(robot_server.url("/any"), "x")
