from django.contrib import admin

from minsheng.core.admin_audit import AuditedAdmin
from minsheng.plans.models import Allocation, Category, Indicator, Milestone, Plan, Project, ProjectUnit


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0


@admin.register(Plan)
class PlanAdmin(AuditedAdmin):
    list_display = ["title", "region", "year", "doc_number", "state"]
    list_filter = ["state", "year", "region"]
    search_fields = ["title", "doc_number"]
    inlines = [CategoryInline]
    list_select_related = ["region"]


class ProjectUnitInline(admin.TabularInline):
    model = ProjectUnit
    extra = 0
    autocomplete_fields = ["unit"]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["text", "target_value", "unit", "comparator", "baseline", "due_date", "kind", "weight"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Project)
class ProjectAdmin(AuditedAdmin):
    list_display = ["seq", "name", "plan", "deadline", "state"]
    list_filter = ["state", "plan__year", "plan__region"]
    search_fields = ["name", "content"]
    inlines = [ProjectUnitInline, IndicatorInline, MilestoneInline]
    autocomplete_fields = ["parent", "lineage", "leaders"]
    list_select_related = ["plan__region"]


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = ["name", "plan", "order"]
    search_fields = ["name"]


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["text", "target_value", "unit", "comparator", "project"]
    search_fields = ["text", "project__name"]
    list_select_related = ["project__plan__region"]


@admin.register(Milestone)
class MilestoneAdmin(AuditedAdmin):
    list_display = ["title", "project", "due_date", "done_date"]


@admin.register(Allocation)
class AllocationAdmin(AuditedAdmin):
    list_display = ["indicator", "region", "unit", "value"]
    autocomplete_fields = ["indicator", "child_indicator", "unit"]


@admin.register(ProjectUnit)
class ProjectUnitAdmin(AuditedAdmin):
    list_display = ["project", "unit", "role", "written_as"]
    list_filter = ["role"]
    search_fields = ["unit__name", "written_as", "project__name"]
    autocomplete_fields = ["project", "unit"]
    list_select_related = ["project", "unit"]
