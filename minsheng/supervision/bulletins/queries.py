"""The monthly bulletin from the database: the facts of a plan at a month's end (statuses as of the
month's last day, lead units, the units' own reasons for lagging, the open problems, the reporting
ranking) in a fixed number of queries, and the bulletin's life — generated as a draft, edited by the
office, published with its Word and PDF files — each step atomic and audited.

Who may do what: everyone who sees the plan sees its published bulletins; the plan's office
(`changeable_plans`) also sees, generates, edits and publishes drafts."""

import datetime
from collections import defaultdict

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from minsheng.core import hooks
from minsheng.core.audit import log_action
from minsheng.core.clock import now, today
from minsheng.plans.models import Plan, ProjectUnit, UnitRole
from minsheng.plans.scoping import changeable_plans, plans_for
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.compliance.queries import plan_compliance
from minsheng.reporting.models import Report, ReportState
from minsheng.reporting.reports.workflow import rules_for
from minsheng.supervision.bulletins import rules
from minsheng.supervision.bulletins.facts import BulletinFacts, ProblemLine, ProjectLine, UnitReporting
from minsheng.supervision.bulletins.rules import BulletinError
from minsheng.supervision.models import Bulletin, BulletinState, OrderState, ProblemState, SupervisionOrder
from minsheng.supervision.models import Problem as ProblemItem
from minsheng.supervision.orders.escalation import BEHIND_TWO_MONTHS, NAMED_IN_BULLETIN
from minsheng.supervision.status import month_ends
from minsheng.supervision.status.queries import end_of, plan_status

OPEN_PROBLEMS = [ProblemState.OPEN, ProblemState.RECTIFYING]


def bulletins_for(user) -> QuerySet[Bulletin]:
    """Published bulletins of the plans the user sees, and every bulletin of the plans it may change."""
    return Bulletin.objects.filter(plan__in=plans_for(user)).filter(
        Q(state=BulletinState.PUBLISHED) | Q(plan__in=changeable_plans(user))
    )


def issuer_of(plan: Plan) -> str:
    """The supervision office that issues the bulletin: 济宁市人民政府督查室."""
    return f"{plan.issuer or f'{plan.region.name}人民政府'}督查室"


# ---------------------------------------------------------------- facts


def _lead_units(plan: Plan) -> dict[int, str]:
    names = defaultdict(list)
    for project_id, name in (
        ProjectUnit.objects.filter(project__plan=plan, role=UnitRole.LEAD)
        .order_by("project", "order", "pk")
        .values_list("project_id", "unit__name")
    ):
        names[project_id].append(name)
    return {pk: "、".join(units) for pk, units in names.items()}


def _lag_reasons(plan: Plan, moment: datetime.datetime) -> dict[int, str]:
    """Per project, the lag reason of its latest monthly report approved by `moment`."""
    reasons = {}
    for project_id, reason in (
        Report.objects.filter(
            project__plan=plan, kind=calendar.MONTH, state=ReportState.APPROVED, approved_at__lte=moment
        )
        .order_by("project_id", "period_end", "approved_at")
        .values_list("project_id", "lag_reason")
    ):
        reasons[project_id] = reason  # the latest wins
    return reasons


def _problems(plan: Plan, moment: datetime.datetime) -> list[ProblemLine]:
    labels = dict(ProblemState.choices)
    rows = (
        ProblemItem.objects.filter(project__plan=plan, state__in=OPEN_PROBLEMS, created_at__lte=moment)
        .order_by("project__order", "project_id", "created_at", "pk")
        .values_list("project__name", "description", "responsible_unit__name", "deadline", "state")
    )
    return [
        ProblemLine(name, description, unit or "", deadline, str(labels.get(state, state)))
        for name, description, unit, deadline, state in rows
    ]


def _confirmed(plan: Plan, moment: datetime.datetime, **lookup) -> set[int]:
    """Projects of the plan with a ladder's proposal the office confirmed (issued) by `moment`."""
    return set(
        SupervisionOrder.objects.filter(
            project__plan=plan,
            state__in=[OrderState.ISSUED, OrderState.ANSWERED, OrderState.CLOSED],
            issued_at__lte=moment,
            **lookup,
        ).values_list("project_id", flat=True)
    )


def _interviewed(plan: Plan, since: datetime.datetime, moment: datetime.datetime) -> set[int]:
    """Projects whose unit the office summoned for 约谈 this month: a 督办单 of the ladder's rung "behind
    two months in a row" issued between the month's start and the bulletin's moment."""
    return _confirmed(plan, moment, trigger__startswith=f"{BEHIND_TWO_MONTHS}:", issued_at__gte=since)


