"""Following a project or one's own proposal without an account: start (under a fresh 关注码), confirm
the phone or email with the code sent to it (by the background worker, codes.py), stop; and the tick's
step that tells every follower the news (rules.py) — on their page always, by text or email once
confirmed. Each step audited; a phone number or an email address never enters the audit record."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse

from minsheng.core.audit import log_action
from minsheng.core.clock import now
from minsheng.core.retry import when_locked
from minsheng.notifications import outbox, sms
from minsheng.notifications.messages import Outgoing
from minsheng.notifications.models import Channel, Stage
from minsheng.participation import abuse
from minsheng.participation.follows import codes, rules
from minsheng.participation.follows.models import Follow, FollowMessage
from minsheng.participation.models import Proposal, ProposalState
from minsheng.participation.public_forms import InvalidInput, clean_phone, create_with_receipt, is_mobile
from minsheng.plans.models import PUBLIC_STATES, Project
from minsheng.reporting.calendar import rules as calendar
from minsheng.supervision.status import fetch
from minsheng.supervision.status.queries import default_as_of, end_of, facts_at, thresholds
from minsheng.supervision.status.rules import project_status

PER_HOUR = 10  # follows a client may start in an hour


def channels() -> dict[str, bool]:
    """The push channels this installation has: texts need the SMS gateway, emails an SMTP server."""
    return {"sms": sms.configured(), "email": bool(settings.EMAIL_HOST)}


def rate_limited(client: str) -> str | None:
    if abuse.too_many("follow", Follow.objects.all(), client, PER_HOUR):
        return "关注次数过多，请一小时后再试。"
    return None


def link(follow: Follow) -> str:
    return settings.MINSHENG_SITE_URL + reverse("follows:page", args=[follow.receipt])


def _address(phone: str, email: str) -> tuple[str, str]:
    open_channels = channels()
    phone = clean_phone(phone)
    if phone and not open_channels["sms"]:
        raise InvalidInput("本平台未开通短信通知，请在本页查看进展。")
    if phone and not is_mobile(phone):
        raise InvalidInput("短信只能发往手机，请填写11位手机号码。")
    email = (email or "").strip()
    if email and not open_channels["email"]:
        raise InvalidInput("本平台未开通邮件通知，请在本页查看进展。")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise InvalidInput("电子邮箱格式不对，请核对。") from None
    if phone and email:
        raise InvalidInput("手机号码和电子邮箱请只填一项。")
    address = phone or email
    if (
        address
        and Follow.objects.filter(active=True).filter(phone=phone, email=email).count() >= rules.PER_ADDRESS
    ):
        raise InvalidInput(f"同一号码最多关注 {rules.PER_ADDRESS} 项，请先取消不再需要的关注。")
    return phone, email


def start(project: Project | None, proposal: Proposal | None, phone: str, email: str, client: str) -> Follow:
    """A new follow of a public project or of a proposal; with a phone or email, the background worker
    sends the code to it (queued with the follow: the request does not wait for the gateway)."""
    if project is not None and project.plan.state not in PUBLIC_STATES:
        raise InvalidInput("该项目尚未公开，不能关注。", status=404)
    phone, email = _address(phone, email)
    told = now_of_projects([project])[project.pk].told() if project else {"state": proposal.state}

    def announce(follow: Follow) -> None:
        log_action(follow, "create", None, {"关注": [None, follow.subject]})
        if follow.address:
            codes.queue(follow)

    return create_with_receipt(
        Follow,
        announce,
        project=project,
        proposal=proposal,
        phone=phone,
        email=email,
        told=told,
        client=client,
    )


def confirm(follow: Follow, typed: str) -> bool:
    """Check the code; after CODE_TRIES wrong ones the address is dropped (follow again to retry)."""
    if follow.confirmed_at or not follow.address:
        return bool(follow.confirmed_at)
    with transaction.atomic():
        follow = Follow.objects.select_for_update().get(pk=follow.pk)
        if rules.code_matches(settings.SECRET_KEY, follow.receipt, typed, follow.code_hash):
            follow.confirmed_at, follow.code_hash = now(), ""
            follow.save(update_fields=["confirmed_at", "code_hash"])
            log_action(follow, "confirm", None)
            return True
        follow.code_tries += 1
        if follow.code_tries >= rules.CODE_TRIES:
            follow.phone = follow.email = follow.code_hash = ""
            log_action(follow, "drop address", None)
        follow.save(update_fields=["code_tries", "phone", "email", "code_hash"])
    return False


def stop(follow: Follow) -> None:
    """Stop following: no more messages, and the phone or email is forgotten."""
    with transaction.atomic():
        changed = Follow.objects.filter(pk=follow.pk, active=True).update(
            active=False, phone="", email="", code_hash=""
        )
        if changed:
            log_action(follow, "unfollow", None)


# ── the tick: tell every follower the news ────────────────────────────────────────────────────────────
def now_of_projects(projects, day: datetime.date | None = None) -> dict[int, rules.ProjectNow]:
    """What each project's public page says today (or on `day`), in the status engine's fixed number
    of queries per day looked at (a plan that has ended is looked at on its last day)."""
    by_day: dict[datetime.date, dict] = defaultdict(dict)
    for project in projects:
        by_day[day or default_as_of(project.plan)][project.plan_id] = project.plan
    result: dict[int, rules.ProjectNow] = {}
    limits = thresholds()
    for day, plans in by_day.items():
        moment = end_of(day)
        for records in fetch.fetch_plans(plans.values(), moment, day).values():
            for pk, facts in facts_at(records, moment).items():
                status = project_status(facts, day, limits)
                overdue = status.colour != "blue" and not status.finished and day > facts.due
                result[pk] = rules.ProjectNow(status.colour, status.finished, overdue, facts.due.isoformat())
    return result


def _news_of(follow: Follow, projects_now: dict, day: datetime.date) -> tuple[dict, list[rules.News]]:
    if follow.project_id:
        state = projects_now.get(follow.project_id)
        if state is None:
            return follow.told, []
        return state.told(), rules.project_news(follow.told, state, day)
    proposal = follow.proposal
    label = ProposalState(proposal.state).label
    return {"state": proposal.state}, rules.proposal_news(follow.told, proposal.state, label, proposal.reply)


@when_locked  # safe to run again: every message is kept once by its key
def tell_followers(moment: datetime.datetime) -> int:
    """Store the news of every active follow (once each, by its key) and queue the pushed ones; the
    number of messages told. Safe to run twice: the keys keep each message once."""
    day = moment.astimezone(calendar.SHANGHAI).date()
    follows = list(
        Follow.objects.filter(active=True).select_related("project__plan", "proposal").order_by("pk")
    )
    projects_now = now_of_projects(
        {
            f.project_id: f.project for f in follows if f.project_id and f.project.plan.state in PUBLIC_STATES
        }.values()
    )
    open_channels = channels()
    messages, pushed, changed = [], [], defaultdict(list)
    for follow in follows:
        told, news = _news_of(follow, projects_now, day)
        if told != follow.told:
            changed[repr(sorted(told.items()))].append((follow.pk, told))
        for item in news:
            messages.append(FollowMessage(follow=follow, key=item.key, title=item.title, body=item.body))
            if follow.pushed and open_channels["sms" if follow.phone else "email"]:
                pushed.append(
                    Outgoing(
                        key=f"follow{follow.pk}:{item.key}",
                        stage=Stage.NOTICE,
                        channel=Channel.SMS if follow.phone else Channel.EMAIL,
                        title=item.title,
                        body=rules.message_text(follow.subject, item, link(follow)),
                        address=follow.address,
                    )
                )
    with transaction.atomic():
        FollowMessage.objects.bulk_create(messages, ignore_conflicts=True)
        for group in changed.values():
            Follow.objects.filter(pk__in=[pk for pk, _ in group]).update(told=group[0][1])
        if pushed:
            outbox.store(pushed)
    return len(messages)
