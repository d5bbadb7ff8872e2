"""Validation of reported values, with the rules as data (in the manner of DHIS2's validation rules).

Each rule has a code, a severity — "error" refuses the value, "confirm" asks the reporter to confirm,
"explain" requires a comment (or the report's 未达序时原因) — and a message. `check(value, context)`
applies them in order and returns the findings; plain functions, no database."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

ERROR, CONFIRM, EXPLAIN = "error", "confirm", "explain"
# A value column holds 16 digits, 4 after the point; SQLite keeps it as a binary float, exact to
# 15 digits: 11 digits before the point is what every database stores exactly.
VALUE_DIGITS = 11


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    message: str
    ratio: Decimal = Decimal(0)  # the rule's parameter, where it has one


RULES = [
    Rule("not_a_number", ERROR, "“{raw}”不是数字，请填写累计完成数。"),
    Rule("negative", ERROR, "累计完成数不能为负数（填写了 {value}）。"),
    Rule("too_large", ERROR, "累计完成数“{raw}”过大：最多 {digits} 位整数。"),
    Rule("missing", EXPLAIN, "未填写数值，请在说明中写明原因。"),
    Rule("falls", EXPLAIN, "累计值 {value} 低于上次审核通过的 {previous}，请说明原因。"),
    Rule("far_above_target", CONFIRM, "累计值 {value} 超过目标 {target} 的 150%，请确认。", Decimal("1.5")),
    Rule("far_above_pace", CONFIRM, "累计值 {value} 远高于序时进度 {expected}，请确认。", Decimal("2")),
    Rule("behind_pace", EXPLAIN, "进度落后序时进度超过 5 个百分点，请填写未达序时原因。", Decimal("0.05")),
]


@dataclass(frozen=True)
class Context:
    target: Decimal
    baseline: Decimal = Decimal(0)
    previous: Decimal | None = None  # the last approved cumulative value
    expected: Decimal | None = None  # the expected cumulative value at the period's end


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str


def parse_value(raw) -> tuple[Decimal | None, bool]:
    """(value, understood). Empty gives (None, True)."""
    if raw is None or str(raw).strip() == "":
        return None, True
    try:
        value = Decimal(str(raw).strip().replace(",", ""))
    except InvalidOperation:
        return None, False
    return (value, True) if value.is_finite() else (None, False)


def _fmt(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def check(raw, context: Context, rules: list[Rule] = RULES) -> list[Finding]:
    value, understood = parse_value(raw)
    span = context.target - context.baseline
    facts = {
        "not_a_number": not understood,
        "negative": value is not None and value < 0,
        "too_large": value is not None and abs(value) >= Decimal(10) ** VALUE_DIGITS,
        "missing": understood and value is None,
    }
    if value is not None and value >= 0 and not facts["too_large"]:
        facts["falls"] = context.previous is not None and value < context.previous
        for rule in rules:
            if rule.code == "far_above_target":
                facts[rule.code] = context.target > 0 and value > context.target * rule.ratio
            elif rule.code == "far_above_pace":
                expected = context.expected
                facts[rule.code] = bool(
                    expected and expected > 0 and value > expected * rule.ratio and value > span
                )
            elif rule.code == "behind_pace":
                expected = context.expected
                facts[rule.code] = bool(
                    expected is not None and span > 0 and (expected - value) / span > rule.ratio
                )
    words = {
        "raw": str(raw)[:20],
        "digits": VALUE_DIGITS,
        "value": _fmt(value)[:20],
        "previous": _fmt(context.previous),
        "target": _fmt(context.target),
        "expected": _fmt(context.expected.quantize(Decimal(1)) if context.expected is not None else None),
    }
    found = []
    for rule in rules:
        if facts.get(rule.code):
            found.append(Finding(rule.code, rule.severity, rule.message.format(**words)))
            if rule.severity == ERROR:
                break
    return found
