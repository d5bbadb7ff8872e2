"""What changed between two saved versions of a report, in words a reviewer reads: each changed
field or indicator value with its old and new content. Plain functions over the version snapshots."""

from dataclasses import dataclass

from minsheng.reporting.models import ReportState

FIELDS = [
    ("state", "状态"),
    ("narrative", "进展情况"),
    ("problems", "存在问题"),
    ("next_steps", "下步打算"),
    ("lag_reason", "未达序时原因"),
    ("funds_arranged", "已安排资金（万元）"),
    ("funds_paid", "已支付资金（万元）"),
    ("attachments", "附件"),
]


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def _text(field: str, value) -> str:
    if value in (None, "", []):
        return ""
    if field == "state":
        return str(ReportState(value).label) if value in ReportState.values else value
    if isinstance(value, list):
        return "；".join(str(v) for v in value)
    return number_text(value) if field.startswith("funds") else str(value)


def number_text(value) -> str:
    text = str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def changes(
    before: dict | None,
    after: dict,
    indicator_names: dict[str, str],
    milestone_names: dict[str, str] | None = None,
) -> list[Change]:
    """The changes from `before` (None for the first version) to `after`."""
    before = before or {}
    milestone_names = milestone_names or {}
    found = []
    for field, label in FIELDS:
        old, new = _text(field, before.get(field)), _text(field, after.get(field))
        if old != new:
            found.append(Change(label, old, new))
    old_values, new_values = before.get("values") or {}, after.get("values") or {}
    for key in sorted(set(old_values) | set(new_values), key=lambda k: (len(k), k)):
        old_value, old_comment = (old_values.get(key) or [None, ""])[:2]
        new_value, new_comment = (new_values.get(key) or [None, ""])[:2]
        name = indicator_names.get(key, f"指标 {key}")
        old_number = number_text(old_value) if old_value is not None else ""
        new_number = number_text(new_value) if new_value is not None else ""
        if old_number != new_number:
            found.append(Change(name, old_number, new_number))
        if (old_comment or "") != (new_comment or ""):
            found.append(Change(f"{name}（说明）", old_comment or "", new_comment or ""))
    old_done, new_done = before.get("milestones") or {}, after.get("milestones") or {}
    for key in sorted(set(old_done) | set(new_done), key=lambda k: (len(k), k)):
        if old_done.get(key) != new_done.get(key):
            name = milestone_names.get(key, f"里程碑 {key}")
            found.append(Change(f"{name}（完成日期）", old_done.get(key) or "", new_done.get(key) or ""))
    return found


def history(
    versions, indicator_names: dict[str, str], milestone_names=None
) -> list[tuple[object, list[Change]]]:
    """Each version (oldest first) with its changes from the one before."""
    out, previous = [], None
    for version in versions:
        out.append((version, changes(previous, version.content, indicator_names, milestone_names)))
        previous = version.content
    return out
