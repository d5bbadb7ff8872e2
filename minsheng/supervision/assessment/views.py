"""考核 on the web (/supervision/assessment/): the region's ranking of units and of regions as of a day,
each unit's lines, the office's scheme and hand-recorded points, and the Word and Excel exports.
Offices and leaders see their regions; a unit's reporters and approvers see their own unit's page."""

import datetime
from urllib.parse import quote, urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from minsheng.core.clock import today
from minsheng.core.errors import DomainError
from minsheng.core.models import Region, Unit
from minsheng.core.queryforms import pick
from minsheng.core.roles import roles_of
from minsheng.core.views import refused
from minsheng.core.workyear import chosen_year, year_to_open
from minsheng.supervision.assessment import exports, ledger, queries, rules, workflow
from minsheng.supervision.assessment.models import ENTRY_KINDS, AssessmentEntry

COUNTY_KINDS = ("city", "district", "county", "county_city", "zone")
TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class ChoiceRefused(DomainError):
    status = 400
    default_message = "考核的年度或日期不对。"


class EntryForm(forms.Form):
    unit = forms.ModelChoiceField(label="责任单位", queryset=Unit.objects.none(), empty_label="请选择")
    kind = forms.ChoiceField(label="类别", choices=ENTRY_KINDS)
    points = forms.DecimalField(
        label="分值",
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        help_text="其他加分、其他扣分填写；表扬、超额完成按考核细则计分",
    )
    counted_on = forms.DateField(
        label="计分日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(label="事由及依据", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        self.fields["unit"].error_messages |= {
            "required": "请选择责任单位。",
            "invalid_choice": "请选择列表中的单位。",
        }
        self.fields["counted_on"].error_messages |= {
            "required": "请填写计分日期。",
            "invalid": "日期格式不对。",
        }
        self.fields["reason"].error_messages["required"] = "请写明事由及依据。"
        self.fields["points"].error_messages |= {"invalid": "分值应为数字。", "min_value": "分值不能为负数。"}


def _regions(user) -> list[Region]:
    """The regions the user may pick: their top regions and, below them, the county-level ones."""
    tops = list(workflow.regions_for(user))
    if not tops:
        return []
    paths = [r.path for r in tops]
    below = Region.objects.filter(kind__in=COUNTY_KINDS)
    return [r for r in below.order_by("path") if any(r.path.startswith(p) for p in paths)]


def _choice(request, regions: list[Region] | None = None):
    """(region, year, years, day) from the query string (or the form posted): the year asked for, else the
    working year when the region has plans of it, else the latest year up to this one."""
    data = request.GET if request.method == "GET" else request.POST
    region = pick(_regions(request.user) if regions is None else regions, data.get("region"))
    if region is None:
        raise PermissionDenied("考核仅对督查室、分管领导和责任单位开放。")
    years = queries.years_of(region) or [today().year]
    raw_year = data.get("year")
    if raw_year and (not raw_year.isdigit() or int(raw_year) not in years):
        raise ChoiceRefused(f"年度“{raw_year[:10]}”没有已发布的计划，请从列表中选择。")
    default = next((y for y in years if y <= today().year), years[-1])
    year = year_to_open(int(raw_year) if raw_year else None, chosen_year(request), years, default)
    day = ledger.as_of(year, today())
    if raw_day := data.get("day"):
        try:
            day = datetime.date.fromisoformat(raw_day)
        except ValueError:
            raise ChoiceRefused(f"日期“{raw_day[:20]}”不对，请按 2024-07-31 的格式填写。") from None
        if day > today():
            raise ChoiceRefused(f"日期“{raw_day[:20]}”还没到：请选择今天或以前的日期。")
        if day.year != year:  # the year was switched with the other year's day still in the box
            day = ledger.as_of(year, today())
    return region, year, years, day


def _query(region, year, day) -> str:
    return urlencode({"region": region.pk, "year": year, "day": day.isoformat()})


def _home_page(request, choice=None, status=200, errors=(), form=None):
    regions = _regions(request.user)
    region, year, years, day = choice or _choice(request, regions)
    book = ledger.build(region, year, day)
    may_change = workflow.may_change(request.user, region)
    entries = queries.entries_of(region, year).select_related("unit", "project", "created_by")
    context = {
        "ledger": book,
        "regions": regions,
        "years": years,
        "query": _query(region, year, day),
        "may_change": may_change,
        "form": form
        or (
            EntryForm(units=queries.units_in(region, year), initial={"counted_on": day})
            if may_change
            else None
        ),
        "entries": entries[:50],
        "errors": list(errors),
    }
    return render(request, "supervision/assessment/ledger.html", context, status=status)


def _refusing(view):
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ChoiceRefused as e:
            return render(request, "supervision/assessment/refused.html", {"errors": e.messages}, status=400)

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped


@login_required
@_refusing
def assessment_home(request):
    roles = roles_of(request.user)
    if not _regions(request.user):
        if len(roles.unit_ids) >= 1:  # a unit's own page
            unit = Unit.objects.filter(pk__in=roles.unit_ids).order_by("pk").first()
            return redirect("assessment:unit", unit.pk)
        raise PermissionDenied("考核仅对督查室、分管领导和责任单位开放。")
    return _home_page(request)


