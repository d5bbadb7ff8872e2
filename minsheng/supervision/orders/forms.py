"""The forms of the 督办单 pages: an urge or an order to a lead unit, the office's confirmation of a proposal, and the texts of answers and send-backs."""

from django import forms

from minsheng.core.models import Unit
from minsheng.plans.models import UnitRole
from minsheng.supervision.orders import grades
from minsheng.supervision.orders.tick import ladder

TEXT = {"rows": 3}


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class Form(forms.Form):
    """No colon after labels; ids prefixed per form, as several forms share a page."""

    prefix_id = "f"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("auto_id", f"{self.prefix_id}_%s")
        super().__init__(*args, **kwargs)


class UnitForm(Form):
    unit = UnitChoice(label="催办单位", queryset=None, empty_label=None)

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(
            project_roles__project=project, project_roles__role=UnitRole.LEAD
        ).order_by("project_roles__order", "pk")
        self.fields["unit"].queryset = units
        self.fields["unit"].initial = units.values_list("pk", flat=True).first()
        self.fields["unit"].error_messages["invalid_choice"] = "请选择该项目的牵头单位。"


class UrgeForm(UnitForm):
    prefix_id = "urge"
    reasons = forms.CharField(label="催办事由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class OrderForm(UnitForm):
    prefix_id = "order"
    grade = forms.ChoiceField(label="等级", choices=grades.CHOICES)
    reasons = forms.CharField(label="督办事由", widget=forms.Textarea(attrs=TEXT))
    measures = forms.CharField(label="整改要求", required=False, widget=forms.Textarea(attrs=TEXT))
    respond_by = forms.DateField(
        label="回复时限",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, has_instruction=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].label = "责任单位"
        days = ladder().days_by_grade
        self.fields["grade"].initial = grades.starting_grade(has_instruction)
        self.fields["grade"].error_messages["invalid_choice"] = "请选择督办单等级：提示、警示或严重。"
        self.fields["respond_by"].help_text = "留空按等级：" + "、".join(
            f"{g.label} {days[g.key]} 天" for g in grades.GRADES.values()
        )


class ConfirmForm(Form):
    prefix_id = "confirm"

    reasons = forms.CharField(label="督办事由", widget=forms.Textarea(attrs=TEXT))
    measures = forms.CharField(label="整改要求", required=False, widget=forms.Textarea(attrs=TEXT))
    respond_by = forms.DateField(
        label="回复时限", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class TextForm(Form):
    text = forms.CharField(widget=forms.Textarea(attrs=TEXT))

    def __init__(self, *args, label="内容", key="text", **kwargs):
        super().__init__(*args, auto_id=f"{key}_%s", **kwargs)
        self.fields["text"].label = label
        self.fields["text"].error_messages["required"] = f"请填写{label}。"
