"""Reports in the admin are for looking and for calendar settings: reports change only through the
workflow (pages and API), which validates, versions and audits them; approved reports are immutable."""

from django.contrib import admin

from minsheng.core.admin_audit import AuditedAdmin
from minsheng.reporting.models import (
    Attachment,
    Contribution,
    PeriodReopening,
    Report,
    ReportingCalendar,
    ReportValue,
)


@admin.register(ReportingCalendar)
class ReportingCalendarAdmin(AuditedAdmin):
    list_display = ["plan", "weekly_weekday", "weekly_hour", "monthly_day", "grace_days", "lock_days"]
    list_select_related = ["plan"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ValueInline(ReadOnlyInline):
    model = ReportValue
    fields = ["indicator", "value", "comment"]


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["original_name", "kind", "size", "taken_at", "uploaded_by"]


@admin.register(Report)
class ReportAdmin(AuditedAdmin):
    list_display = ["project", "kind", "period", "state", "awaiting", "version", "submitted_at", "is_demo"]
    list_filter = ["kind", "state", "is_demo", "project__plan"]
    search_fields = ["project__name", "period"]
    list_select_related = ["project"]
    inlines = [ValueInline, AttachmentInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Contribution)
class ContributionAdmin(AuditedAdmin):
    list_display = ["project", "unit", "period", "indicator", "value", "taken_over"]
    list_filter = ["kind", "taken_over"]
    list_select_related = ["project", "unit", "indicator"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PeriodReopening)
class PeriodReopeningAdmin(AuditedAdmin):
    list_display = ["plan", "kind", "period", "until", "reason", "created_by"]
    list_select_related = ["plan", "created_by"]
