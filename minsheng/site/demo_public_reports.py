"""The demo's problems reported by the public from the projects' 民生码: two waiting for the office on
the city's 2024 plan and one already accepted into the problem list, so the office's queue, the
problem list (source 群众反映) and the tracking page by receipt all show something; and citizens who
follow projects since June, told what changed by the demo day. Loaded once."""

import datetime

from django.db import transaction

from minsheng.core.audit import log_action
from minsheng.participation.follows import rules as follow_rules
from minsheng.participation.follows import workflow as follow_workflow
from minsheng.participation.models import Follow, FollowMessage, ProblemReport, ReportState
from minsheng.plans.models import Plan, UnitRole
from minsheng.reporting.calendar.rules import SHANGHAI
from minsheng.site.demo_helpers import people, stated_timestamps
from minsheng.site.demo_script import DEMO_DAY, DEMO_YEAR
from minsheng.supervision.models import Problem, ProblemSource

# (receipt, project seq, description, submitted, accepted)
REPORTS = [
    (
        "DEMR2A3B4C",
        "3",
        "太白湖新区某社区老年食堂已挂牌，但工作日中午经常不开门，老人吃不上饭。",
        datetime.date(2024, 7, 8),
        False,
    ),
    (
        "DEMR5D6E7F",
        "27",
        "村里供水管道维修后路面一直没有恢复，雨天泥泞难走。",
        datetime.date(2024, 7, 11),
        False,
    ),
    ("DEMR8G9H2J", "4", "社区养老服务站的无障碍坡道太陡，轮椅上不去。", datetime.date(2024, 6, 20), True),
]


@transaction.atomic
def load_demo_public_reports() -> int:
    plan = Plan.objects.filter(is_demo=True, year=DEMO_YEAR, region__name="济宁市").first()
    if plan is None or ProblemReport.objects.filter(receipt__startswith="DEMR").exists():
        return 0
    projects = {p.seq: p for p in plan.projects.prefetch_related("unit_roles__unit")}
    _reporters, _approvers, offices = people()
    office = offices.get(plan.region_id)
    written = 0
    with stated_timestamps(ProblemReport, Problem):
        for receipt, seq, text, day, accepted in REPORTS:
            project = projects.get(seq)
            if project is None:
                continue
            at = datetime.datetime.combine(day, datetime.time(9, 30), SHANGHAI)
            report = ProblemReport.objects.create(
                receipt=receipt, project=project, description=text, client="demo", created_at=at
            )
            log_action(report, "create", None, {"反映的问题": [None, text]}, via="demo")
            if accepted:
                lead = next((r.unit for r in project.unit_roles.all() if r.role == UnitRole.LEAD), None)
                later = at + datetime.timedelta(days=2)
                problem = Problem.objects.create(
                    project=project,
                    source=ProblemSource.PUBLIC,
                    description=text,
                    responsible_unit=lead,
                    is_demo=True,
                    created_by_id=office,
                    created_at=later,
                    updated_at=later,
                )
                ProblemReport.objects.filter(pk=report.pk).update(
                    state=ReportState.ACCEPTED, problem=problem, moderated_by_id=office, moderated_at=later
                )
                log_action(report, "accept", None, {"状态": ["待核实", "已列入问题清单"]}, via="demo")
            written += 1
    return written + load_demo_follows(plan)


# (关注码, project seq): citizens who followed a project in May (the 6th was extended since, the 8th
# fell behind) and read their page since
FOLLOWS = [("DEMF2A3B4C", "3"), ("DEMF5D6E7F", "6"), ("DEMF8G9H2J", "8")]
FOLLOWED = datetime.datetime(2024, 5, 20, 20, tzinfo=SHANGHAI)


def load_demo_follows(plan) -> int:
    """Follows of 20 May, each told what the status engine says changed between the end of May and
    the demo day (the news the tick would have told them), and left knowing the demo day's state."""
    projects = {p.seq: p for p in plan.projects.select_related("plan")}
    chosen = [(code, projects[seq]) for code, seq in FOLLOWS if seq in projects]
    may = follow_workflow.now_of_projects([p for _, p in chosen], datetime.date(2024, 5, 31))
    today = follow_workflow.now_of_projects([p for _, p in chosen], DEMO_DAY)
    told_at = datetime.datetime.combine(DEMO_DAY, datetime.time(9), SHANGHAI)
    with stated_timestamps(Follow, FollowMessage):
        for code, project in chosen:
            follow = Follow.objects.create(
                receipt=code,
                project=project,
                told=today[project.pk].told(),
                client="demo",
                created_at=FOLLOWED,
            )
            log_action(follow, "create", None, {"关注": [None, project.name]}, via="demo")
            for news in follow_rules.project_news(may[project.pk].told(), today[project.pk], DEMO_DAY):
                FollowMessage.objects.create(
                    follow=follow, key=news.key, title=news.title, body=news.body, created_at=told_at
                )
    return len(chosen)
