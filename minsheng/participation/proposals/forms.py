"""The public proposal form, also used by the API to check a JSON submission, so both refuse the same
things with the same Chinese messages; and the office's moderation form."""

import re

from django import forms

from minsheng.core.models import Region
from minsheng.participation import public_forms
from minsheng.participation.proposals import rules, workflow


def proposal_regions():
    """Where a proposal can be addressed: the city and its counties, districts and zones."""
    return Region.objects.filter(kind__in=workflow.PROPOSAL_REGION_KINDS).order_by("path")


def region_choices(regions) -> list[tuple[str, str]]:
    regions = list(regions)
    top = min((r.path.count("/") for r in regions), default=0)
    return [("", "请选择区划")] + [(str(r.pk), "　" * (r.path.count("/") - top) + r.name) for r in regions]


def _checked(check, *args):
    try:
        return check(*args)
    except public_forms.InvalidInput as e:
        raise forms.ValidationError(str(e)) from None


class ProposalForm(forms.Form):
    title = forms.CharField(
        label="标题",
        required=False,
        widget=forms.TextInput(attrs={"maxlength": rules.TITLE_MAX, "required": True}),
    )
    content = forms.CharField(
        label="建议内容",
        required=False,
        help_text="写清楚要解决什么问题、在哪里、怎么做。",
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": rules.CONTENT_MAX, "required": True}),
    )
    region = forms.ChoiceField(
        label="区划", required=False, error_messages={"invalid_choice": "请选择建议所属的区划。"}
    )
    category = forms.ChoiceField(
        label="类别",
        required=False,
        choices=[("", "请选择类别")] + [(c, c) for c in rules.CATEGORIES],
        error_messages={"invalid_choice": f"请选择类别（{'、'.join(rules.CATEGORIES)}）。"},
    )
    beneficiaries = forms.CharField(
        label="受益群体",
        required=False,
        help_text="如：辖区80岁以上老人、沿线居民。",
        widget=forms.TextInput(attrs={"maxlength": rules.BENEFICIARIES_MAX}),
    )
    phone = forms.CharField(
        label="联系电话（选填）",
        required=False,
        help_text=public_forms.PHONE_HELP,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "maxlength": 20}),
    )

    def __init__(self, *args, year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = {str(r.pk): r for r in proposal_regions()}
        self.fields["region"].choices = region_choices(self.regions.values())
        self.year = year
        for name in ("region", "category"):  # required, though checked here for Chinese messages
            self.fields[name].widget.attrs["required"] = True

    def clean_title(self):
        return _checked(
            public_forms.clean_text, self.cleaned_data["title"], "标题", rules.TITLE_MIN, rules.TITLE_MAX
        )

    def clean_content(self):
        text = self.cleaned_data["content"]
        return _checked(public_forms.clean_text, text, "建议内容", rules.CONTENT_MIN, rules.CONTENT_MAX)

    def clean_region(self):
        region = self.regions.get(str(self.cleaned_data["region"] or ""))
        if region is None:
            raise forms.ValidationError("请选择建议所属的区划。")
        return region

    def clean_category(self):
        return _checked(rules.clean_category, self.cleaned_data["category"])

    def clean_beneficiaries(self):
        text = self.cleaned_data["beneficiaries"]
        return _checked(public_forms.clean_text, text, "受益群体", 1, rules.BENEFICIARIES_MAX, False)

    def clean_phone(self):
        return _checked(public_forms.clean_phone, self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        try:
            data["year"] = workflow.clean_year(self.year)
        except public_forms.InvalidInput as e:
            self.add_error(None, str(e))
        return data

    def submission(self) -> dict:
        """The checked values, as `proposals.submit` takes them."""
        keys = ("region", "year", "category", "title", "content", "beneficiaries", "phone")
        return {k: self.cleaned_data[k] for k in keys}

    def messages(self) -> list[str]:
        return [m for errors in self.errors.values() for m in errors]


class ModerationForm(forms.Form):
    """One office step on a proposal: the action, the reply, and for a merge the target's number."""

    action = forms.ChoiceField(choices=[(s.action, s.label) for s in workflow.STEPS])
    reply = forms.CharField(label="答复意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    into = forms.CharField(label="合并到（建议编号）", required=False, max_length=30)

    def clean_into(self) -> int | None:
        """The target's number: 1–9 ASCII digits (not "²" nor a number too large for the database)."""
        text = self.cleaned_data["into"].strip()
        if not text:
            return None
        if not re.fullmatch(r"[0-9]{1,9}", text) or int(text) < 1:
            raise forms.ValidationError("合并目标须填写建议编号（1–9 位数字）。")
        return int(text)
