from django import forms

from minsheng.plans.models import Indicator, Plan, Project


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["title", "issuer", "doc_number", "issued_date", "approved_by", "start_date", "state"]
        widgets = {
            "issued_date": forms.DateInput(attrs={"type": "date"}),
            "start_date": forms.DateInput(attrs={"type": "date"}),
        }


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["seq", "name", "summary", "content", "category", "deadline", "deadline_text", "state"]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}),
            "content": forms.Textarea(attrs={"rows": 5}),
            "summary": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = self.instance.plan.categories.all()


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "text",
            "target_value",
            "target_max",
            "unit",
            "comparator",
            "baseline",
            "due_date",
            "spans_years",
            "kind",
            "weight",
        ]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}
