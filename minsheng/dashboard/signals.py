"""Keeps each plan's stamp current: whatever the public board or the dashboards' cached figures show
changes → the plan's `board_changed_at` moves, so nothing cached for that plan is read again.

Reports approved and acceptances decided touch the stamp where they happen (`minsheng.plans.board`);
here, edits of the plan itself, its categories, projects, units, indicators and milestones, units and
regions renamed, other years linked, photos made public or private, and — for the dashboards' status
history and timeliness — reports and their values saved outside the workflow, trajectories, the
reporting calendar and reopened periods. The stamp is written with a
queryset update, which sends no signal (no recursion). Fixture loading (raw) is left alone."""

import datetime

from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from minsheng.core.clock import today
from minsheng.core.models import Person, Region, Unit
from minsheng.plans.board import touch, touch_where
from minsheng.plans.models import Category, Indicator, Milestone, Plan, Project, ProjectUnit, TrajectoryPoint
from minsheng.reporting.calendar.rules import SHANGHAI
from minsheng.reporting.models import (
    Attachment,
    PeriodReopening,
    Report,
    ReportingCalendar,
    ReportState,
    ReportValue,
)
from minsheng.supervision.models import Acceptance, AcceptanceState


def _touch_plans(**lookup) -> None:
    """Both stamps: the change may alter earlier days too."""
    touch_where(past=True, **lookup)


def _touch_from_now(**lookup) -> None:
    """The board stamp only: the change bears on today and later, not on the cached month ends."""
    touch_where(past=False, **lookup)


def _before_today(*moments) -> bool:
    """Whether any of these moments falls before today (Asia/Shanghai), where month ends are cached."""
    start = datetime.datetime.combine(today(), datetime.time(), SHANGHAI)
    for moment in moments:
        if isinstance(moment, str):  # a value given as text and not read back from the database
            moment = parse_datetime(moment)
        if isinstance(moment, datetime.datetime) and timezone.is_aware(moment):
            if moment < start:
                return True
        elif moment is not None:
            return True  # not a moment we can place: earlier days may have changed
    return False


def _counted(report) -> tuple | None:
    """What of a report the status reads: approved (and when) and when it was first submitted; None
    when a field was not loaded (reading it would load the row again)."""
    fields = report.__dict__
    if not all(name in fields for name in ("state", "approved_at", "submitted_at")):
        return None
    return (fields["state"] == ReportState.APPROVED, fields["approved_at"], fields["submitted_at"])


@receiver(post_save, sender=Plan)
def plan_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        touch(instance.pk)


@receiver(post_save, sender=Category)
@receiver(post_delete, sender=Category)
@receiver(post_save, sender=ReportingCalendar)
@receiver(post_save, sender=PeriodReopening)
@receiver(post_save, sender=Project)
@receiver(post_delete, sender=Project)
def plan_part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        touch(instance.plan_id)


@receiver(post_save, sender=ProjectUnit)
@receiver(post_delete, sender=ProjectUnit)
@receiver(post_save, sender=Indicator)
@receiver(post_delete, sender=Indicator)
@receiver(post_save, sender=Milestone)
@receiver(post_delete, sender=Milestone)
def project_part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _touch_plans(projects=instance.project_id)


@receiver(post_save, sender=Unit)
def unit_saved(sender, instance, created=False, raw=False, **kwargs):
    if not (raw or created):
        _touch_plans(projects__unit_roles__unit=instance.pk)


@receiver(post_save, sender=Region)
def region_saved(sender, instance, created=False, raw=False, **kwargs):
    if not (raw or created):
        _touch_plans(region=instance.pk)


