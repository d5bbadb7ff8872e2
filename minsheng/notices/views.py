"""Web import (导入通知): upload, review the draft, commit it as a plan.

A file the readers cannot take raises ReadError, whose Chinese message the page shows; any other error
is a fault of ours: it is logged here with what was being imported and reaches Django's 500 handler.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from minsheng.core.audit import log_action
from minsheng.core.htmx import go_to, is_htmx, page_or_fragment
from minsheng.notices import commit_checks as checks
from minsheng.notices.background import accept_upload
from minsheng.notices.extraction.numbers import find_quantities
from minsheng.notices.forms import PlanMetaForm, ProjectDraftForm, RegionForm, UploadForm
from minsheng.notices.highlight import highlight
from minsheng.notices.mark_views import list_doubtful
from minsheng.notices.models import ImportState, NoticeImport
from minsheng.notices.readers.grid import ReadError
from minsheng.notices.reading_views import WAITING, waiting
from minsheng.notices.scoping import import_regions, imports_for
from minsheng.notices.services import (
    CommitUnits,
    commit_import,
    detected_region,
    propose_links,
    start_import,
)
from minsheng.notices.uploads import limit_uploads, too_large_message

logger = logging.getLogger(__name__)


def _office_only(request):
    if not import_regions(request.user).exists():
        raise Http404


SAMPLE = next((Path(__file__).parent / "samples").glob("*.docx"), None)


@login_required
def sample(request):
    """The sample notice the demo ships, to try the import at once."""
    _office_only(request)
    if SAMPLE is None:
        raise Http404
    return FileResponse(SAMPLE.open("rb"), as_attachment=True, filename=SAMPLE.name)


@csrf_exempt  # the CSRF check reads the body: it runs in _upload, after the size limit is in place
def upload(request):
    limit = limit_uploads(request)
    return _upload(request, limit)


@csrf_protect
@login_required
def _upload(request, limit):
    _office_only(request)
    regions = import_regions(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, regions=regions)
    error = None
    if limit.refused:  # the file was dropped unread: say why, not that it is missing
        error = too_large_message()
        form = UploadForm(initial={"region": request.POST.get("region")}, regions=regions)
    if request.method == "POST" and not error and form.is_valid():
        upload = form.cleaned_data["file"]
        read = start_import if upload.size <= settings.IMPORT_INLINE_BYTES else accept_upload
        try:
            notice = read(upload.read(), upload.name, form.cleaned_data["region"], request.user)
        except ReadError as e:
            error = str(e)
        except Exception:
            logger.exception("import of %r (%d bytes) by %s failed", upload.name, upload.size, request.user)
            raise
        else:
            if (
                notice.state == ImportState.REVIEWING and not notice.draft["projects"]
            ):  # kept as a draft: the office marks the list itself
                messages.warning(
                    request, "未在文件中找到项目清单，请点“自己标出清单”，在原文中标出清单所在的行。"
                )
            return go_to(request, notice.get_absolute_url())
    imports = imports_for(request.user).select_related("region", "plan")[:20]
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "error": error, "imports": imports}
    return page_or_fragment(
        request, "notices/upload.html", "notices/_upload_form.html", context, status=status
    )


def _rows(notice: NoticeImport, units: CommitUnits) -> list[dict]:
    return [_row(notice, i, p, units) for i, p in enumerate(notice.draft["projects"])]


def _states_quantity(text: str) -> bool:
    """Whether a text states any number with a measure word."""
    return any(q.unit for q in find_quantities(text))


def _row(notice, index: int, project: dict, units: CommitUnits | None = None) -> dict:
    # Numbers with a measure word in the content but no target read: ask the reviewer to look.
    unread_numbers = not project["targets"] and _states_quantity(project.get("content") or "")
    units = units or CommitUnits(notice.region)

    def marks(names):  # known: commit finds it in the registry; else commit creates it
        return [{"name": n, "known": units.known(n)} for n in names]

    return {
        "index": index,
        "p": project,
        "content_html": highlight(project.get("content") or "", [t["text"] for t in project["targets"]]),
        "lead": marks(project["lead_units"]),
        "co": marks(project["co_units"]),
        "reasons": _reasons(project, unread_numbers),
        "unread_numbers": unread_numbers,
        "notice": notice,
    }


def _reasons(project: dict, unread_numbers: bool) -> list[str]:
    """Why a row is to be checked (its orange bar), said under its name."""
    reasons = list(project.get("warnings") or [])
    if not project["lead_units"]:
        reasons.append("缺少牵头单位")
    if not project.get("content"):
        reasons.append("缺少实施内容")
    if unread_numbers:
        reasons.append("内容含数字但未识别出目标")
    return reasons


def _notice(request, pk: int, *, reviewing: bool = True) -> NoticeImport:
    notice = get_object_or_404(imports_for(request.user).select_related("region", "plan"), pk=pk)
    if reviewing and notice.state != ImportState.REVIEWING:
        raise PermissionDenied
    return notice


def _review_context(request, notice: NoticeImport) -> dict:
    regions = import_regions(request.user)
    units = CommitUnits(notice.region)
    rows = _rows(notice, units)
    same_year = checks.same_year_plans(notice)
    detected, region_differs, switch_to = detected_region(notice, regions)
    reviewing = notice.state == ImportState.REVIEWING
    return {
        "same_year": same_year,
        "notice": notice,
        "reviewing": reviewing,
        "form": PlanMetaForm(initial=notice.draft["plan"]),
        "region_form": RegionForm(initial={"region": notice.region_id}, regions=regions),
        "detected_region": detected,
        "region_differs": region_differs,
        "switch_to": switch_to,
        "warnings": checks.current_warnings(notice.draft),
        "doubts": checks.doubts(notice, detected, region_differs, same_year) if reviewing else [],
        "units_read": checks.units_read_in(units, notice.draft["projects"]) if region_differs else [],
        "rows": rows,
        "unknown": units.to_create(notice.draft["projects"]),
        "target_count": sum(len(r["p"]["targets"]) for r in rows),
        "links": sum(bool(r["p"].get("parent")) + len(r["p"].get("lineage") or []) for r in rows),
        "list_doubtful": reviewing and list_doubtful(notice.draft),
    }


@login_required
def review(request, pk: int):
    notice = _notice(request, pk, reviewing=False)
    if notice.state in WAITING or (request.GET.get("waiting") and is_htmx(request)):
        return waiting(request, notice)
    return render(request, "notices/review.html", _review_context(request, notice))


@login_required
@require_POST
def save_meta(request, pk: int):
    notice = _notice(request, pk)
    if "region" in request.POST:
        return _save_region(request, notice)
    form = PlanMetaForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        data["issued_date"] = data["issued_date"].isoformat() if data["issued_date"] else None
        with transaction.atomic():
            before = dict(notice.draft["plan"])
            notice.draft["plan"].update(data)
            relink = before.get("year") != data["year"]
            if relink:  # the parent is of the same year, the lineage of earlier years: propose anew
                propose_links(notice.draft, notice.region)
            notice.save(update_fields=["draft"])
            changes = {k: [before.get(k), v] for k, v in data.items() if before.get(k) != v}
            if relink:
                changes["关联建议"] = ["原有建议及确认", "按新年度重新生成"]
            log_action(notice, "update", request.user, changes)
        messages.success(request, "计划信息已保存。" + (_RELINKED if relink else ""))
    else:
        messages.error(
            request, "计划信息有误：" + "；".join(e for errs in form.errors.values() for e in errs)
        )
    return redirect(notice.get_absolute_url())


_RELINKED = "上级项目和往年同类建议已按新的年度、地区重新生成，请重新确认。"


def _save_region(request, notice: NoticeImport):
    """Import the plan for another of the office's regions (the one the document names, say)."""
    form = RegionForm(request.POST, regions=import_regions(request.user))
    if not form.is_valid():
        messages.error(request, "地区有误：" + "；".join(e for errs in form.errors.values() for e in errs))
    elif (region := form.cleaned_data["region"]) != notice.region:
        with transaction.atomic():
            before = notice.region.name
            notice.region = region
            propose_links(notice.draft, region)
            notice.save(update_fields=["region", "draft"])
            changes = {"区划": [before, region.name], "关联建议": ["原有建议及确认", "按新地区重新生成"]}
            log_action(notice, "update", request.user, changes)
        messages.success(request, f"地区已改为“{region.name}”。{_RELINKED}")
    return redirect(notice.get_absolute_url())


