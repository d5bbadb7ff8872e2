"""标出清单: where the importer missed a notice's project list or read a wrong one, the office marks the
lines of the document that are the list, and each marked line becomes a project of the draft.

The page shows the stored file's text (read again with the reader the upload used) one numbered line
each, with a checkbox per line and a "from line N to line M" pair as the alternative to ticking; the
post replaces the draft's projects (services.mark_list: audited, the plan's metadata kept)."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from minsheng.core.errors import DomainError, log_refusal
from minsheng.notices.extraction.marked import MAX_MARKED, without_marker
from minsheng.notices.models import ImportState, NoticeImport
from minsheng.notices.readers.grid import ReadError
from minsheng.notices.scoping import imports_for
from minsheng.notices.services import HANDLED, MarkRefused, document_lines, mark_list

_NUMBER = re.compile(r"\s*(\d{1,6})\s*")
# what the importer says when it took a list found without numbering (run_projects.run_warning, LOOSE)
_UNNUMBERED = re.compile(r"分级编号的清单|中拆出的，请确认它是一个项目")


def list_doubtful(draft: dict) -> bool:
    """Whether the review page should offer 标出清单 prominently: no projects, or a list found without
    numbering (one the office may well find wrong)."""
    projects = draft.get("projects") or []
    said = [*(draft.get("warnings") or []), *(w for p in projects for w in p.get("warnings") or [])]
    return not projects or (not draft.get("marked_lines") and any(_UNNUMBERED.search(w) for w in said))


def _ticked(lines: list[str], draft: dict) -> set[int]:
    """The lines the current draft took as projects: those marked last time, else the first line (in
    order) that starts with each project's name."""
    if marked := draft.get("marked_lines"):
        return {n for n in marked if isinstance(n, int) and 1 <= n <= len(lines)}
    starts = [without_marker(line) for line in lines]
    ticked, after = set(), 0
    for project in draft.get("projects") or []:
        name = (project.get("name") or "").strip()
        if len(name) < 2:
            continue
        found = next((i for i in range(after, len(starts)) if starts[i].startswith(name)), None)
        if found is not None:
            ticked.add(found + 1)
            after = found + 1
    return ticked


def _chosen(data, count: int) -> list[int]:
    """The line numbers posted: the ticked lines and the "from … to …" range, together. MarkRefused when
    a number is not a line of the document."""
    numbers = set()
    for value in data.getlist("line"):
        if not (m := _NUMBER.fullmatch(value)):
            raise MarkRefused("行号有误，请重新勾选。")
        numbers.add(int(m.group(1)))
    first, last = (data.get(k, "").strip() for k in ("from", "to"))
    if first or last:
        if not (_NUMBER.fullmatch(first) and _NUMBER.fullmatch(last)):
            raise MarkRefused("请同时填写“从第几行”和“到第几行”，都为整数。")
        a, b = sorted((int(first), int(last)))
        if b - a + 1 > MAX_MARKED:
            raise MarkRefused(f"一次最多标出 {MAX_MARKED} 行，第 {a} 行到第 {b} 行共 {b - a + 1} 行。")
        numbers.update(range(a, b + 1))
    if outside := sorted(n for n in numbers if not 1 <= n <= count):
        raise MarkRefused(f"原文只有 {count} 行，没有第 {outside[0]} 行。")
    return sorted(numbers)


def _page(request, notice: NoticeImport, lines, ticked, status=200, errors=(), form=None):
    context = {
        "notice": notice,
        "lines": [(n, text, n in ticked) for n, text in enumerate(lines, 1)],
        "errors": list(errors),
        "form": form or {},
        "most": MAX_MARKED,
        "current": len(notice.draft.get("projects") or []),
    }
    return render(request, "notices/mark.html", context, status=status)


def _refused(request, notice, error: DomainError, lines=(), ticked=(), form=None):
    log_refusal(request, error)
    return _page(request, notice, lines, set(ticked), error.status, error.messages, form)


@login_required
def mark(request, pk: int):
    notice = get_object_or_404(imports_for(request.user).select_related("region"), pk=pk)
    if notice.state != ImportState.REVIEWING:
        return _refused(request, notice, MarkRefused(HANDLED, status=409))
    try:
        lines, warnings = document_lines(notice)
    except ReadError as e:
        return _refused(request, notice, e)
    if request.method != "POST":
        return _page(request, notice, lines, _ticked(lines, notice.draft))
    form = {k: request.POST.get(k, "") for k in ("from", "to")}
    try:
        numbers = _chosen(request.POST, len(lines))
        count = mark_list(notice, numbers, request.user, document=(lines, warnings))
    except MarkRefused as e:
        posted = {int(v) for v in request.POST.getlist("line") if _NUMBER.fullmatch(v)}
        return _refused(request, notice, e, lines, posted, form)
    messages.success(request, f"已按标出的 {count} 行生成项目，请逐项核对。")
    return redirect(notice.get_absolute_url())
