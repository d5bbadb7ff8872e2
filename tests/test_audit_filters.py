"""The audit log's filters (/office/audit/): 对象 and 操作 list their options in an order a reader can
scan — the common characters by pinyin (GB18030 order), not by code point (by radical, which looks
random) — each option once, 全部 first."""

import re

from minsheng.accounts.audit import chinese_order


def options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}">(.*?)</select>', page, re.S).group(1)
    return re.findall(r"<option[^>]*>(.*?)</option>", select)


def test_the_filters_are_in_pinyin_order(client_for):
    page = client_for("office").get("/office/audit/").content.decode()
    kinds, actions = options(page, "kind"), options(page, "action")
    assert kinds[0] == actions[0] == "全部"
    kinds, actions = kinds[1:], actions[1:]
    assert len(kinds) > 10 and len(actions) > 30
    assert len(set(kinds)) == len(kinds) and len(set(actions)) == len(actions)
    for labels in (kinds, actions):
        assert labels == sorted(labels, key=chinese_order)
    # where the code points would say otherwise: 计 (ji) > 用 (yong), 办 (ban) > 修 (xiu)
    assert kinds.index("计划") < kinds.index("项目") < kinds.index("用户")
    assert actions.index("办结") < actions.index("催办") < actions.index("修改") < actions.index("状态变更")


def test_chinese_order():
    assert sorted(["状态变更", "修改", "办结", "导入"], key=chinese_order) == [
        "办结",
        "导入",
        "修改",
        "状态变更",
    ]
