"""The office sets a plan's reporting calendar (due days, grace, locking); without it the defaults apply."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404

from minsheng.plans.edit_views import edit_audited
from minsheng.plans.scoping import changeable_plans
from minsheng.reporting.models import ReportingCalendar

WEEKDAYS = [(0, "周一"), (1, "周二"), (2, "周三"), (3, "周四"), (4, "周五"), (5, "周六"), (6, "周日")]


class CalendarForm(forms.ModelForm):
    weekly_weekday = forms.TypedChoiceField(label="周台账截止日", choices=WEEKDAYS, coerce=int)

    class Meta:
        model = ReportingCalendar
        fields = ["weekly_weekday", "weekly_hour", "monthly_day", "monthly_hour", "grace_days", "lock_days"]
        help_texts = {
            "monthly_day": "每月几日截止（1–28）",
            "grace_days": "截止后几天内报送仍算按时",
            "lock_days": "截止后几天锁定，锁定后须督查室开放补报",
        }

    def clean(self):
        data = super().clean()
        limits = {
            "weekly_hour": (0, 23),
            "monthly_hour": (0, 23),
            "monthly_day": (1, 28),
            "grace_days": (0, 15),
            "lock_days": (0, 60),
        }
        for name, (low, high) in limits.items():
            value = data.get(name)
            if value is not None and not low <= value <= high:
                self.add_error(name, f"请填写 {low} 到 {high} 之间的整数。")
        grace, lock = data.get("grace_days"), data.get("lock_days")
        if grace is not None and lock is not None and lock < grace:
            self.add_error("lock_days", "锁定天数不能少于宽限天数，否则按时报送的窗口会被锁定截断。")
        return data


@login_required
def calendar_edit(request, plan_id: int):
    plan = get_object_or_404(changeable_plans(request.user), pk=plan_id)
    row = ReportingCalendar.objects.filter(plan=plan).first()
    return edit_audited(
        request,
        row or ReportingCalendar(plan=plan),
        CalendarForm,
        "报送日历",
        plan.get_absolute_url(),
        create=row is None,
    )
