from django.contrib import admin

from minsheng.core.admin_audit import AuditedAdmin
from minsheng.supervision.models import Acceptance, Problem, YearEndReview


@admin.register(Problem)
class ProblemAdmin(AuditedAdmin):
    list_display = ["description", "project", "source", "responsible_unit", "state", "deadline", "is_demo"]
    list_filter = ["state", "source", "is_demo"]
    search_fields = ["description", "project__name"]
    list_select_related = ["project", "responsible_unit"]
    raw_id_fields = ["project", "report", "responsible_unit"]


@admin.register(Acceptance)
class AcceptanceAdmin(AuditedAdmin):
    """For corrections only: the office decides on the acceptance pages, which also set the project's
    state; a change here does not."""

    list_display = ["project", "state", "applied_at", "decided_at", "decided_by"]
    list_filter = ["state"]
    search_fields = ["project__name", "evidence", "decision"]
    list_select_related = ["project", "decided_by"]
    raw_id_fields = ["project", "report", "applied_by", "decided_by"]
    date_hierarchy = "applied_at"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["applied_by"].required = False  # the applicant's account may be gone
        return form


@admin.register(YearEndReview)
class YearEndReviewAdmin(AuditedAdmin):
    list_display = ["project", "new_date", "written_by", "written_at"]
    search_fields = ["project__name", "explanation", "recovery_plan"]
    list_select_related = ["project", "written_by"]
    raw_id_fields = ["project", "written_by"]
