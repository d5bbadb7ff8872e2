"""Report pages: the lead unit fills a project's report for a period and submits it; the approver in
line approves or returns it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from minsheng.core.clock import today
from minsheng.core.dates import parse_id
from minsheng.core.media import MediaUnavailable
from minsheng.plans.scoping import changeable_plans, projects_for
from minsheng.reporting.attachments import files as attachments
from minsheng.reporting.calendar import rules as calendar
from minsheng.reporting.contributions import workflow as contributions
from minsheng.reporting.models import Report, ReportState
from minsheng.reporting.reports import values as report_values
from minsheng.reporting.reports import versions, workflow
from minsheng.reporting.scoping import reports_for


def _form_data(post, indicators, milestones=()) -> dict:
    return {
        "milestones": {str(m.pk): post.get(f"m-{m.pk}", "") for m in milestones},
        "values": [
            {"indicator": i.pk, "value": post.get(f"v-{i.pk}", ""), "comment": post.get(f"c-{i.pk}", "")}
            for i in indicators
        ],
        "narrative": post.get("narrative", ""),
        "problems": post.get("problems", "").splitlines(),
        "next_steps": post.get("next_steps", ""),
        "lag_reason": post.get("lag_reason", ""),
        "funds_arranged": post.get("funds_arranged", ""),
        "funds_paid": post.get("funds_paid", ""),
        "confirm": bool(post.get("confirm")),
        "took_over": bool(post.get("took_over")),
    }


def _checked_files(files) -> tuple[list, list[str]]:
    checked, errors = [], []
    for upload in files.getlist("attachments"):
        if upload.size > attachments.MAX_ATTACHMENT_BYTES:
            errors.append(
                f"“{upload.name}”超过 20 MB 上限（{upload.size / 1024 / 1024:.1f} MB），请压缩后再上传。"
            )
            continue
        try:
            checked.append(attachments.inspect(upload.read(), upload.name))
        except attachments.AttachmentRefused as e:
            errors.append(str(e))
    return checked, errors


def _take_over(project, key, data) -> dict:
    """The form data with the co-units' shares merged in (shown for review, not yet saved)."""
    from minsheng.reporting.reports.validation import parse_value

    current = {item["indicator"]: parse_value(item["value"])[0] for item in data["values"]}
    merged, narrative = contributions.take_over(project, key, current, data["narrative"])
    for item in data["values"]:
        value = merged.get(item["indicator"])
        item["value"] = "" if value is None else versions.number_text(value)
    data["narrative"], data["took_over"] = narrative, True
    return data


def _milestone_rows(milestones, report, data) -> list[dict]:
    reported = (data or {}).get("milestones") if data else (report.milestones if report else {})
    return [
        {
            "milestone": m,
            "done": (reported or {}).get(str(m.pk)) or (m.done_date.isoformat() if m.done_date else ""),
        }
        for m in milestones
    ]


# a report submitted (awaiting approval) or approved is not offered for editing; a draft or a returned one is
LOCKED = {
    ReportState.SUBMITTED: "该报告已提交，待审核；如需修改，请联系审核人退回。",
    ReportState.APPROVED: "该报告已审核通过，不能再修改。",
}


@login_required
def report_form(request, project_id: int, period: str | None = None):
    project = get_object_or_404(projects_for(request.user).select_related("plan__region"), pk=project_id)
    if not workflow.can_report(request.user, project):
        raise Http404
    # without a period, this month's report; outside the plan's year, its nearest month (in January the
    # last year's December report is still due)
    day = min(max(today(), project.plan.begins), project.plan.ends)
    try:
        key = calendar.parse_period(period or calendar.period_of(calendar.MONTH, day).key)
    except calendar.PeriodError:
        raise Http404 from None
    report = Report.objects.filter(project=project, kind=key.kind, period=key.key).first()
    if request.method != "POST" and report and report.state in LOCKED:  # nothing to edit: its page
        messages.info(request, LOCKED[report.state])
        return redirect("reports:detail", report.pk)
    indicators = list(project.indicators.annotate(previous=report_values.previous_values(key.start)))
    milestones = list(project.milestones.all())
    errors, data = [], None
    if request.method == "POST" and "take_over" in request.POST:
        data = _take_over(project, key, _form_data(request.POST, indicators, milestones))
        messages.info(request, "已带入协办单位报送的数据，请核对后保存。")
    elif request.method == "POST":
        data = _form_data(request.POST, indicators, milestones)
        files, errors = _checked_files(request.FILES)
        try:
            if errors:
                raise workflow.ValidationFailed(*errors)
            version = parse_id(request.POST.get("version"))
            removals = [pk for pk in map(parse_id, request.POST.getlist("remove")) if pk]
            report = workflow.save_report(
                project,
                key.key,
                data,
                request.user,
                expected_version=version,
                new_files=files,
                remove_attachments=removals,
            )
            if "submit" in request.POST:
                report = workflow.submit(report, request.user)
                messages.success(request, f"{key.label}报告已提交。")
            else:
                messages.success(request, "草稿已保存。")
            return redirect("reports:detail", report.pk)
        except (workflow.ReportError, MediaUnavailable) as e:  # the form again, with what was typed
            errors = e.messages
    saved = {v.indicator_id: v for v in report.values.all()} if report else {}
    rows = []
    for i in indicators:
        value = data["values"][indicators.index(i)] if data else None
        rows.append(
            {
                "indicator": i,
                "value": value["value"] if value else (saved[i.pk].value if i.pk in saved else ""),
                "comment": value["comment"] if value else (saved[i.pk].comment if i.pk in saved else ""),
                "previous": i.previous,
            }
        )
    context = {
        "project": project,
        "period": key,
        "report": report,
        "rows": rows,
        "errors": errors,
        "data": data,
        "due": calendar.due_at(key, workflow.rules_for(project.plan)),
        "shares": contributions.shares_for(project, key),
        "accept": attachments.ACCEPT,
        "milestone_rows": _milestone_rows(milestones, report, data),
        "attachments": report.attachments.all() if report else [],
    }
    return render(request, "reporting/reports/form.html", context, status=422 if errors else 200)