@receiver(m2m_changed, sender=Project.leaders.through)
def leaders_changed(sender, instance, action, reverse=False, pk_set=None, **kwargs):
    """Who leads a project: the watchlist ranks and filters by it (its ranking is cached under the
    board stamp); the status is not concerned, so the history stamp stays."""
    if reverse:  # a person's projects changed: those named, or before a clear all of theirs
        if action in ("post_add", "post_remove"):
            _touch_from_now(projects__in=pk_set or ())
        elif action == "pre_clear":
            _touch_from_now(projects__leaders=instance.pk)
    elif action in ("post_add", "post_remove", "post_clear"):
        _touch_from_now(pk=instance.plan_id)


@receiver(post_save, sender=Person)
def person_saved(sender, instance, created=False, raw=False, **kwargs):
    if not (raw or created):  # a leader renamed: the watchlist's filter names them
        _touch_from_now(projects__leaders=instance.pk)


@receiver(m2m_changed, sender=Project.lineage.through)
def lineage_changed(sender, instance, action, pk_set=None, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _touch_plans(projects__in=[instance.pk, *(pk_set or ())])


@receiver(post_init, sender=Attachment)
def attachment_loaded(sender, instance, **kwargs):
    instance._was_public = instance.is_public


@receiver(post_save, sender=Attachment)
@receiver(post_delete, sender=Attachment)
def attachment_changed(sender, instance, raw=False, **kwargs):
    """Only a photo that is or was public changes the board; uploads of private files do not."""
    if raw or not (instance.is_public or getattr(instance, "_was_public", False)):
        return
    instance._was_public = instance.is_public
    _touch_plans(projects__reports=instance.report_id)


@receiver(post_init, sender=Report)
def report_loaded(sender, instance, **kwargs):
    instance._counted = _counted(instance)


@receiver(post_save, sender=Report)
@receiver(post_delete, sender=Report)
def report_changed(sender, instance, raw=False, **kwargs):
    """A draft saved, or a report submitted or approved now, bears on today on; a report approved or
    submitted before today and then changed or deleted (a correction, a reopening) on earlier days."""
    if raw:
        return
    before, after = getattr(instance, "_counted", None), _counted(instance)
    if kwargs.get("created"):
        before = (False, None, None)  # post_init saw the new row's own values
    deleted = kwargs.get("signal") is post_delete
    if before is None or after is None:  # not known what changed: earlier days may have
        _touch_plans(projects=instance.project_id)
        return
    moments = before[1:] + after[1:] if (deleted or before != after) else ()
    if _before_today(*moments):
        _touch_plans(projects=instance.project_id)
    else:
        _touch_from_now(projects=instance.project_id)
    instance._counted = after


@receiver(post_save, sender=ReportValue)
def report_value_saved(sender, instance, raw=False, **kwargs):
    """A value of a report approved before today changes earlier days; of a draft, nothing counted yet."""
    if raw:
        return
    report = Report.objects.only("state", "approved_at").get(pk=instance.report_id)
    if report.state == ReportState.APPROVED and _before_today(report.approved_at):
        _touch_plans(projects__reports=instance.report_id)
    else:
        _touch_from_now(projects__reports=instance.report_id)


def _accepted(acceptance) -> tuple | None:
    fields = acceptance.__dict__
    if not all(name in fields for name in ("state", "decided_at")):
        return None
    return (fields["state"] == AcceptanceState.ACCEPTED, fields["decided_at"])


@receiver(post_init, sender=Acceptance)
def acceptance_loaded(sender, instance, **kwargs):
    instance._counted = _accepted(instance)


@receiver(post_save, sender=Acceptance)
def acceptance_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before, after = getattr(instance, "_counted", None), _accepted(instance)
    if kwargs.get("created"):
        before = (False, None)
    if before is None or after is None or (before != after and _before_today(before[1], after[1])):
        _touch_plans(projects=instance.project_id)
    else:
        _touch_from_now(projects=instance.project_id)
    instance._counted = after


@receiver(post_save, sender=TrajectoryPoint)
@receiver(post_delete, sender=TrajectoryPoint)
def trajectory_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _touch_plans(projects__indicators=instance.indicator_id)