def _project(notice: NoticeImport, index: int) -> dict:
    try:
        return notice.draft["projects"][index]
    except IndexError:
        raise Http404 from None


@login_required
def edit_project(request, pk: int, index: int):
    notice = _notice(request, pk)
    project = _project(notice, index)
    form = ProjectDraftForm(request.POST or None, initial=ProjectDraftForm.initial_for(project))
    if request.method == "POST":
        before = {k: project.get(k) for k in ("name", "lead_units", "co_units", "targets")}
        if form.apply(project, request.POST):
            with transaction.atomic():
                notice.save(update_fields=["draft"])
                changes = {k: [v, project.get(k)] for k, v in before.items() if project.get(k) != v}
                log_action(
                    notice,
                    "update",
                    request.user,
                    {f"项目 {project['seq']} {k}": v for k, v in changes.items()},
                )
            return render(request, "notices/_row.html", {"row": _row(notice, index, project)})
    targets = project["targets"] + [{"text": "", "value": "", "unit": "", "comparator": "="}]
    return render(
        request,
        "notices/_row_form.html",
        {"form": form, "index": index, "notice": notice, "targets": targets, "errors": form.target_errors},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def show_row(request, pk: int, index: int):
    notice = _notice(request, pk)
    return render(
        request,
        "notices/_row.html",
        {"row": _row(notice, index, _project(notice, index))},
    )


@login_required
@require_POST
def decide_link(request, pk: int, index: int):
    """Confirm or reject a proposed parent project or lineage link."""
    notice = _notice(request, pk)
    project = _project(notice, index)
    kind, decision = request.POST.get("kind"), request.POST.get("decision")
    if decision not in ("confirmed", "rejected", "proposed"):
        raise Http404
    target = project.get("parent") if kind == "parent" else None
    if kind == "lineage":
        wanted = request.POST.get("id")
        target = next((x for x in project.get("lineage") or [] if str(x["project_id"]) == wanted), None)
    if not target:
        raise Http404
    with transaction.atomic():
        target["state"] = decision
        notice.save(update_fields=["draft"])
        log_action(
            notice,
            "update",
            request.user,
            {f"项目 {project['seq']} 关联 {target['label']}": [None, decision]},
        )
    if not request.htmx:  # a browser without scripts posted the form: back to the whole page
        return redirect(f"{notice.get_absolute_url()}#row-{index}")
    return render(request, "notices/_row.html", {"row": _row(notice, index, project)})


@login_required
@require_POST
def commit(request, pk: int):
    notice = _notice(request, pk)
    try:
        with transaction.atomic():  # the doubts as they are under the lock commit takes
            notice = NoticeImport.objects.select_for_update().get(pk=notice.pk)
            context = _review_context(request, notice)
            if missing := checks.unconfirmed(context["doubts"], request.POST):
                confirmed = None
            else:
                confirmed = [d.label for d in context["doubts"]]
                plan = commit_import(notice, request.user, confirmed)
    except ReadError as e:  # includes a value the models refuse: nothing was written (one transaction)
        messages.error(request, str(e))
        return redirect(notice.get_absolute_url())
    except Exception:
        logger.exception("commit of import %s by %s failed", notice.pk, request.user)
        raise
    if confirmed is None:  # refused before anything is written: the page again, saying what to confirm
        context.update(
            commit_error=checks.refusal(missing),
            ticked={d.name for d in context["doubts"] if request.POST.get(d.name) == d.value},
        )
        return render(request, "notices/review.html", context, status=400)
    messages.success(
        request, f"已入库：{plan.title}（{plan.projects.count()} 个项目，草案状态，可在计划页发布）。"
    )
    return redirect(plan.get_absolute_url())


@login_required
@require_POST
def discard(request, pk: int):
    notice = _notice(request, pk, reviewing=False)
    was = ImportState(notice.state)
    if was not in (ImportState.REVIEWING, *WAITING):
        raise PermissionDenied
    if NoticeImport.objects.filter(pk=notice.pk, state=was).update(state=ImportState.DISCARDED):
        log_action(
            notice, "update", request.user, {"状态": [str(was.label), str(ImportState.DISCARDED.label)]}
        )
        messages.success(request, "已放弃该导入。")
    else:  # the worker finished reading meanwhile: the office sees what it found before deciding
        messages.warning(request, "该导入的状态刚刚发生变化，请查看后再决定是否放弃。")
        return redirect(notice.get_absolute_url())
    return redirect("notices:upload")
