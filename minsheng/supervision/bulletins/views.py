"""Pages of the monthly bulletin (通报): a plan's list of bulletins with the office's "generate"
form, a bulletin's page, the office's editing page (one textarea per section; saving or publishing),
and the downloads of the Word and PDF files — always through here, never the media URL, so the
scoping holds: published bulletins for everyone who sees the plan, drafts for the plan's office only
(404 for anyone else). Generating, editing and publishing are the office's (403 for other users)."""

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from minsheng.core import media
from minsheng.core.audit import events_for
from minsheng.core.clock import today
from minsheng.core.htmx import go_to, is_htmx, page_or_fragment, poll, vary_on_htmx
from minsheng.notices.writers.views import CONTENT_TYPES
from minsheng.plans.scoping import can_change_plan, plans_for
from minsheng.supervision.bulletins import queries as bulletin_data
from minsheng.supervision.bulletins import rules
from minsheng.supervision.bulletins.document import TABLE_HEADER, table_rows
from minsheng.supervision.bulletins.publishing import request_publication
from minsheng.supervision.bulletins.rules import BulletinError
from minsheng.supervision.models import Bulletin, BulletinState
from minsheng.supervision.status.rules import COLOURS

CONTENT_TYPES = {"docx": CONTENT_TYPES["docx"], "pdf": "application/pdf"}
OFFICE_ONLY = "只有本计划的督查室可以生成、修改和发布通报。"


def _office(request, plan) -> None:
    if not can_change_plan(request.user, plan):
        raise PermissionDenied(OFFICE_ONLY)


def _generate_context(plan, month: str | None, states: dict[str, str], errors=()) -> dict:
    """What the generate form shows for `month`: the button's words, or why it is refused."""
    day = today()
    context = {
        "month": month or "",
        "errors": list(errors),
        "min_month": f"{plan.year}-01",
        "max_month": f"{plan.year}-{min(12, day.month) if day.year == plan.year else 12:02d}",
        "available": plan.year <= day.year,
    }
    if not month or not context["available"]:
        return context
    try:
        period, _ = rules.month_choice(month, plan.year, day)
    except BulletinError as e:
        context["errors"] = context["errors"] or e.messages
        return context
    context["label"] = f"{period.start.month} 月"
    context["state"] = states.get(period.key)
    return context


def _states(plan) -> dict[str, str]:
    return dict(Bulletin.objects.filter(plan=plan).values_list("month", "state"))


def bulletin_list(request, plan_id: int):
    plan = get_object_or_404(plans_for(request.user).select_related("region"), pk=plan_id)
    can_change = can_change_plan(request.user, plan)
    month = request.GET.get("month") or rules.default_month(plan.year, today())
    if is_htmx(request) and can_change:
        context = {"plan": plan, "generate": _generate_context(plan, month, _states(plan))}
        return vary_on_htmx(render(request, "supervision/bulletins/generate.html", context))
    bulletins = plan.bulletins.select_related("created_by", "published_by").order_by("-month")
    if not can_change:
        bulletins = bulletins.filter(state=BulletinState.PUBLISHED)
    bulletins = list(bulletins)
    context = {"plan": plan, "bulletins": bulletins, "can_change": can_change}
    if can_change:
        context["generate"] = _generate_context(plan, month, {b.month: b.state for b in bulletins})
    return vary_on_htmx(render(request, "supervision/bulletins/list.html", context))


@login_required
@require_POST
def generate(request, plan_id: int):
    plan = get_object_or_404(plans_for(request.user).select_related("region"), pk=plan_id)
    _office(request, plan)
    month = (request.POST.get("month") or "").strip()
    try:
        item, created = bulletin_data.generate(plan, month, request.user)
    except BulletinError as e:
        status = 409 if e.code == "conflict" else 400
        context = {"plan": plan, "generate": _generate_context(plan, month, _states(plan), e.messages)}
        if not is_htmx(request):
            context |= {
                "bulletins": plan.bulletins.select_related("created_by", "published_by").order_by("-month"),
                "can_change": True,
            }
        return page_or_fragment(
            request, "supervision/bulletins/list.html", "supervision/bulletins/generate.html", context, status
        )
    label = rules.month_label(item.month)
    messages.success(request, f"已{'生成' if created else '重新生成'}{label}通报草稿，请核对修改后发布。")
    return go_to(request, reverse("bulletins:edit", args=[item.pk]))


def _bulletin(request, pk: int) -> Bulletin:
    return get_object_or_404(
        bulletin_data.bulletins_for(request.user).select_related(
            "plan__region", "created_by", "published_by"
        ),
        pk=pk,
    )


