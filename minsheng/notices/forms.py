from decimal import Decimal, InvalidOperation

from django import forms

from minsheng.notices.readers.safety import MAX_UPLOAD_BYTES
from minsheng.plans.models import Comparator


class UploadForm(forms.Form):
    file = forms.FileField(
        label="通知文件",
        help_text="支持 .docx、.pdf、.xlsx、.txt，不超过 20 MB",
        error_messages={"empty": "文件为空，请选择包含通知内容的文件。"},
    )
    region = forms.ModelChoiceField(label="区划", queryset=None, empty_label=None)

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"文件超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB 上限，请压缩图片或拆分后再导入。"
            )
        return upload


class PlanMetaForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    issuer = forms.CharField(label="发文单位", max_length=100, required=False)
    doc_number = forms.CharField(label="文号", max_length=60, required=False)
    issued_date = forms.DateField(
        label="印发日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    approved_by = forms.CharField(label="审议会议", max_length=100, required=False)


def _names(text: str) -> list[str]:
    from minsheng.notices.extraction.unitnames import split_text

    return split_text(text or "")


class ProjectDraftForm(forms.Form):
    seq = forms.CharField(label="序号", max_length=10)
    name = forms.CharField(label="项目名称", max_length=300)
    content = forms.CharField(
        label="实施内容及工作目标", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    lead_units = forms.CharField(label="牵头单位", help_text="多个单位用顿号分隔", max_length=500)
    co_units = forms.CharField(label="协办单位", required=False, max_length=1000)
    leaders = forms.CharField(label="分管领导", required=False, max_length=200)
    deadline = forms.DateField(
        label="完成期限", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, targets: list[dict] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = targets or []
        self.target_errors: list[str] = []

    @staticmethod
    def initial_for(project: dict) -> dict:
        return {
            **{k: project.get(k) for k in ("seq", "name", "content", "deadline")},
            "lead_units": "、".join(project["lead_units"]),
            "co_units": "、".join(project["co_units"]),
            "leaders": "、".join(project.get("leaders") or []),
        }

    def clean_targets(self, data) -> list[dict]:
        """Target rows t-text-N, t-value-N, t-unit-N, t-cmp-N; an empty row is dropped."""
        rows = []
        for i in range(50):
            text, value = (data.get(f"t-text-{i}") or "").strip(), (data.get(f"t-value-{i}") or "").strip()
            unit, cmp = (data.get(f"t-unit-{i}") or "").strip(), data.get(f"t-cmp-{i}") or "="
            if not text and not value:
                continue
            try:
                number = Decimal(value)
            except InvalidOperation:
                self.target_errors.append(f"第 {i + 1} 个目标的数值“{value}”不是数字。")
                continue
            if number <= 0:
                self.target_errors.append(f"第 {i + 1} 个目标的数值必须为正数。")
            elif cmp not in Comparator.values:
                self.target_errors.append(f"第 {i + 1} 个目标的比较符只能是 ≥、=、≤。")
            else:
                whole = number == number.to_integral()
                rows.append(
                    {
                        "text": text,
                        "value": int(number) if whole else float(number),
                        "unit": unit,
                        "comparator": cmp,
                    }
                )
        return rows

    def apply(self, project: dict, data) -> bool:
        """Validate and write into the draft project; False with errors otherwise."""
        targets = self.clean_targets(data)
        if not self.is_valid() or self.target_errors:
            return False
        c = self.cleaned_data
        lead = _names(c["lead_units"])
        if not lead:
            self.add_error("lead_units", "至少需要一个牵头单位。")
            return False
        project.update(
            seq=c["seq"].strip(),
            name=c["name"].strip(),
            content=c["content"].strip(),
            lead_units=lead,
            co_units=[u for u in _names(c["co_units"]) if u not in lead],
            leaders=_names(c["leaders"]),
            deadline=c["deadline"].isoformat() if c["deadline"] else None,
            targets=targets,
        )
        return True


class RegionForm(forms.Form):
    """The region the plan is imported for, among the office's own."""

    region = forms.ModelChoiceField(
        label="所选地区",
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": "只能改为本单位管辖范围内的地区。"},
    )

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
