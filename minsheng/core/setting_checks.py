"""System checks of the product's settings: a wrong value here would not fail loudly, it would quietly
colour every project red, throttle every citizen, or drop an escalation rule. `minsheng check` (and
every management command that runs the checks: migrate, runserver) reports each as an error
minsheng.E002–E012 with a Chinese message and hint.

The expected shapes are written here, not imported, because core imports from no other app; the
names and defaults they mirror are supervision.status.rules.Thresholds (status thresholds),
supervision.orders.escalation.Ladder (escalation), notifications.reminders (reminder lead days) and
participation.scoring.rules (criteria weights adding up to 100).
"""

import zoneinfo
from numbers import Real

from django.conf import settings
from django.core.checks import Error, register

from minsheng.core.dates import OutOfRange, parse_day

THRESHOLD_KEYS = ("yellow", "orange", "red", "forecast_tolerance_days")
DEFAULT_THRESHOLDS = {"yellow": 5, "orange": 15, "red": 30}  # supervision.status.rules.Thresholds
LADDER_KEYS = ("respond_days", "warning_days", "serious_days", "year_end_window_days")
LEAD_KEYS = ("week", "month")
CRITERIA_TOTAL = 100
TIME_ZONE = "Asia/Shanghai"  # the report calendar's due moments and locks are Shanghai time