def _figures(item: Bulletin) -> dict:
    figures = item.sections.get("figures", {})
    counts = figures.get("counts", {})
    total = figures.get("total") or 0
    return {
        "colours": [
            {
                "key": c,
                "label": colour.name,
                "title": rules.COLOUR_NAMES[c],
                "count": counts.get(c, 0),
                "share": round(100 * counts.get(c, 0) / total) if total else 0,
            }
            for c, colour in COLOURS.items()
        ],
        "total": total,
        "progress": rules.percent(figures.get("progress", 0)),
        "expected": rules.percent(figures.get("expected", 0)),
        "rows": list(
            zip(table_rows(item.sections), [r["colour"] for r in figures.get("table", [])], strict=True)
        ),
        "header": TABLE_HEADER,
    }


def detail(request, pk: int):
    item = _bulletin(request, pk)
    can_change = can_change_plan(request.user, item.plan)
    if request.GET.get("publishing") and is_htmx(request):  # polled while the worker publishes
        return poll(
            request,
            item.publishing_since is not None,
            "supervision/bulletins/_publishing.html",
            {"item": item},
        )
    context = {
        "item": item,
        "plan": item.plan,
        "figures": _figures(item),
        "can_change": can_change,
        "sections": [
            {**s, "lines": [x for x in s.get("text", "").split("\n") if x.strip()]}
            for s in item.sections.get("sections", [])
        ],
        "day": bulletin_data.document_date(item),
        "events": events_for(item)[:30] if can_change else None,
    }
    return render(request, "supervision/bulletins/detail.html", context)


class BulletinForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200, error_messages={"required": "标题不能为空。"})
    number = forms.CharField(label="期号", max_length=40, required=False)

    def __init__(self, *args, sections: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for item in sections.get("sections", []):
            lines = item.get("text", "").count("\n") + 3
            self.fields[f"text_{item['key']}"] = forms.CharField(
                label=item["heading"],
                max_length=rules.MAX_SECTION_CHARS,
                widget=forms.Textarea(attrs={"rows": min(24, max(4, lines))}),
                error_messages={"required": f"“{item['heading']}”不能为空。"},
                initial=item.get("text", ""),
            )

    def texts(self) -> dict[str, str]:
        return {name[5:]: value for name, value in self.cleaned_data.items() if name.startswith("text_")}


@login_required
def edit(request, pk: int):
    item = _bulletin(request, pk)
    _office(request, item.plan)
    if item.state != BulletinState.DRAFT:
        if request.method == "POST":
            return HttpResponse(
                "该通报已发布，不能再修改。", status=409, content_type="text/plain; charset=utf-8"
            )
        messages.info(request, "该通报已发布，不能再修改。")
        return redirect("bulletins:detail", item.pk)
    if item.publishing_since is not None:
        if request.method == "POST":
            return HttpResponse(
                "该通报正在发布中，不能再修改。", status=409, content_type="text/plain; charset=utf-8"
            )
        messages.info(request, "该通报正在发布中，完成后可在本页下载。")
        return redirect("bulletins:detail", item.pk)
    form = BulletinForm(initial={"title": item.title, "number": item.number}, sections=item.sections)
    errors, status = [], 200
    if request.method == "POST":
        form = BulletinForm(request.POST, sections=item.sections)
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = bulletin_data.save_edits(
                    item, data["title"], data["number"], form.texts(), request.user
                )
                if request.POST.get("action") == "publish":
                    request_publication(item, request.user)
                    messages.success(request, "已提交发布：正在后台生成 Word 和 PDF，完成后本页自动显示。")
                    return go_to(request, reverse("bulletins:detail", args=[item.pk]))
            except BulletinError as e:
                errors = e.messages
                status = 409 if e.code == "conflict" else 422
            else:
                messages.success(request, "已保存修改。")
                return go_to(request, reverse("bulletins:edit", args=[item.pk]))
        else:
            status = 422
    context = {"item": item, "plan": item.plan, "form": form, "errors": errors, "figures": _figures(item)}
    return page_or_fragment(
        request, "supervision/bulletins/edit.html", "supervision/bulletins/form.html", context, status
    )


def download(request, pk: int, ext: str):
    """The stored Word or PDF file of a published bulletin; for the office, a draft's Word preview."""
    if ext not in CONTENT_TYPES:
        raise Http404
    item = _bulletin(request, pk)
    stored = item.docx if ext == "docx" else item.pdf
    if stored:
        return FileResponse(
            media.opened(stored),
            as_attachment=True,
            filename=bulletin_data.filename(item, ext),
            content_type=CONTENT_TYPES[ext],
        )
    if item.state == BulletinState.DRAFT and ext == "docx":
        response = HttpResponse(bulletin_data.render_docx(item), content_type=CONTENT_TYPES[ext])
        name = quote(f"{item.title}（草稿）.docx")
        response["Content-Disposition"] = f"attachment; filename=\"bulletin.docx\"; filename*=UTF-8''{name}"
        return response
    raise Http404("该通报尚无此格式的文件。")
