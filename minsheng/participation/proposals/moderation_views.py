"""The office's moderation queue of public proposals: filters, similar proposals grouped as possible
duplicates, and the steps 受理 / 不予受理 / 合并 / 入围 / 答复, each a POST, audited, done with a
conditional update.

Who: the supervision office of a region sees the proposals addressed to it and to the regions below;
an administrator sees all; anyone else signed in gets 403, a proposal outside the office's regions 404.
The proposer's phone is shown on the detail page only (for the call-back), never in the queue."""

import re
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from minsheng.core.audit import events_for
from minsheng.core.htmx import page_or_fragment
from minsheng.participation.models import ProposalState
from minsheng.participation.proposals import duplicates, rules, workflow
from minsheng.participation.proposals.filters import QueueFilters
from minsheng.participation.proposals.forms import ModerationForm

QUEUE_LIMIT = 500  # proposals read for grouping; filters narrow a larger set
GROUPS_PER_PAGE = 30
SIMILAR_POOL = 500


def number(value) -> int | None:
    """A record number or year typed in a query or form: 1–9 ASCII digits, else None (so "²", "١",
    "1e3" or a 30-digit number never reach int() or the database)."""
    text = str(value or "").strip()
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else None


def _scope(request):
    proposals = workflow.office_proposals(request.user)
    if proposals is None:
        raise PermissionDenied("建议审核仅对督查室开放。")
    return proposals


def office_only(view):
    """Signed in, and an office: anyone else gets a 403 page that says so in Chinese."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if workflow.office_proposals(request.user) is None:
            context = {"message": "建议审核仅对督查室开放。"}
            return render(request, "participation/proposals/forbidden.html", context, status=403)
        return view(request, *args, **kwargs)

    return wrapped


def _filtered(request, proposals, regions):
    f = QueueFilters.of(request.GET)
    if f["state"]:
        proposals = proposals.filter(state=f["state"])
    region = next((r for r in regions if r.pk == f["region"]), None)
    if region is not None:
        proposals = proposals.filter(region__path__startswith=region.path)
    if f["year"] is not None:
        proposals = proposals.filter(year=f["year"])
    if f["category"]:
        proposals = proposals.filter(category=f["category"])
    if q := f["q"]:
        proposals = proposals.filter(Q(title__icontains=q) | Q(content__icontains=q))
    return proposals, QueueFilters.as_typed(request.GET)  # the filters as typed, for the page


@office_only
def queue(request):
    base = _scope(request)
    regions = list(workflow.office_regions(request.user))
    proposals, f = _filtered(request, base, regions)
    rows = list(
        proposals.select_related("region", "merged_into").order_by("-created_at", "-pk")[: QUEUE_LIMIT + 1]
    )
    capped = len(rows) > QUEUE_LIMIT
    rows = rows[:QUEUE_LIMIT]
    by_pk = {p.pk: p for p in rows}
    groups = [[by_pk[pk] for pk in g] for g in duplicates.groups((p.pk, p.title, p.content) for p in rows)]
    for group in groups:
        for p in group:
            p.peers = [o for o in group if o.pk != p.pk and workflow.may_merge_into(p, o)]
            p.steps = [s for s in workflow.steps_for(p.state) if s.action != "merge" or p.peers]
    page = Paginator(groups, GROUPS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "f": f,
        "query": query.urlencode(),
        "count": len(rows),
        "capped": capped,
        "limit": QUEUE_LIMIT,
        "duplicates": sum(len(g) for g in groups if len(g) > 1),
        "states": ProposalState.choices,
        "regions": regions,
        "years": list(base.order_by("-year").values_list("year", flat=True).distinct()),
        "categories": rules.CATEGORIES,
        "threshold": duplicates.THRESHOLD,
    }
    return page_or_fragment(
        request, "participation/proposals/queue.html", "participation/proposals/queue_results.html", context
    )


def _proposal(request, proposal_id: int):
    if number(proposal_id) is None:
        raise Http404("没有该建议。")
    return get_object_or_404(_scope(request).select_related("region", "merged_into"), pk=proposal_id)


def _detail(request, proposal, status=200, error=""):
    pool = (
        _scope(request)
        .filter(year=proposal.year, region_id=proposal.region_id, state__in=workflow.MERGE_TARGET_STATES)
        .exclude(pk=proposal.pk)
        .select_related("region")
        .order_by("-created_at")[:SIMILAR_POOL]
    )
    pool = {p.pk: p for p in pool}
    found = duplicates.similar_to(
        proposal.title, proposal.content, [(pk, p.title, p.content) for pk, p in pool.items()]
    )
    similar = [(pool[pk], round(score)) for pk, score in found]
    events = list(events_for(proposal)[:30])
    for e in events:
        e.label = workflow.action_label(e.action)
    context = {
        "proposal": proposal,
        "steps": workflow.steps_for(proposal.state),
        "similar": similar,
        "merged": list(proposal.merged.order_by("created_at")),
        "threshold": duplicates.THRESHOLD,
        "events": events,
        "error": error,
        "posted": request.POST if error else None,
    }
    return render(request, "participation/proposals/detail.html", context, status=status)


@office_only
def detail(request, proposal_id: int):
    return _detail(request, _proposal(request, proposal_id))


@office_only
@require_POST
def act(request, proposal_id: int):
    proposal = _proposal(request, proposal_id)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        if "into" in form.errors:
            return _detail(request, proposal, 422, form.errors["into"][0])
        return _detail(request, proposal, 422, "请选择要执行的操作；合并须填写目标建议的编号。")
    d = form.cleaned_data
    target = None
    if d["into"]:
        target = _scope(request).filter(pk=d["into"]).first()
        if target is None:
            return _detail(
                request, proposal, 422, f"未找到编号为 {d['into']} 的建议（或不在本督查室范围内）。"
            )
    try:
        changed = workflow.moderate(proposal, d["action"], request.user, d["reply"], target)
    except workflow.ModerationError as e:
        return _detail(request, proposal, e.status, e.message)
    label = workflow.STEP[d["action"]].label
    messages.success(request, f"#{proposal.pk} {label}：已保存。" if changed else f"{label}：没有变化。")
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return redirect(back)
    return redirect("proposals:detail", proposal.pk)
