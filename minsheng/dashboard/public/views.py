"""The public board: no login, the same for everyone. Each view finds its plan or project among the
published ones (a draft or a forged id is 404), then takes the page content from the cache
(`board_cache`) or renders it without any user; the page chrome is rendered around it per request.
An htmx request gets only the results fragment."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from minsheng.core import media
from minsheng.core.htmx import is_htmx, vary_on_htmx
from minsheng.dashboard.cache import cached, normalise
from minsheng.dashboard.public import queries as public_data
from minsheng.dashboard.public import rules as public
from minsheng.supervision.status.queries import default_as_of

HOME_QUERY = ("q", "year", "region")
PLAN_QUERY = ("q", "colour", "category")
PHOTO_MAX_AGE = 3600


def _answer(request, title: str, html: str) -> HttpResponse:
    if is_htmx(request):
        return vary_on_htmx(HttpResponse(html))
    context = {"title": title, "content": mark_safe(html)}
    return vary_on_htmx(render(request, "dashboard/public/page.html", context))


def _board(plan) -> public_data.PlanBoard:
    return cached(
        ("board", plan.pk, plan.board_changed_at), lambda: public_data.plan_board(plan, default_as_of(plan))
    )


# ── /public/ ────────────────────────────────────────────────────────────────────────────────────────


@require_safe
def home(request):
    query = normalise(request.GET, HOME_QUERY)
    htmx = is_htmx(request)
    html = cached(("home", query, htmx, public_data.home_stamp()), lambda: _home_html(dict(query), htmx))
    return _answer(request, "公开看板", html)


def _home_html(params: dict, htmx: bool) -> str:
    plans = public_data.home_plans()
    years = sorted({p["year"] for p in plans}, reverse=True)
    regions = list({p["region_id"]: p["region"] for p in plans}.items())
    shown = [
        p
        for p in plans
        if (not params.get("year") or str(p["year"]) == params["year"])
        and (not params.get("region") or str(p["region_id"]) == params["region"])
    ]
    groups: list[tuple[int, list[tuple[str, list[dict]]]]] = []
    for p in shown:
        if not groups or groups[-1][0] != p["year"]:
            groups.append((p["year"], []))
        by_region = groups[-1][1]
        if not by_region or by_region[-1][0] != p["region"]:
            by_region.append((p["region"], []))
        by_region[-1][1].append(p)
    q = params.get("q", "")
    context = {
        "groups": groups,
        "years": years,
        "regions": regions,
        "year": params.get("year", ""),
        "region": params.get("region", ""),
        "q": q,
        "results": public_data.search_projects(q) if q else None,
        "limit": public_data.SEARCH_LIMIT,
    }
    template = "dashboard/public/home_results.html" if htmx else "dashboard/public/home.html"
    return render_to_string(template, context)


# ── /public/plans/<id>/ and its open data ───────────────────────────────────────────────────────────


def _public_plan(plan_id: int):
    return get_object_or_404(public_data.public_plans(), pk=plan_id)


@require_safe
def plan(request, plan_id: int):
    found = _public_plan(plan_id)
    query = normalise(request.GET, PLAN_QUERY)
    htmx = is_htmx(request)
    html = cached(
        ("plan", found.pk, query, htmx, found.board_changed_at),
        lambda: _plan_html(_board(found), dict(query), htmx),
    )
    return _answer(request, f"{found.region.name}{found.year}年 {found.title}", html)


def _plan_html(board: public_data.PlanBoard, params: dict, htmx: bool) -> str:
    rows = public.filter_rows(
        board.rows,
        colour=public.filter_colour(params.get("colour", ""), board.year_over),
        category=params.get("category", ""),
        q=params.get("q", ""),
    )
    context = {
        "plan": board.plan,
        "as_of": board.as_of,
        "summary": public.summary_sentence(board.rows),
        "counts": public.colour_counts(board.rows, board.year_over),
        "overall": public.overall_progress(board.rows),
        "categories": board.categories,
        "colours": public.legend(board.year_over),
        "groups": public.group_by_category(rows),
        "shown": len(rows),
        "total": len(board.rows),
        "params": params,
    }
    template = "dashboard/public/plan_projects.html" if htmx else "dashboard/public/plan.html"
    return render_to_string(template, context)


def _filename(found, ext: str) -> str:
    return f"{found.region.name}{found.year}年民生实事进度.{ext}"


@require_safe
def plan_csv(request, plan_id: int):
    found = _public_plan(plan_id)
    data = cached(
        ("plan.csv", found.pk, found.board_changed_at), lambda: public.csv_bytes(_board(found).rows)
    )
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, _filename(found, "csv"))
    return response


@require_safe
def plan_json(request, plan_id: int):
    found = _public_plan(plan_id)

    def build():
        board = _board(found)
        return public.json_bytes(board.plan, board.as_of, board.rows)

    data = cached(("plan.json", found.pk, found.board_changed_at), build)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(False, _filename(found, "json"))
    return response


# ── /public/projects/<id>/ and public photos ────────────────────────────────────────────────────────


@require_safe
def project(request, project_id: int):
    found = get_object_or_404(public_data.public_projects().select_related("plan__region"), pk=project_id)
    html = cached(("project", found.pk, found.plan.board_changed_at), lambda: _project_html(found))
    return _answer(request, found.name[:30], html)


def _project_html(found) -> str:
    board = _board(found.plan)
    row = next((r for r in board.rows if r.pk == found.pk), None)
    if row is None:  # the project was added since the board was cached under the same stamp
        raise Http404
    context = {"plan": board.plan, "as_of": board.as_of, "row": row, **public_data.project_extras(found)}
    return render_to_string("dashboard/public/project.html", context)


@require_safe
def photo(request, attachment_id: int):
    """The thumbnail of a photo marked public (JPEG without EXIF: the original may carry GPS)."""
    attachment = get_object_or_404(public_data.public_photos(), pk=attachment_id)
    response = FileResponse(media.opened(attachment.thumbnail), content_type="image/jpeg")
    response["Cache-Control"] = f"public, max-age={PHOTO_MAX_AGE}"
    return response