@login_required
def report_detail(request, report_id: int):
    report = get_object_or_404(
        reports_for(request.user)
        .select_related("project__plan__region")
        .prefetch_related("values__indicator"),
        pk=report_id,
    )
    return render(
        request,
        "reporting/reports/detail.html",
        {
            "report": report,
            "period": calendar.parse_period(report.period),
            "can_edit": workflow.can_report(request.user, report.project)
            and report.state in ("draft", "returned"),
            "can_decide": workflow.may_decide(request.user, report),
            "can_publish_photos": changeable_plans(request.user).filter(pk=report.project.plan_id).exists(),
            "history": versions.history(
                report.versions.select_related("saved_by"),
                {str(v.indicator_id): v.indicator.text for v in report.values.all()},
                {str(m.pk): m.title for m in report.project.milestones.all()},
            ),
            "attachments": report.attachments.all(),
            "problem_items": report.problem_items.all(),
            "milestone_rows": [
                {"milestone": m, "done": report.milestones.get(str(m.pk), "")}
                for m in report.project.milestones.all()
            ],
        },
    )


@login_required
@require_POST
def decide(request, report_id: int):
    report = get_object_or_404(reports_for(request.user).select_related("project__plan"), pk=report_id)
    try:
        if request.POST.get("decision") == "approve":
            workflow.approve(report, request.user)
            messages.success(request, "已审核通过。")
        else:
            workflow.return_report(report, request.user, request.POST.get("comment", ""))
            messages.success(request, "已退回。")
    except workflow.ReportError as e:
        messages.error(request, "；".join(e.messages))
    return redirect("reports:detail", report.pk)


@login_required
def inbox(request):
    """What awaits the user: reports to approve, and the unit's drafts and returned reports."""
    reports = (
        reports_for(request.user)
        .select_related("project__plan__region")
        .prefetch_related("project__unit_roles")
        .order_by("-updated_at")
    )
    office_plans = set(changeable_plans(request.user).values_list("pk", flat=True))
    waiting = [
        r
        for r in reports.filter(state="submitted")[:200]
        if workflow.may_decide(request.user, r, office_plans)
    ]
    own = [
        r
        for r in reports.filter(state__in=["draft", "returned"])[:200]
        if workflow.can_report(request.user, r.project)
    ]
    return render(request, "reporting/reports/inbox.html", {"waiting": waiting, "own": own})


@login_required
@require_POST
def approve_many(request):
    """Approve the reports ticked in the inbox, each as its own approval (audited, in line); those the
    user may not approve now are named, the rest go through."""
    ids = [int(v) for v in request.POST.getlist("report") if v.isdigit() and len(v) < 19][:200]
    if not ids:
        messages.error(request, "请先勾选要审核通过的报告。")
        return redirect("reports:inbox")
    chosen = reports_for(request.user).filter(pk__in=ids).select_related("project__plan")
    approved, refused = 0, []
    for report in chosen.prefetch_related("project__unit_roles"):
        try:
            before = report.state, report.awaiting
            workflow.approve(report, request.user)
            approved += (report.state, report.awaiting) != before
        except workflow.ReportError as e:
            refused.append(f"{report.project.name[:20]} {report.period}：{e.message}")
    if approved:
        messages.success(request, f"已审核通过 {approved} 份报告。")
    for line in refused[:10]:
        messages.error(request, line)
    return redirect("reports:inbox")
