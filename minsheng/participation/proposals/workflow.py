"""A public proposal's life: the submission service shared by the page and the API (the checks of what
a citizen sends are in rules.py), and the office's moderation steps. A phone number is kept for the office's call-back only: it is never
in an audit record, a list, an export or the API."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from minsheng.core import limits
from minsheng.core.audit import log_action
from minsheng.core.clock import now, today
from minsheng.core.errors import DomainError
from minsheng.core.models import Region, RegionKind
from minsheng.core.models import action_label as audited_action_label
from minsheng.core.roles import roles_of, under
from minsheng.participation.abuse import too_many
from minsheng.participation.models import Proposal, ProposalState
from minsheng.participation.public_forms import InvalidInput, create_with_receipt

PROPOSAL_REGION_KINDS = [
    RegionKind.CITY,
    RegionKind.COUNTY,
    RegionKind.COUNTY_CITY,
    RegionKind.DISTRICT,
    RegionKind.ZONE,
]


def allowed_years() -> tuple[int, int]:
    """Proposals are collected for next year; this year's is still accepted until its list is voted."""
    year = today().year
    return year, year + 1


def default_year() -> int:
    return today().year + 1


def clean_year(value) -> int:
    if value in (None, ""):
        return default_year()
    text = str(value).strip()
    year = int(text) if re.fullmatch(r"[0-9]{4}", text) else 0  # ASCII digits only: not "²" nor "٢٠٢٥"
    first, last = allowed_years()
    if not first <= year <= last:
        raise InvalidInput(f"征集年度只能是 {first} 或 {last} 年。")
    return year


# ── submission ─────────────────────────────────────────────────────────────────────────────────────
RATE_LIMITED = "提交过于频繁：同一来源每小时最多提交 {n} 条建议，请稍后再试。"


def per_hour() -> int:
    return settings.MINSHENG_PROPOSALS_PER_HOUR


def rate_limited(client: str) -> str | None:
    """Count this attempt to propose; the Chinese message when this client already sent its hourly
    share of attempts or proposals, else None. Counted in the database, so the page and the API (and
    every process) share the count."""
    if too_many("proposal", Proposal.objects.all(), client, per_hour()):
        return RATE_LIMITED.format(n=per_hour())
    return None


def submit(data: dict, client: str, via: str = "web") -> Proposal:
    """Save a checked submission (`data`: region, title, content, category, beneficiaries, phone, year)
    under a fresh receipt; a clash of receipts (unique in the database) is retried with a new code."""
    proposal = create_with_receipt(Proposal, client=client, **data)
    log_action(proposal, "create", None, via=via)  # no changes recorded: the phone stays out of the log
    return proposal


# ── moderation ─────────────────────────────────────────────────────────────────────────────────────
S = ProposalState


PROPOSAL = Proposal._meta.label_lower  # the audit trail's name of the model: "participation.proposal"


def action_label(action: str) -> str:
    """The Chinese of an action in a proposal's history, from core.models' one table (受理, 评分…);
    "其他操作" for one not known there (never the raw word)."""
    return audited_action_label(action, PROPOSAL, default="其他操作")


@dataclass(frozen=True)
class Step:
    action: str
    to: str | None  # the new state; None keeps it (the reply)
    sources: frozenset[str]
    needs_reply: bool = False
    needs_target: bool = False

    @property
    def label(self) -> str:
        """The step's name on its button, in its refusals and in the history: one word for all three."""
        return action_label(self.action)


STEPS = [
    Step("accept", S.ACCEPTED, frozenset({S.SUBMITTED, S.REJECTED})),
    Step("shortlist", S.SHORTLISTED, frozenset({S.SUBMITTED, S.ACCEPTED})),
    Step("reject", S.REJECTED, frozenset({S.SUBMITTED, S.ACCEPTED}), needs_reply=True),
    Step("merge", S.MERGED, frozenset({S.SUBMITTED, S.ACCEPTED}), needs_target=True),
    Step("reply", None, frozenset(S.values), needs_reply=True),
]


STEP = {s.action: s for s in STEPS}


MERGE_TARGET_STATES = frozenset({S.SUBMITTED, S.ACCEPTED, S.SHORTLISTED})


