"""Scoring page for the office: the shortlisted proposals of a region and year ranked by their mean
weighted score, each office user's marks per criterion, and "生成候选名单" (a draft voting session).

Who: the supervision office of the region (or above) and administrators; others 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from minsheng.core.clock import today
from minsheng.core.models import Region
from minsheng.core.roles import roles_of
from minsheng.participation.models import Proposal, ProposalScore, VotingSession
from minsheng.participation.scoring import rules as scoring
from minsheng.participation.scoring import workflow as candidate_list
from minsheng.participation.votes import workflow as voting


def _office_regions(user) -> list[Region]:
    roles = roles_of(user)
    if roles.is_admin:
        found = Region.objects.filter(Q(parent=None) | Q(parent__parent=None))
    else:
        found = Region.objects.filter(path__in=roles.office_paths)
    return list(found.order_by("path"))


def _where(request, data) -> tuple[Region, int, list[Region]]:
    """The region (an office region of the user, or below one) and year asked for, or the defaults."""
    regions = _office_regions(request.user)
    if not regions:
        raise Http404
    region = regions[0]
    if (region_id := scoring.small_int(data.get("region"), hi=2_147_483_647)) is not None:
        region = get_object_or_404(Region, pk=region_id)
        if not voting.is_office_for(request.user, region):
            raise Http404
    year = scoring.small_int(data.get("year"), hi=2100)
    year = year if year is not None and year >= 2000 else today().year + 1
    return region, year, regions


def _page(request, region, year, regions, status=200, **extra):
    weights = scoring.criteria()
    rows = candidate_list.ranked(region, year, weights)
    mine = dict(
        ProposalScore.objects.filter(proposal__in=[p for _, p in rows], scorer=request.user).values_list(
            "proposal_id", "marks"
        )
    )
    entries = [
        {
            "item": item,
            "proposal": proposal,
            "means": [item.means.get(name) for name in weights],
            "mine": mine.get(proposal.pk),
            "fields": [
                (name, weight, (mine.get(proposal.pk) or {}).get(name, ""))
                for name, weight in weights.items()
            ],
        }
        for item, proposal in rows
    ]
    shown = False
    if (failed := extra.get("failed")) is not None:
        for entry in entries:
            if entry["proposal"].pk == failed:
                shown = True
                posted = extra.get("posted") or {}
                entry["fields"] = [(n, w, posted.get(n, "")) for n, w, _ in entry["fields"]]
    sessions = VotingSession.objects.filter(region=region, year=year).order_by("-pk")
    context = {
        "region": region,
        "year": year,
        "regions": regions,
        "weights": weights,
        "entries": entries,
        "unscored": sum(1 for e in entries if not e["item"].scorers),
        "sessions": sessions,
        "default_seats": min(10, max(1, len(entries) - 1)),
        "loose_errors": extra.get("errors") if failed is not None and not shown else None,
        **extra,
    }
    return render(request, "participation/scoring/page.html", context, status=status)


@login_required
def scoring_page(request):
    region, year, regions = _where(request, request.GET)
    return _page(request, region, year, regions)


@login_required
@require_POST
def score(request, proposal_id: int):
    proposal = get_object_or_404(Proposal.objects.select_related("region"), pk=proposal_id)
    if not voting.is_office_for(request.user, proposal.region):
        raise Http404
    weights = scoring.criteria()
    try:
        candidate_list.save_score(
            proposal, request.user, {n: request.POST.get(n) for n in weights}, request.POST.get("note", "")
        )
    except scoring.ScoringError as e:
        region, year, regions = _where(request, {"region": proposal.region_id, "year": proposal.year})
        posted = {n: request.POST.get(n, "") for n in weights}
        return _page(
            request, region, year, regions, 422, failed=proposal.pk, errors=e.messages, posted=posted
        )
    messages.success(request, f"已保存对“{proposal.title[:30]}”的评分。")
    url = reverse("scoring:page") + f"?region={proposal.region_id}&year={proposal.year}#p{proposal.pk}"
    return redirect(url)


def _number(text, what: str, errors: list[str]) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    value = scoring.small_int(text, hi=999)
    if value is None:
        errors.append(f"{what}“{text[:12]}”应为不超过 999 的正整数。")
    return value


@login_required
@require_POST
def candidates(request):
    region, year, regions = _where(request, request.POST)
    errors: list[str] = []
    seats = _number(request.POST.get("seats"), "应选项目数", errors)
    count = _number(request.POST.get("count"), "候选项目数", errors)
    if seats is None and not errors:
        errors.append("请填写应选项目数。")
    if not errors:
        count = count if count is not None else scoring.default_candidates(seats)
        try:
            session = candidate_list.make_candidate_list(
                region, year, seats, count, request.POST.get("title", ""), request.user
            )
        except scoring.ScoringError as e:
            errors = e.messages
    if errors:
        return _page(request, region, year, regions, 422, list_errors=errors, list_posted=request.POST)
    messages.success(request, f"已生成候选名单：{count} 项候选，应选 {seats} 项。")
    return redirect("votes:session", session.pk)