def _named(plan: Plan, moment: datetime.datetime) -> set[int]:
    """Projects the office confirmed criticising in the bulletin (the ladder's Q3 rung)."""
    return _confirmed(plan, moment, trigger=f"{NAMED_IN_BULLETIN}:{plan.year}")


def gather(plan: Plan, month: str, day: datetime.date | None = None) -> BulletinFacts:
    """The facts of the plan's bulletin for `month` ("2024-06"), as of the month's last day (or
    `day`, today by default, while the month runs). Refuses a month outside the plan's year or not
    yet begun (BulletinError)."""
    period, as_of = rules.month_choice(month, plan.year, day or today())
    moment = end_of(as_of)
    statuses = plan_status(plan, as_of)
    before = period.start - datetime.timedelta(days=1)  # the month end before: who made up since?
    earlier = month_ends.plans_history([plan], [before])[plan.pk][before] if before >= plan.begins else {}
    leads, lags, named = _lead_units(plan), _lag_reasons(plan, moment), _named(plan, moment)
    month_start = datetime.datetime.combine(period.start, datetime.time(), calendar.SHANGHAI)
    interviewed = _interviewed(plan, month_start, moment)
    projects = []
    for pk, seq, name in plan.projects.order_by("order", "pk").values_list("pk", "seq", "name"):
        s = statuses[pk]
        projects.append(
            ProjectLine(
                seq=seq,
                name=name,
                lead=leads.get(pk, ""),
                colour=s.colour,
                progress=s.progress,
                expected=s.expected,
                gap=s.gap,
                finished=s.finished,
                reasons=tuple(s.reasons),
                lag_reason=lags.get(pk, "") if s.colour in rules.BEHIND_COLOURS else "",
                named=pk in named,
                interviewed=pk in interviewed,
                previous_colour=earlier[pk].colour if pk in earlier else "",
            )
        )
    reporting = [
        UnitReporting(t.unit, t.expected, t.received, t.on_time) for t in plan_compliance(plan, as_of)
    ]
    following = calendar.period_of(calendar.MONTH, period.end + datetime.timedelta(days=1))
    next_due = calendar.due_at(following, rules_for(plan)) if following.start.year == plan.year else None
    return BulletinFacts(
        region=plan.region.name,
        year=plan.year,
        month=period.key,
        as_of=as_of,
        issuer=issuer_of(plan),
        projects=tuple(projects),
        problems=tuple(_problems(plan, moment)),
        reporting=tuple(reporting),
        next_report_due=next_due,
    )


SATISFACTION = ("satisfaction", "七、满意度测评")


def with_satisfaction(plan: Plan, sections: dict) -> dict:
    """The six sections, and a seventh (满意度测评: a plan-level text, a per-project table among the
    figures) when by the bulletin's day the plan has a published evaluation or survey answers.
    Satisfaction is participation's, a layer above: it answers the "bulletins.satisfaction" hook."""
    moment = end_of(datetime.date.fromisoformat(sections["as_of"]))
    part = hooks.first("bulletins.satisfaction", plan, moment)
    if part is None:
        return sections
    key, heading = SATISFACTION
    return {
        **sections,
        "sections": [*sections["sections"], {"key": key, "heading": heading, "text": part["text"]}],
        "figures": {**sections["figures"], key: part["figures"]},
    }


def compose_for(plan: Plan, month: str, day: datetime.date | None = None) -> dict:
    return with_satisfaction(plan, rules.compose(gather(plan, month, day)))


# ---------------------------------------------------------------- documents


def document_date(bulletin: Bulletin) -> datetime.date:
    """The date printed on the bulletin: the day it was published, or today for a draft."""
    if bulletin.published_at:
        return bulletin.published_at.astimezone(calendar.SHANGHAI).date()
    return today()


def render_docx(bulletin: Bulletin, day: datetime.date | None = None) -> bytes:
    from minsheng.supervision.bulletins.document import bulletin_docx

    return bulletin_docx(bulletin.title, bulletin.number, bulletin.sections, day or document_date(bulletin))


def filename(bulletin: Bulletin, ext: str) -> str:
    return f"{bulletin.title or '通报'}.{ext}"


# ---------------------------------------------------------------- the bulletin's life


def _texts_changes(before: dict, after: dict) -> dict:
    old, new = rules.texts(before), rules.texts(after)
    return {rules.HEADINGS.get(k, k): [old.get(k), new[k]] for k in new if old.get(k) != new[k]}


