import hashlib
import urllib.parse

from django import forms
from django.contrib import admin, messages

from minsheng.core.admin_audit import AuditedAdmin
from minsheng.core.audit import diff, log_action, snapshot
from minsheng.notifications import robots
from minsheng.notifications.models import DeliveryState, Notification, RobotKind, RobotWebhook


def fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:8]


def masked_url(url: str) -> str:
    """The webhook address without its token: scheme, host and path, plus a fingerprint."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}?…（指纹 {fingerprint(url)}）" if url else ""


def masked_snapshot(robot: RobotWebhook) -> dict:
    """What the audit trail keeps of a robot: the token in its URL and the secret stay out of it."""
    values = snapshot(robot)
    url_label, secret_label = (str(RobotWebhook._meta.get_field(f).verbose_name) for f in ("url", "secret"))
    values[url_label] = masked_url(robot.url)
    values[secret_label] = f"已设置（指纹 {fingerprint(robot.secret)}）" if robot.secret else ""
    return values


class RobotWebhookForm(forms.ModelForm):
    class Meta:
        model = RobotWebhook
        fields = ["name", "kind", "url", "secret", "unit", "region", "is_active"]
        widgets = {
            "url": forms.URLInput(attrs={"size": 80}),
            "secret": forms.PasswordInput(render_value=True),
        }


@admin.register(RobotWebhook)
class RobotWebhookAdmin(AuditedAdmin):
    form = RobotWebhookForm
    list_display = ["name", "kind", "unit", "region", "is_active", "address"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "unit__name", "region__name"]
    autocomplete_fields = ["unit", "region"]
    list_select_related = ["unit", "region"]
    actions = ["send_test"]

    @admin.display(description="地址")
    def address(self, robot):
        return masked_url(robot.url)

    def save_model(self, request, obj, form, change):
        before = masked_snapshot(RobotWebhook.objects.get(pk=obj.pk)) if change and obj.pk else {}
        admin.ModelAdmin.save_model(self, request, obj, form, change)
        changes = diff(before, masked_snapshot(obj))
        if changes or not change:
            log_action(obj, "update" if change else "create", request.user, changes, via="admin")

    def delete_model(self, request, obj):
        log_action(obj, "delete", request.user, diff(masked_snapshot(obj), {}), via="admin")
        admin.ModelAdmin.delete_model(self, request, obj)

    @admin.action(description="发送测试消息")
    def send_test(self, request, queryset):
        for robot in queryset:
            try:
                robots.post_text(
                    robot.url,
                    f"【测试】民生实事督办平台：{robot.name}配置成功。",
                    secret=robot.secret if robot.kind == RobotKind.DINGTALK else "",
                    limit=robots.LIMITS.get(robot.kind),
                )
            except robots.RobotError as e:
                self.message_user(request, f"{robot.name}：{e}", messages.ERROR)
            else:
                self.message_user(request, f"{robot.name}：测试消息已发送。", messages.SUCCESS)


@admin.register(Notification)
class NotificationAdmin(AuditedAdmin):
    """The record of every reminder sent: read-only, but a failed one can be queued again."""

    list_display = [
        "created",
        "stage",
        "channel",
        "recipient",
        "address",
        "title",
        "state",
        "attempts",
        "sent_at",
    ]
    list_filter = ["channel", "state", "stage"]
    search_fields = ["title", "key", "address", "recipient__username"]
    list_select_related = ["recipient"]
    date_hierarchy = "created"
    actions = ["send_again"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="重新发送（失败的邮件与群机器人消息）")
    def send_again(self, request, queryset):
        rows = list(queryset.filter(state=DeliveryState.FAILED).exclude(channel="app"))
        for row in rows:
            log_action(row, "update", request.user, {"发送状态": ["发送失败", "待发送"]}, via="admin")
        Notification.objects.filter(pk__in=[r.pk for r in rows]).update(
            state=DeliveryState.PENDING, attempts=0
        )
        self.message_user(request, f"已重新排队 {len(rows)} 条，下次定时任务时发送。")
