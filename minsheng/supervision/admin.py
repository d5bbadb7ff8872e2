from django.contrib import admin

from minsheng.core.admin_audit import AuditedAdmin

from .models import Problem


@admin.register(Problem)
class ProblemAdmin(AuditedAdmin):
    list_display = ["description", "project", "source", "responsible_unit", "state", "deadline", "is_demo"]
    list_filter = ["state", "source", "is_demo"]
    search_fields = ["description", "project__name"]
    list_select_related = ["project", "responsible_unit"]
    raw_id_fields = ["project", "report", "responsible_unit"]
