"""Problems named in a submitted report become items of the problem list, once each; items withdrawn
from the report leave the list only while nobody has worked on them."""

from django.test import override_settings

from minsheng.reporting.reports import workflow
from minsheng.supervision.models import Problem
from minsheng.supervision.problems.from_reports import plan_sync
from tests.conftest import project


def test_plan_sync():
    existing = [(1, "用地未落实", True), (2, "资金未到位", False), (3, "设备采购延迟", True)]
    add, withdraw = plan_sync(["用地未落实", " 施工队伍不足 ", "施工队伍不足", ""], existing)
    assert add == ["施工队伍不足"] and withdraw == [3]  # 2 is being rectified: it stays


def test_submit_lists_the_problems(users):
    p = project("济宁市", 2024, "1")
    reporter, head = users["minzheng"], users["minzheng_head"]
    indicator = p.indicators.get()
    data = {
        "values": [{"indicator": indicator.pk, "value": "1100"}],
        "problems": ["部分老人不愿改造", "施工队伍不足"],
    }
    with override_settings(MINSHENG_TODAY="2024-07-15"):
        report = workflow.save_report(p, "2024-07", data, reporter)
        assert not Problem.objects.filter(report=report).exists()  # a draft lists nothing yet
        workflow.submit(report, reporter)
        items = Problem.objects.filter(report=report).order_by("pk")
        assert [i.description for i in items] == ["部分老人不愿改造", "施工队伍不足"]
        assert all(i.responsible_unit.name == "市民政局" and i.source == "report" for i in items)
        items.filter(description="施工队伍不足").update(measure="从县区调配施工队伍", state="rectifying")

        workflow.return_report(report, head, "请补充整改措施")
        data["problems"] = ["部分老人不愿改造，正在入户动员"]
        report = workflow.save_report(p, "2024-07", data, reporter)
        workflow.submit(report, reporter)
    left = sorted(Problem.objects.filter(report=report).values_list("description", flat=True))
    assert left == ["施工队伍不足", "部分老人不愿改造，正在入户动员"]
