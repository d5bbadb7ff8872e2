from django.contrib import admin

from minsheng.core.admin_audit import AuditedAdmin
from minsheng.core.models import (
    VIA_LABELS,
    ApiToken,
    AuditEvent,
    Membership,
    Person,
    Region,
    Unit,
    UnitAlias,
    action_label,
)


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ["name", "code", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 1


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["name", "region", "kind"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "aliases__name"]
    inlines = [UnitAliasInline]
    list_select_related = ["region"]


@admin.register(UnitAlias)
class UnitAliasAdmin(AuditedAdmin):
    list_display = ["name", "unit"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit"]


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["name", "title", "region", "user"]
    search_fields = ["name"]
    list_select_related = ["region", "user"]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "role", "region", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name", "region__name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["user", "region", "unit"]


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    list_display = ["user", "created_at", "last_used_at"]
    readonly_fields = ["created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False  # tokens are made with `minsheng token USERNAME`, which shows the secret once


class ActionFilter(admin.SimpleListFilter):
    """The audit list's filter on the action, in the Chinese of core.models.ACTION_LABELS: one choice
    per action word recorded, named by every label it has on the records it was written on (受理／验收通过
    for "accept"); an action written before it had a label shows its raw word."""

    title = "操作"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        labels: dict[str, set[str]] = {}
        for action, model in AuditEvent.objects.order_by().values_list("action", "model").distinct():
            labels.setdefault(action, set()).add(action_label(action, model))
        return sorted((a, "／".join(sorted(words))) for a, words in labels.items())

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


class ViaFilter(admin.SimpleListFilter):
    """The filter on the channel, in the Chinese of core.models.VIA_LABELS."""

    title = "途径"
    parameter_name = "via"

    def lookups(self, request, model_admin):
        vias = AuditEvent.objects.order_by().values_list("via", flat=True).distinct()
        return sorted((v, VIA_LABELS.get(v, v)) for v in vias)

    def queryset(self, request, queryset):
        return queryset.filter(via=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "action_shown", "via_shown", "model", "object_repr"]
    list_filter = [ActionFilter, ViaFilter, "model"]
    search_fields = ["object_repr", "actor_name"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    @admin.display(description="操作", ordering="action")
    def action_shown(self, event: AuditEvent) -> str:
        return event.action_label  # the Chinese of core.models.ACTION_LABELS, never the raw word

    @admin.display(description="途径", ordering="via")
    def via_shown(self, event: AuditEvent) -> str:
        return event.via_label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
