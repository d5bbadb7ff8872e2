"""The audit trail as the office reads it (/office/audit/): every event on a record within its regions —
plans, projects and their targets, reports, the supervision records, 考核, proposals and votes, the
region's units and accounts — newest first, filtered by kind of record, action, person and days, with
Chinese verbs. One query for the page and one for the count, whatever the number of kinds.

Which records are within a region each app says in its own `audit_scope.py`: SCOPED maps a model to the
lookup from it to a region path, or to a function of the region paths giving the condition; UNSCOPED
maps every other model of the app to the reason its events are not shown here. They are collected over
the installed apps (accounts sits above them; they never import it); tests/crawl/test_audit_scope.py
fails on an audited model in neither."""

import datetime
import functools
from collections.abc import Callable
from importlib import import_module

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.shortcuts import render
from django.utils.module_loading import module_has_submodule

from minsheng.accounts import workflow
from minsheng.core.models import ACTION_LABELS, AuditEvent, action_label
from minsheng.core.roles import under

PAGE_SIZE = 50
USERS = "auth.user"  # the accounts: those the office manages (workflow.manageable_users)
# How a record is reached from the regions: the lookup to a region path, or a function of the paths
# answering the condition (a follow is of a project or of a proposal).
Scope = str | Callable[[tuple[str, ...]], Q]


@functools.cache
def declarations() -> tuple[dict[str, Scope], dict[str, str]]:
    """Every app's audit scope ({model label: scope}) and the models it leaves out ({label: why}),
    read from the apps' `audit_scope` modules (SCOPED and UNSCOPED, keyed by model name)."""
    scoped: dict[str, Scope] = {}
    unscoped: dict[str, str] = {}
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, "audit_scope"):
            continue
        module = import_module(f"{config.name}.audit_scope")
        scoped |= {f"{config.label}.{name}": how for name, how in module.SCOPED.items()}
        unscoped |= {f"{config.label}.{name}": why for name, why in module.UNSCOPED.items()}
    return scoped, unscoped


def kinds() -> list[str]:
    """The kinds of record the page shows: every app's scoped models and the accounts."""
    return [*declarations()[0], USERS]


def kind_label(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def chinese_order(label: str) -> bytes:
    """A Chinese label's place in a list a reader can scan: its GB18030 bytes, which order the common
    characters (GB2312 level 1, all the labels here) by pinyin — 办结, 催办, 导入, … 状态变更 — where the
    code points' order (by radical) looks random."""
    return label.encode("gb18030", "replace")


def _within(scope: Scope, paths: tuple[str, ...]) -> Q:
    return scope(paths) if callable(scope) else under(paths, scope)


def scope(user) -> Q:
    """Events on the records within the office's regions (an administrator: all)."""
    paths = workflow.office_paths(user)
    if paths == ("/",):
        return Q()
    q = Q(pk__in=[])
    for label, within in declarations()[0].items():
        ids = apps.get_model(label).objects.filter(_within(within, paths))
        q |= Q(model=label, object_id__in=ids.annotate(key=Cast("pk", CharField())).values("key"))
    users = workflow.manageable_users(user).annotate(key=Cast("pk", CharField())).values("key")
    return q | Q(model=USERS, object_id__in=users)


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
    if kind in kinds():
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
    choices = sorted(((label, kind_label(label)) for label in kinds()), key=lambda k: chinese_order(k[1]))
    labels = {}
    for key in sorted(ACTION_LABELS):
        labels.setdefault(ACTION_LABELS[key], key)  # one entry per word (投票 is two actions)
    actions = sorted(labels.values(), key=lambda a: chinese_order(ACTION_LABELS[a]))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "kinds": choices,
        "actions": [(a, action_label(a)) for a in actions],
        "chosen": {"kind": kind, "action": action, "who": who, "since": since, "until": until},
        "query": query.urlencode(),
        "errors": errors,
    }
    return render(request, "accounts/audit.html", context, status=400 if errors else 200)
