"""A report's values: the checks against the target, the previous approved value and the pace, and
the writing of the values — each in a fixed number of queries whatever the number of indicators."""

from django.db.models import OuterRef, Subquery

from minsheng.plans.progress import linear_expected
from minsheng.reporting.models import Report, ReportState, ReportValue
from minsheng.reporting.reports.validation import CONFIRM, ERROR, Context, check, parse_value


def previous_values(before) -> Subquery:
    """For `Indicator.objects.annotate(previous=…)`: the latest approved value of a period ending before
    `before`, read for all of a project's indicators in the one query."""
    return Subquery(
        ReportValue.objects.filter(
            indicator=OuterRef("pk"),
            report__state=ReportState.APPROVED,
            report__period_end__lt=before,
            value__isnull=False,
        )
        .order_by("-report__period_end")
        .values("value")[:1]
    )


def _answered(finding, comment: str, lag_reason: str, confirmed: bool) -> bool:
    """An error is never answered; a confirmation by the reporter's confirm; an explanation by a comment
    (or, for being behind pace, by the report's 未达序时原因)."""
    if finding.severity == ERROR:
        return False
    if finding.severity == CONFIRM:
        return confirmed
    return bool(comment or (finding.code == "behind_pace" and lag_reason.strip()))


def checked(project, period, items: list[dict], lag_reason: str, confirmed: bool) -> tuple[list, list]:
    """(errors, rows): the refusals in Chinese, and (indicator, value, comment) for each value given."""
    indicators = {i.pk: i for i in project.indicators.annotate(previous=previous_values(period.start))}
    errors, rows = [], []
    for item in items:
        indicator = indicators.get(item.get("indicator"))
        if indicator is None:
            errors.append(f"指标 {item.get('indicator')} 不属于该项目。")
            continue
        context = Context(
            target=indicator.target_value,
            baseline=indicator.baseline,
            previous=indicator.previous,
            expected=linear_expected(
                indicator.baseline, indicator.target_value, project.plan.begins, indicator.due, period.end
            ),
        )
        comment = (item.get("comment") or "").strip()
        for finding in check(item.get("value"), context):
            if not _answered(finding, comment, lag_reason, confirmed):
                errors.append(f"{indicator.text[:20]}：{finding.message}")
        rows.append((indicator, parse_value(item.get("value"))[0], comment))
    return errors, rows


def write(report: Report, rows, created: bool) -> None:
    """The report's values, in three queries whatever the number of indicators."""
    existing = {} if created else {v.indicator_id: v for v in report.values.all()}
    changed, new = [], []
    for indicator, value, comment in rows:
        row = existing.get(indicator.pk)
        if row is None:
            new.append(ReportValue(report=report, indicator=indicator, value=value, comment=comment))
        elif (row.value, row.comment) != (value, comment):
            row.value, row.comment = value, comment
            changed.append(row)
    ReportValue.objects.bulk_update(changed, ["value", "comment"])
    ReportValue.objects.bulk_create(new)
