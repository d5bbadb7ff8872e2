"""Admin changes are audited like every other change: one event per saved or deleted object."""

from django.contrib import admin

from minsheng.core.audit import diff, log_action, snapshot


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else {}
        super().save_model(request, obj, form, change)
        changes = diff(before, snapshot(obj))
        if changes or not change:
            log_action(obj, "update" if change else "create", request.user, changes, via="admin")

    def delete_model(self, request, obj):
        log_action(obj, "delete", request.user, diff(snapshot(obj), {}), via="admin")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            log_action(obj, "delete", request.user, {}, via="admin")
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        # The forms have already applied the posted values to their instances: read the old ones.
        pks = [f.instance.pk for f in formset.initial_forms if f.instance.pk]
        before = {obj.pk: snapshot(obj) for obj in formset.model.objects.filter(pk__in=pks)}
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            log_action(obj, "delete", request.user, {}, via="admin")
            obj.delete()
        for obj in instances:
            is_new = obj.pk is None
            obj.save()
            changes = diff(before.get(obj.pk, {}), snapshot(obj))
            if changes:
                log_action(obj, "create" if is_new else "update", request.user, changes, via="admin")
        formset.save_m2m()
