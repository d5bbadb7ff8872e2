"""The demo: the five seed plans (from the structured fixtures in demo_data/) and one account per role."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model

from minsheng.core.audit import log_action
from minsheng.core.models import Membership, Person, Region, Role, Unit
from minsheng.plans.commit import commit_draft
from minsheng.plans.models import Plan, PlanState

DEMO_DATA = Path(__file__).parent / "demo_data"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display: str
    role: str | None = None
    region: str | None = None
    unit: str | None = None
    person: str | None = None


ACCOUNTS = [
    DemoAccount("admin", "系统管理员"),
    DemoAccount("office", "济宁市督查室", Role.OFFICE, region="济宁市"),
    DemoAccount("weishan", "微山县督查室", Role.OFFICE, region="微山县"),
    DemoAccount("minzheng", "市民政局填报员", Role.REPORTER, region="济宁市", unit="市民政局"),
    DemoAccount("minzheng_head", "市民政局审核人", Role.APPROVER, region="济宁市", unit="市民政局"),
    DemoAccount("jiaoyu", "市教育局填报员", Role.REPORTER, region="济宁市", unit="市教育局"),
    DemoAccount("weijian", "市卫生健康委填报员", Role.REPORTER, region="济宁市", unit="市卫生健康委"),
    DemoAccount("weishan_minzheng", "微山县民政局填报员", Role.REPORTER, region="微山县", unit="县民政局"),
    DemoAccount("leader", "分管县领导（张呈祥）", Role.LEADER, region="微山县", person="张呈祥"),
    DemoAccount("deputy", "人大代表", Role.DEPUTY, region="济宁市"),
    DemoAccount("deputy2", "人大代表（二）", Role.DEPUTY, region="济宁市"),
    DemoAccount("deputy3", "人大代表（三）", Role.DEPUTY, region="济宁市"),
]


def demo_plan_files() -> list[Path]:
    return sorted(DEMO_DATA.glob("*.json"))


def load_plans() -> list[Plan]:
    """Commit each seed plan that is not there yet (same region, year and title)."""
    created = []
    for path in demo_plan_files():
        draft = json.loads(path.read_text(encoding="utf-8"))
        meta = draft["plan"]
        region = Region.objects.get(name=meta["region"])
        if Plan.objects.filter(region=region, year=meta["year"], title=meta["title"]).exists():
            continue
        created.append(
            commit_draft(
                draft,
                region,
                via="demo",
                state=PlanState.PUBLISHED,
                is_demo=True,
                source_name=draft["source"],
                content_hash=draft.get("source_sha256", ""),  # the notice it was transcribed from
            )
        )
    return created


def load_accounts(password: str) -> list[str]:
    """Create the demo accounts that are missing; existing accounts keep their password."""
    User = get_user_model()
    created = []
    for account in ACCOUNTS:
        user, new = User.objects.get_or_create(
            username=account.username,
            defaults={
                "first_name": account.display,
                "is_staff": account.username == "admin",
                "is_superuser": account.username == "admin",
            },
        )
        if not new:
            continue
        user.set_password(password)
        user.save()
        created.append(account.username)
        log_action(user, "create", None, {"角色": [None, account.display]}, via="demo")
        region = Region.objects.get(name=account.region) if account.region else None
        if account.role:
            unit = Unit.objects.get(name=account.unit, region=region) if account.unit else None
            Membership.objects.create(
                user=user, role=account.role, region=None if unit else region, unit=unit
            )
        if account.person:
            person, _ = Person.objects.get_or_create(name=account.person, region=region)
            person.title = person.title or "分管县领导"
            person.user = user
            person.save()
    return created
