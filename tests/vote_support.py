"""Helpers for the vote tests: shortlisted proposals, deputies, a session with candidates."""

import uuid

from django.contrib.auth import get_user_model

from minsheng.core.models import Membership, Region, Role
from minsheng.participation.models import Candidate, Proposal, VotingSession


def city() -> Region:
    return Region.objects.get(name="济宁市", parent=None)


def proposal(
    region: Region, title: str, *, year: int = 2025, state: str = "shortlisted", category="养老服务"
):
    return Proposal.objects.create(
        receipt=uuid.uuid4().hex[:12].upper(),
        region=region,
        year=year,
        category=category,
        title=title,
        content=f"{title}的具体内容。",
        state=state,
    )


def deputies(n: int, region: Region | None = None, prefix: str = "rep") -> list:
    region = region or city()
    made = []
    for i in range(n):
        user = get_user_model().objects.create_user(f"{prefix}{i}", password="x", first_name=f"代表{i}")
        Membership.objects.create(user=user, role=Role.DEPUTY, region=region)
        made.append(user)
    return made


def session(
    region: Region | None = None,
    *,
    seats: int = 2,
    candidates: int = 3,
    state: str = "draft",
    year: int = 2025,
    title: str = "济宁市第十八届人民代表大会第四次会议",
    categories=None,
):
    region = region or city()
    s = VotingSession.objects.create(region=region, year=year, title=title, seats=seats, state=state)
    for i in range(1, candidates + 1):
        category = categories[i - 1] if categories else "养老服务"
        p = proposal(region, f"候选项目{i}", year=year, state="candidate", category=category)
        Candidate.objects.create(
            session=s, proposal=p, order=i, title=p.title, content=p.content, category=category
        )
    return s
