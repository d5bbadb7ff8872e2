"""The administrator links an existing local account to the identity provider (统一身份认证) here: a row
with an empty subject lets the next sign-in of the same username take the account over (accounts/oidc.py)."""

from django.contrib import admin

from minsheng.accounts.models import SsoIdentity
from minsheng.core.admin_audit import AuditedAdmin


@admin.register(SsoIdentity)
class SsoIdentityAdmin(AuditedAdmin):
    list_display = ["user", "issuer", "subject", "linked_at"]
    search_fields = ["user__username", "subject"]
    readonly_fields = ["linked_at"]
    autocomplete_fields = ["user"]