def may_merge_into(proposal: Proposal, target: Proposal) -> bool:
    """Whether the office may merge `proposal` into `target`: another proposal, still open, of the same
    year and the same region (a county's proposal is not merged into the city's, nor the reverse)."""
    return (
        target.pk != proposal.pk
        and target.state in MERGE_TARGET_STATES
        and target.year == proposal.year
        and target.region_id == proposal.region_id
    )


class ModerationError(DomainError):
    default_message = "该建议未能处理。"


def steps_for(state: str) -> list[Step]:
    """The steps the office may take on a proposal in this state."""
    return [s for s in STEPS if state in s.sources]


def check_step(action: str, state: str, reply: str, target: Proposal | None, proposal: Proposal) -> Step:
    """The step, or ModerationError in Chinese when it does not apply (pure: no database)."""
    step = STEP.get(action)
    if step is None:
        raise ModerationError("未知的操作。", status=400)
    if state not in step.sources:
        raise ModerationError(f"该建议当前为“{S(state).label}”，不能{step.label}。", status=409)
    if step.needs_reply and not reply:
        raise ModerationError(f"{step.label}须填写答复意见（提议人凭回执码可见）。")
    if len(reply) > 2000:
        raise ModerationError("答复意见最多 2000 字。")
    if step.needs_target:
        if target is None:
            raise ModerationError("请选择要合并到的建议。")
        if target.pk == proposal.pk:
            raise ModerationError("不能合并到自身。")
        if target.state not in MERGE_TARGET_STATES:
            raise ModerationError(f"目标建议为“{target.get_state_display()}”，不能作为合并对象。", status=409)
        if target.year != proposal.year:
            raise ModerationError("只能合并同一征集年度的建议。")
        if target.region_id != proposal.region_id:
            raise ModerationError("只能合并同一区划的建议。")
    return step


def moderate(
    proposal: Proposal, action: str, user, reply: str = "", target: Proposal | None = None, via: str = "web"
) -> bool:
    """Apply one office step with a conditional update (the state it was read in), so a double click
    or two officers at once change it once; the second gets ModerationError 409. Audited without the
    phone. Returns False when nothing changed (the same reply again)."""
    reply = (reply or "").strip()
    if too_long := limits.text_error(reply, "答复"):
        raise ModerationError(too_long)
    step = check_step(action, proposal.state, reply, target, proposal)
    values: dict = {}
    changes: dict = {}
    if step.to and step.to != proposal.state:
        values["state"] = step.to
        changes["状态"] = [proposal.get_state_display(), str(S(step.to).label)]
    if reply and reply != proposal.reply:
        values["reply"] = reply
        changes["答复"] = [proposal.reply, reply]
    if step.needs_target and target is not None:  # check_step refuses a merge without a target
        values["merged_into"] = target
        changes["合并至"] = [None, target.title]
    if not values:
        return False
    with transaction.atomic():
        done = Proposal.objects.filter(pk=proposal.pk, state=proposal.state, reply=proposal.reply).update(
            **values, updated_at=now()
        )
        if not done:
            raise ModerationError("该建议刚被其他人处理过，请刷新页面后再操作。", status=409)
        if step.needs_target:
            # those merged into this one follow it, so no chain of merges is left behind
            Proposal.objects.filter(merged_into=proposal).update(merged_into=target, updated_at=now())
        for field, value in values.items():
            setattr(proposal, field, value)
        log_action(proposal, action, user, changes, via=via)
    return True


# ── who sees what ──────────────────────────────────────────────────────────────────────────────────
def office_proposals(user):
    """The proposals an office may moderate (its regions and below; all for an administrator), or
    None when the user is not an office."""
    roles = roles_of(user)
    if roles.is_admin:
        return Proposal.objects.all()
    if not roles.office_paths:
        return None
    return Proposal.objects.filter(under(roles.office_paths))


def office_regions(user):
    """The regions an office may address a filter to (its own and those below, of proposal kinds)."""
    roles = roles_of(user)
    regions = Region.objects.filter(kind__in=PROPOSAL_REGION_KINDS).order_by("path")
    return regions if roles.is_admin else regions.filter(under(roles.office_paths, "path"))
