"""One object of every kind a URL can name, for the city (济宁市) and for Weishan county (微山县): the
published 2024 plan and its first project, the 2025 draft plan, a demo report and problem, and a
supervision notice, instruction, meeting decision, extension request, 考核 entry, acceptance, bulletin, attachment, notification, notice import, vote
session, candidate, evaluation and proposal made here. Built once per module (inside full_demo's
rolled-back transaction)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from minsheng.core.models import Membership, Person, Region
from minsheng.notices.models import NoticeImport
from minsheng.notifications.models import Notification
from minsheng.participation.models import Candidate, Evaluation, ProblemReport, Proposal, VotingSession
from minsheng.plans.models import Plan, UnitRole
from minsheng.reporting.models import Attachment, Report
from minsheng.supervision.models import (
    Acceptance,
    AssessmentEntry,
    Bulletin,
    Extension,
    Instruction,
    MeetingDecision,
    Problem,
    SupervisionOrder,
)

SIDES = {"city": "济宁市", "weishan": "微山县"}
# A user of each side, who owns the side's notification and import.
OWNER = {"city": "minzheng", "weishan": "weishan_minzheng"}
OFFICE = {"city": "office", "weishan": "weishan"}


def build(side: str) -> dict:
    User = get_user_model()
    region = Region.objects.get(name=SIDES[side])
    plan = Plan.objects.get(region=region, year=2024)
    draft = Plan.objects.get(region=region, year=2025)
    owner = User.objects.get(username=OWNER[side])
    # A report of a project the owner's unit leads, so the owner is inside its scope.
    report = (
        Report.objects.filter(
            project__plan=plan,
            project__unit_roles__role=UnitRole.LEAD,
            project__unit_roles__unit__in=Membership.objects.filter(user=owner).values("unit"),
        )
        .order_by("pk")
        .first()
    )
    project = report.project
    lead = project.unit_roles.filter(role=UnitRole.LEAD).first().unit
    office = User.objects.get(username=OFFICE[side])
    draft_row = {
        "seq": "1",
        "category": "一、测试类别",
        "name": "范围测试项目",
        "content": "新建食堂5处。",
        "lead_units": [lead.name],
        "co_units": [],
        "targets": [],
    }
    now = timezone.now()
    proposal = Proposal.objects.create(
        receipt=f"SCOPE{side[:4].upper()}",
        region=region,
        year=2025,
        category="其他",
        title=f"{side}范围测试建议",
        content="范围测试。",
    )
    session = VotingSession.objects.create(
        region=region, year=2025, title=f"{side}范围测试票决", seats=1, created_by=office
    )
    return {
        "region": region,
        "plan": plan,
        "draft_plan": draft,
        "project": project,
        "draft_project": draft.projects.order_by("order").first(),
        "indicator": project.indicators.order_by("order").first(),
        "report": report,
        "month": "2024-06",
        "week": "2024-W26",
        "problem": Problem.objects.filter(project__plan=plan).order_by("pk").first()
        or Problem.objects.create(project=project, description="范围测试问题", responsible_unit=lead),
        "notice": SupervisionOrder.objects.create(
            project=project, unit=lead, kind="notice", reasons="范围测试督办", state="issued", issued_at=now
        ),
        "proposed_notice": SupervisionOrder.objects.create(
            project=project, unit=lead, kind="notice", reasons="范围测试拟办", state="proposed"
        ),
        "instruction": Instruction.objects.create(project=project, text="范围测试批示"),
        "decision": MeetingDecision.objects.create(
            leader=Person.objects.get_or_create(region=region, name=f"{side}范围测试领导")[0],
            year=2024,
            quarter=2,
            text="范围测试议定事项",
        ),
        "extension": Extension.objects.create(
            project=project,
            unit=lead,
            original_date=plan.ends,
            new_date=plan.ends + datetime.timedelta(days=90),
            reason="范围测试延期",
            requested_by=owner,
        ),
        "lead": lead,
        "problem_report": ProblemReport.objects.create(
            receipt=f"SCOPER{side[:4].upper()}", project=project, description="范围测试反映"
        ),
        "account": owner,
        "assessment_entry": AssessmentEntry.objects.create(
            region=region,
            year=2024,
            unit=lead,
            kind="praise",
            day=datetime.date(2024, 6, 1),
            reason="范围测试表扬",
        ),
        "acceptance": Acceptance.objects.create(project=project, evidence="范围测试佐证", applied_at=now),
        "bulletin": Bulletin.objects.create(plan=plan, month="2024-06", title=f"{side}范围测试通报"),
        "attachment": Attachment.objects.create(
            report=report,
            kind="photo",
            token=f"scope{side}",
            extension="jpg",
            file="scope/x.jpg",
            thumbnail="scope/x-thumb.jpg",
            original_name="x.jpg",
            content_type="image/jpeg",
            size=1,
        ),
        "notification": Notification.objects.create(
            key=f"scope-{side}",
            stage="remind",
            channel="app",
            recipient=owner,
            title="范围测试",
            body="范围测试",
            link="/",
        ),
        "notice_import": NoticeImport.objects.create(
            uploaded_by=office,
            region=region,
            filename="范围测试.txt",
            kind="txt",
            size=1,
            content_hash=f"scope{side}",
            draft={
                "plan": {"title": "范围测试", "year": 2026, "region": region.name},
                "categories": ["一、测试类别"],
                "projects": [draft_row],
            },
        ),
        "proposal": proposal,
        "session": session,
        "candidate": Candidate.objects.create(session=session, order=1, title="范围测试候选"),
        "evaluation": Evaluation.objects.create(plan=plan, title=f"{side}范围测试测评", created_by=office),
        "day": datetime.date(2024, 6, 30),
    }