@login_required
@_refusing
def unit_page(request, unit_id: int):
    unit = get_object_or_404(Unit.objects.select_related("region"), pk=unit_id)
    roles = roles_of(request.user)
    regions = _regions(request.user)
    if regions:
        region, year, years, day = _choice(request, regions)
    elif unit.pk in roles.unit_ids:  # the unit's own score, as its own level's office assesses it
        region, year, years, day = _choice(request, [unit.region])
    else:
        raise Http404
    if not workflow.may_view_unit(request.user, region, unit):
        raise Http404
    book = ledger.build(region, year, day)
    row = book.row_of(unit)
    if row is None and not unit.region.path.startswith(region.path):
        raise Http404  # a unit neither scored here nor of this region
    context = {
        "ledger": book,
        "unit": unit,
        "row": row,
        "years": years,
        "query": _query(region, year, day),
        "lines": sorted(row.score.lines, key=lambda line: (line.event.day, line.event.kind)) if row else [],
        "own": unit.pk in roles.unit_ids,
    }
    return render(request, "supervision/assessment/unit.html", context)


class SchemeForm(forms.Form):
    def __init__(self, *args, scheme: rules.Scheme, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, (label, help_text) in rules.FIELD_LABELS.items():
            value = getattr(scheme, name)
            if isinstance(value, bool):
                self.fields[name] = forms.BooleanField(
                    label=label, required=False, initial=value, help_text=help_text
                )
            else:
                self.fields[name] = forms.CharField(
                    label=label,
                    required=False,
                    initial=rules.points_text(value) if not isinstance(value, int) else value,
                    help_text=help_text,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
                )


@login_required
@_refusing
def scheme_page(request):
    if not _regions(request.user):
        raise PermissionDenied("只有督查室可以修改考核细则。")
    region, year, years, day = _choice(request)
    if not workflow.may_change(request.user, region):
        raise PermissionDenied("只有本级督查室可以修改考核细则。")
    scheme, stored = queries.scheme_for(region, year)
    status, errors = 200, []
    form = SchemeForm(request.POST or None, scheme=scheme)
    if request.method == "POST" and request.POST.get("action") == "inherit":
        workflow.drop_scheme(region, year, request.user)
        messages.success(request, f"{region.name}{year}年改为沿用上级（或默认）考核细则。")
        return redirect(f"{reverse('assessment:home')}?{_query(region, year, day)}")
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in rules.FIELD_LABELS}
        values["red_line_serious"] = "red_line_serious" in request.POST
        try:
            workflow.save_scheme(region, year, values, request.user)
        except DomainError as e:
            status, errors = e.status, e.messages
        else:
            messages.success(request, f"{region.name}{year}年考核细则已保存，得分按新细则重新计算。")
            return redirect(f"{reverse('assessment:home')}?{_query(region, year, day)}")
    context = {
        "region": region,
        "year": year,
        "day": day,
        "form": form,
        "errors": errors,
        "inherited": stored is not None and stored.region_id != region.pk,
        "stored": stored,
        "query": _query(region, year, day),
    }
    return render(request, "supervision/assessment/scheme.html", context, status=status)


@login_required
@require_POST
@_refusing
def entry_new(request):
    choice = _choice(request)
    region, year, _years, day = choice
    if not workflow.may_change(request.user, region):
        raise PermissionDenied("只有本级督查室可以记录加减分。")
    form = EntryForm(request.POST, units=queries.units_in(region, year))
    if not form.is_valid():
        errors = [e for field in form.errors.values() for e in field]
        return _home_page(request, choice, 422, errors, form)
    data = form.cleaned_data
    try:
        workflow.record_entry(
            region,
            year,
            data["unit"],
            data["kind"],
            data["counted_on"],
            data["reason"],
            request.user,
            data["points"],
        )
    except workflow.AssessmentError as e:
        return refused(request, e, _home_page, choice, form=form)
    messages.success(request, f"已为{data['unit'].name}记录“{rules.KIND_LABELS[data['kind']]}”。")
    return redirect(f"{reverse('assessment:home')}?{_query(region, year, day)}#entries")


@login_required
@require_POST
def entry_withdraw(request, pk: int):
    entry = get_object_or_404(AssessmentEntry.objects.select_related("region"), pk=pk)
    if not workflow.may_view(request.user, entry.region):
        raise Http404
    if not workflow.may_change(request.user, entry.region):
        raise PermissionDenied("只有本级督查室可以撤销加减分。")
    try:
        workflow.withdraw_entry(entry, request.user)
    except workflow.AssessmentError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, "已撤销该加减分，得分已重新计算。")
    query = urlencode({"region": entry.region_id, "year": entry.year})
    return redirect(f"{reverse('assessment:home')}?{query}#entries")


@login_required
@_refusing
def export(request, fmt: str):
    if fmt not in TYPES:
        raise Http404
    region, year, _years, day = _choice(request)
    book = ledger.build(region, year, day)
    content = exports.ledger_xlsx(book) if fmt == "xlsx" else exports.ledger_docx(book)
    response = HttpResponse(content, content_type=TYPES[fmt])
    name = f"{book.title}（截至{day:%Y-%m-%d}）.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
