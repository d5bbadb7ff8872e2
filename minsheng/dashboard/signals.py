"""Keeps each plan's stamp current: whatever the public board or the dashboards' cached figures show
changes → the plan's `board_changed_at` moves, so nothing cached for that plan is read again.

Reports approved and acceptances decided touch the stamp where they happen (`minsheng.plans.board`);
here, edits of the plan itself, its categories, projects, units, indicators and milestones, units and
regions renamed, other years linked, photos made public or private, and — for the dashboards' status
history and timeliness — reports and their values saved outside the workflow, trajectories, the
reporting calendar and reopened periods. The stamp is written with a
queryset update, which sends no signal (no recursion). Fixture loading (raw) is left alone."""

from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from django.dispatch import receiver

from minsheng.core.clock import now
from minsheng.core.models import Region, Unit
from minsheng.plans.board import touch
from minsheng.plans.models import Category, Indicator, Milestone, Plan, Project, ProjectUnit, TrajectoryPoint
from minsheng.reporting.models import Attachment, PeriodReopening, Report, ReportingCalendar, ReportValue
from minsheng.supervision.models import Acceptance


def _touch_plans(**lookup) -> None:
    Plan.objects.filter(**lookup).update(board_changed_at=now())


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
@receiver(post_save, sender=Report)
@receiver(post_delete, sender=Report)
@receiver(post_save, sender=Acceptance)
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


@receiver(post_save, sender=ReportValue)
def report_value_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _touch_plans(projects__reports=instance.report_id)


@receiver(post_save, sender=TrajectoryPoint)
@receiver(post_delete, sender=TrajectoryPoint)
def trajectory_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _touch_plans(projects__indicators=instance.indicator_id)
