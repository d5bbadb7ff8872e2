"""Supervision's answers to the events of the layers below it."""

from django.dispatch import receiver

from minsheng.reporting.signals import report_submitted
from minsheng.supervision.problems.from_reports import sync_report_problems


@receiver(report_submitted, dispatch_uid="supervision.problems_from_report")
def problems_from_report(sender, report, user, **kwargs) -> None:
    sync_report_problems(report, user)