def generate(plan: Plan, month: str, user, via: str = "web") -> tuple[Bulletin, bool]:
    """Generate (or regenerate) the plan's draft bulletin for `month`; (bulletin, created).
    A published month is refused: its bulletin is on record."""
    sections = compose_for(plan, month)
    key = sections["month"]
    title, number = rules.default_title(plan.region.name, key), rules.default_number(key)
    try:
        with transaction.atomic():
            item = Bulletin.objects.select_for_update().filter(plan=plan, month=key).first()
            if item is not None and item.state == BulletinState.PUBLISHED:
                raise BulletinError(
                    f"{rules.month_label(key)}的通报已发布，不能重新生成。"
                    "已发布的通报是正式记录，如需更正请另行发文说明。",
                    code="conflict",
                )
            if item is not None and item.publishing_since is not None:
                raise BulletinError(
                    f"{rules.month_label(key)}的通报正在发布中，不能重新生成。", code="conflict"
                )
            if item is None:
                item = Bulletin.objects.create(
                    plan=plan, month=key, title=title, number=number, sections=sections, created_by=user
                )
                log_action(
                    item,
                    "create",
                    user,
                    {"月份": [None, key], "状态": [None, str(BulletinState.DRAFT.label)]},
                    via=via,
                )
                return item, True
            changes = {"生成": ["原草稿", "按最新数据重新生成"], **_texts_changes(item.sections, sections)}
            if item.title != title:
                changes["标题"] = [item.title, title]
            if item.number != number:
                changes["期号"] = [item.number, number]
            item.title, item.number, item.sections, item.created_by = title, number, sections, user
            item.save(update_fields=["title", "number", "sections", "created_by"])
            log_action(item, "update", user, changes, via=via)
            return item, False
    except IntegrityError:
        raise BulletinError("该月通报正由他人同时生成，请刷新页面后查看。", code="conflict") from None


def save_edits(bulletin: Bulletin, title: str, number: str, edited: dict[str, str], user) -> Bulletin:
    """The office's texts in place of the generated ones (figures stay as generated); drafts only."""
    title, number = (title or "").strip(), (number or "").strip()
    errors = [] if title else ["标题不能为空。"]
    try:
        sections = rules.with_texts(bulletin.sections, edited)
    except BulletinError as e:
        errors += e.messages
    if errors:
        raise BulletinError(*errors)
    with transaction.atomic():
        item = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        if item.state != BulletinState.DRAFT:
            raise BulletinError("该通报已发布，不能再修改。", code="conflict")
        if item.publishing_since is not None:
            raise BulletinError("该通报正在发布中，不能再修改。", code="conflict")
        changes = _texts_changes(item.sections, sections)
        if item.title != title:
            changes["标题"] = [item.title, title]
        if item.number != number:
            changes["期号"] = [item.number, number]
        if changes:
            item.title, item.number, item.sections = title, number, sections
            item.save(update_fields=["title", "number", "sections"])
            log_action(item, "update", user, changes)
        return item


def _pdf(data: bytes) -> bytes:
    from minsheng.notices.writers.pdf import docx_to_pdf

    return docx_to_pdf(data)


def publish(bulletin: Bulletin, user, to_pdf=None) -> Bulletin:
    """Render the edited bulletin as Word and PDF, store both and mark it published — all or nothing:
    a failed conversion or a bulletin changed meanwhile leaves the draft as it was."""
    if bulletin.state != BulletinState.DRAFT:
        raise BulletinError("该通报已发布。", code="conflict")
    moment = now()
    snapshot = (bulletin.title, bulletin.number, bulletin.sections)
    docx = render_docx(bulletin, moment.astimezone(calendar.SHANGHAI).date())
    try:
        pdf = (to_pdf or _pdf)(docx)
    except (RuntimeError, OSError) as e:
        raise BulletinError(f"未能生成 PDF，通报未发布：{e}") from None
    stored = []
    try:
        with transaction.atomic():
            item = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
            if item.state != BulletinState.DRAFT:
                raise BulletinError("该通报已由他人发布。", code="conflict")
            if (item.title, item.number, item.sections) != snapshot:
                raise BulletinError("通报内容在发布过程中被修改，请核对后重新发布。", code="conflict")
            stem = f"bulletin-{item.plan_id}-{item.month}"
            item.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
            stored.append(item.docx)
            item.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
            stored.append(item.pdf)
            item.state, item.published_at, item.published_by = BulletinState.PUBLISHED, moment, user
            item.publishing_since, item.publish_error = None, ""
            item.save(
                update_fields=[
                    "docx",
                    "pdf",
                    "state",
                    "published_at",
                    "published_by",
                    "publishing_since",
                    "publish_error",
                ]
            )
            files = f"{item.docx.name}、{item.pdf.name}"
            log_action(
                item,
                "publish",
                user,
                {
                    "状态": [str(BulletinState.DRAFT.label), str(BulletinState.PUBLISHED.label)],
                    "文件": [None, files],
                },
            )
    except BaseException:
        for field in stored:
            if field.name:  # set by save(); the type allows None
                field.storage.delete(field.name)
        raise
    return item