def _number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def _whole(value, low: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= low


def _error(message: str, hint: str, number: int) -> Error:
    return Error(message, hint=hint, id=f"minsheng.E{number:03d}")


def _keys(value, allowed: tuple[str, ...], name: str, number: int, required: bool) -> list[Error]:
    if not isinstance(value, dict):
        return [_error(f"{name} 应为字典。", f"可用的键：{'、'.join(allowed)}。", number)]
    unknown = sorted(set(value) - set(allowed))
    missing = [k for k in allowed if k not in value] if required else []
    if unknown or missing:
        what = "；".join(
            ([f"未知的键 {'、'.join(map(str, unknown))}"] if unknown else [])
            + ([f"缺少 {'、'.join(missing)}"] if missing else [])
        )
        return [
            _error(
                f"{name} 的键不对（{what}），其设置不会生效。", f"可用的键：{'、'.join(allowed)}。", number
            )
        ]
    return []


def check_status_thresholds() -> list[Error]:
    """E002: the points behind schedule that turn a project yellow, orange and red, in that order."""
    given = getattr(settings, "MINSHENG_STATUS_THRESHOLDS", {})
    hint = (
        "五色状态阈值为落后序时进度的百分点数，应满足 0 < 黄 < 橙 < 红 ≤ 100，预测容差为不小于 0 的整天数。"
    )
    errors = _keys(given, THRESHOLD_KEYS, "MINSHENG_STATUS_THRESHOLDS", 2, required=False)
    if errors:
        return errors
    limits = [given[k] for k in ("yellow", "orange", "red") if k in given]
    if not all(_number(v) for v in limits):
        return [_error("MINSHENG_STATUS_THRESHOLDS 的黄、橙、红阈值应为数字。", hint, 2)]
    shown = {k: given.get(k, default) for k, default in DEFAULT_THRESHOLDS.items()}
    if not 0 < shown["yellow"] < shown["orange"] < shown["red"] <= 100:
        values = "、".join(f"{k}={v:g}" for k, v in shown.items())
        return [_error(f"MINSHENG_STATUS_THRESHOLDS 的阈值顺序不对（{values}）。", hint, 2)]
    if not _whole(given.get("forecast_tolerance_days", 0), 0):
        return [
            _error("MINSHENG_STATUS_THRESHOLDS 的 forecast_tolerance_days 应为不小于 0 的整数。", hint, 2)
        ]
    return []


def check_proposal_criteria() -> list[Error]:
    """E003: the office's scoring criteria: named, positive whole weights adding up to 100."""
    given = getattr(settings, "MINSHENG_PROPOSAL_CRITERIA", {})
    hint = "格式为“名称:权重,名称:权重”，如“群众需求:30,必要性:25,可行性:20,财力可承受:15,可量化:10”。"
    if not isinstance(given, dict) or not given:
        return [_error("MINSHENG_PROPOSAL_CRITERIA 没有评分标准。", hint, 3)]
    if any(not isinstance(k, str) or not k.strip() for k in given):
        return [_error("MINSHENG_PROPOSAL_CRITERIA 有未命名的评分标准。", hint, 3)]
    bad = [k for k, w in given.items() if not _whole(w, 1)]
    if bad:
        return [_error(f"评分标准“{'、'.join(bad)}”的权重应为正整数。", hint, 3)]
    total = sum(given.values())
    if total != CRITERIA_TOTAL:
        return [_error(f"MINSHENG_PROPOSAL_CRITERIA 的权重合计为 {total}，应为 {CRITERIA_TOTAL}。", hint, 3)]
    return []


def check_reminder_lead_days() -> list[Error]:
    """E004: days before a weekly and a monthly report is due when the reminder goes out."""
    given = getattr(settings, "MINSHENG_REMINDER_LEAD_DAYS", {})
    hint = "周报提前天数 0–6、月报提前天数 0–27（环境变量 MINSHENG_REMIND_WEEKLY_DAYS、MINSHENG_REMIND_MONTHLY_DAYS）。"
    errors = _keys(given, LEAD_KEYS, "MINSHENG_REMINDER_LEAD_DAYS", 4, required=True)
    if errors:
        return errors
    if not (
        _whole(given["week"], 0) and given["week"] < 7 and _whole(given["month"], 0) and given["month"] < 28
    ):
        return [_error(f"MINSHENG_REMINDER_LEAD_DAYS 的天数不对（{given}）。", hint, 4)]
    return []


def check_escalation() -> list[Error]:
    """E005: the escalation ladder's day counts; a misspelt name would be ignored without a word."""
    given = getattr(settings, "MINSHENG_ESCALATION", {}) or {}
    hint = (
        "respond_days、warning_days、serious_days（提示、警示、严重督办单的答复天数）"
        "和 year_end_window_days（年末规则延续天数）均为正整数。"
    )
    errors = _keys(given, LADDER_KEYS, "MINSHENG_ESCALATION", 5, required=False)
    if errors:
        return errors
    bad = [k for k, v in given.items() if not _whole(v, 1)]
    if bad:
        return [_error(f"MINSHENG_ESCALATION 的 {'、'.join(bad)} 应为正整数（天数）。", hint, 5)]
    return []


def check_throttles() -> list[Error]:
    """E006: how many proposals and survey answers one client may send per hour (0 would refuse all)."""
    errors = []
    for name in ("MINSHENG_PROPOSALS_PER_HOUR", "MINSHENG_SURVEYS_PER_HOUR"):
        if not _whole(getattr(settings, name, 1), 1):
            hint = f"设为每个客户端每小时允许的次数（正整数），如环境变量 {name}=5。"
            errors.append(_error(f"{name} 应为正整数，否则所有群众的提交都会被拒绝。", hint, 6))
    return errors


def check_robot_timeout() -> list[Error]:
    """E007: how long the group robots may take to answer, in seconds."""
    value = getattr(settings, "MINSHENG_ROBOT_TIMEOUT", 5)
    if _number(value) and 0 < value <= 60:
        return []
    return [_error(f"MINSHENG_ROBOT_TIMEOUT 应为 0 到 60 之间的秒数（现为 {value!r}）。", "如 5。", 7)]


def check_demo_clock() -> list[Error]:
    """E008: the demo clock's day, empty for the real date."""
    value = getattr(settings, "MINSHENG_TODAY", "")
    if not value:
        return []
    try:
        parse_day(value)
    except OutOfRange as e:
        return [
            _error(f"MINSHENG_TODAY 不对：{e}", "留空使用当前日期，或写成 YYYY-MM-DD（如 2024-07-15）。", 8)
        ]
    return []


def check_site_url() -> list[Error]:
    """E009: the site's address for links in emails and robot messages."""
    value = getattr(settings, "MINSHENG_SITE_URL", "")
    if isinstance(value, str) and value.startswith(("http://", "https://")) and not value.endswith("/"):
        return []
    hint = "写成用户访问本站的地址，如 https://minsheng.example.gov.cn（不带结尾的斜杠）。"
    return [_error(f"MINSHENG_SITE_URL“{value}”不是网址，邮件和群消息中的链接将无法打开。", hint, 9)]


def check_time_zone() -> list[Error]:
    """E010: the platform's days are Shanghai days (report deadlines, locks, the demo clock)."""
    if settings.USE_TZ and settings.TIME_ZONE == TIME_ZONE:
        return []
    known = settings.TIME_ZONE in zoneinfo.available_timezones()
    what = f"TIME_ZONE 为“{settings.TIME_ZONE}”" + ("" if known else "（不是有效的时区）")
    message = f"{what}、USE_TZ 为 {settings.USE_TZ}：报送截止、锁定和日期都按北京时间计算。"
    return [_error(message, f"设置 TIME_ZONE = '{TIME_ZONE}'、USE_TZ = True。", 10)]


def check_upload_sizes() -> list[Error]:
    """E011: request bodies and uploads kept in memory, in bytes."""
    errors = []
    for name in ("DATA_UPLOAD_MAX_MEMORY_SIZE", "FILE_UPLOAD_MAX_MEMORY_SIZE"):
        value = getattr(settings, name)
        if not _whole(value, 1024 * 1024):
            hint = "至少 1 MB（1048576 字节），如 10 * 1024 * 1024。"
            errors.append(_error(f"{name} 应为不小于 1 MB 的字节数（现为 {value!r}）。", hint, 11))
    return errors


def check_proxy_header() -> list[Error]:
    """E012: the header a reverse proxy writes the client's address in, named as sent (X-Forwarded-For);
    a name in Django's META form (HTTP_X_FORWARDED_FOR) is never found, so every client would share
    the proxy's address and one throttle."""
    header = getattr(settings, "MINSHENG_CLIENT_IP_HEADER", "")
    name = header.replace("-", "").replace("_", "")
    if not header or (
        name.isascii() and name.isalnum() and not header.upper().startswith(("HTTP_", "HTTP-"))
    ):
        return []
    hint = "写请求头的原名，如 X-Forwarded-For 或 X-Real-IP，不要写 HTTP_X_FORWARDED_FOR。"
    return [_error(f"MINSHENG_CLIENT_IP_HEADER“{header}”不是请求头的名称。", hint, 12)]


CHECKS = (
    check_status_thresholds,
    check_proposal_criteria,
    check_reminder_lead_days,
    check_escalation,
    check_throttles,
    check_robot_timeout,
    check_demo_clock,
    check_site_url,
    check_time_zone,
    check_upload_sizes,
    check_proxy_header,
)


@register("minsheng")
def check_product_settings(app_configs, **kwargs) -> list[Error]:
    return [error for check in CHECKS for error in check()]
