"""The audit trail as the office reads it (/office/audit/): every event on a record within its regions —
plans, projects and their targets, reports, the supervision records, 考核, proposals and votes, the
region's units and accounts — newest first, filtered by kind of record, action, person and days, with
Chinese verbs. One query for the page and one for the count, whatever the number of kinds."""

import datetime

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.shortcuts import render

from minsheng.accounts import workflow
from minsheng.core.models import ACTION_LABELS, AuditEvent, action_label

PAGE_SIZE = 50
# model label -> the lookup from that model to a region path
SCOPED = {
    "plans.plan": "region__path",
    "plans.project": "plan__region__path",
    "plans.indicator": "project__plan__region__path",
    "plans.milestone": "project__plan__region__path",
    "plans.allocation": "indicator__project__plan__region__path",
    "reporting.report": "project__plan__region__path",
    "reporting.reportingcalendar": "plan__region__path",
    "reporting.periodreopening": "plan__region__path",
    "supervision.problem": "project__plan__region__path",
    "supervision.supervisionorder": "project__plan__region__path",
    "supervision.instruction": "project__plan__region__path",
    "supervision.acceptance": "project__plan__region__path",
    "supervision.yearendreview": "project__plan__region__path",
    "supervision.bulletin": "plan__region__path",
    "supervision.extension": "project__plan__region__path",
    "supervision.meetingdecision": "leader__region__path",
    "supervision.assessmententry": "region__path",
    "supervision.assessmentscheme": "region__path",
    "participation.proposal": "region__path",
    "participation.votingsession": "region__path",
    "participation.evaluation": "plan__region__path",
    "participation.problemreport": "project__plan__region__path",
    "participation.follow": "project__plan__region__path",  # follows of a project (not of a proposal)
    "core.unit": "region__path",
}


def kind_label(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def scope(user) -> Q:
    """Events on the records within the office's regions (an administrator: all)."""
    paths = workflow.office_paths(user)
    if paths == ("/",):
        return Q()
    q = Q(pk__in=[])
    for label, lookup in SCOPED.items():
        region = Q(pk__in=[])
        for path in paths:
            region |= Q(**{f"{lookup}__startswith": path})
        ids = apps.get_model(label).objects.filter(region).annotate(key=Cast("pk", CharField())).values("key")
        q |= Q(model=label, object_id__in=ids)
    users = workflow.manageable_users(user).annotate(key=Cast("pk", CharField())).values("key")
    return q | Q(model="auth.user", object_id__in=users)


def _day(raw: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@login_required
def audit_list(request):
    if not workflow.office_paths(request.user):
        raise PermissionDenied("操作日志仅对督查室开放。")
    events = AuditEvent.objects.filter(scope(request.user))
    kind, action = request.GET.get("kind", ""), request.GET.get("action", "")
    who = (request.GET.get("who") or "").strip()[:50]
    since, until = _day(request.GET.get("since")), _day(request.GET.get("until"))
    errors = [
        f"日期“{request.GET[name][:20]}”不对，已忽略：请按 2024-07-31 的格式填写。"
        for name, day in (("since", since), ("until", until))
        if request.GET.get(name) and day is None
    ]
    if kind in SCOPED or kind == "auth.user":
        events = events.filter(model=kind)
        if (record := request.GET.get("id", "")).isdigit():
            events = events.filter(object_id=record)
    if action:
        events = events.filter(action=action[:40])
    if who:
        events = events.filter(actor_name__icontains=who)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    page = Paginator(events.order_by("-at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page.object_list:
        event.kind_label = kind_label(event.model)
    kinds = sorted(((label, kind_label(label)) for label in [*SCOPED, "auth.user"]), key=lambda k: k[1])
    labels = {}
    for key in sorted(ACTION_LABELS):
        labels.setdefault(ACTION_LABELS[key], key)  # one entry per word (投票 is two actions)
    actions = sorted(labels.values(), key=lambda a: ACTION_LABELS[a])
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "kinds": kinds,
        "actions": [(a, action_label(a)) for a in actions],
        "chosen": {"kind": kind, "action": action, "who": who, "since": since, "until": until},
        "query": query.urlencode(),
        "errors": errors,
    }
    return render(request, "accounts/audit.html", context, status=400 if errors else 200)
