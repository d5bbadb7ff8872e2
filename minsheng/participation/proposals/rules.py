"""The rules of what a citizen sends in a proposal, as plain functions: the receipt code, the phone number, the texts and the category. The submission and the office's moderation are in workflow.py."""

import re
import secrets

from minsheng.core.errors import DomainError

# ── receipt ───────────────────────────────────────────────────────────────────────────────────────
# 32 symbols without 0/O and 1/I (easily confused when read out or copied by hand): 10 of them give
# 32**10 ≈ 1.1e15 codes, which is why receipt look-ups need no throttle (see proposal_views.track).
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


RECEIPT_LENGTH = 10


_RECEIPT = re.compile(f"^[{ALPHABET}]{{{RECEIPT_LENGTH}}}$")


def new_receipt() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(RECEIPT_LENGTH))


def normalise_receipt(text: str) -> str:
    """What a person typed, as a receipt: upper case, without spaces or dashes; "" if it cannot be one."""
    code = re.sub(r"[\s\-－—]", "", text or "").upper()
    return code if _RECEIPT.match(code) else ""


# ── what a citizen sends ───────────────────────────────────────────────────────────────────────────
CATEGORIES = [
    "教育",
    "医疗卫生",
    "养老服务",
    "就业创业",
    "住房保障",
    "交通出行",
    "城市建设",
    "生态环境",
    "文化体育",
    "社会保障",
    "其他",
]


TITLE_MIN, TITLE_MAX = 4, 100


CONTENT_MIN, CONTENT_MAX = 10, 2000


BENEFICIARIES_MAX = 200


PHONE_HELP = "仅用于回访，不会公开"


_MOBILE = re.compile(r"^1[3-9]\d{9}$")


_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


class InvalidInput(DomainError, ValueError):
    """A Chinese message for the person who typed the value."""

    default_message = "填写的内容不符合要求。"


def clean_phone(text: str) -> str:
    """A mainland mobile (13812345678, +86 allowed) or landline (0537-1234567, extension allowed)
    number, without spaces; "" stays "". Raises InvalidInput otherwise."""
    phone = re.sub(r"[\s()（）]", "", text or "").replace("－", "-").replace("—", "-")
    if not phone:
        return ""
    phone = re.sub(r"^(\+?86)-?(?=1|0)", "", phone)
    if _MOBILE.match(phone.replace("-", "")) and not phone.startswith("0"):
        return phone.replace("-", "")
    if _LANDLINE.match(phone):
        return phone
    raise InvalidInput("电话号码格式不对：请填写11位手机号码，或带区号的固定电话（如 0537-1234567）。")


def clean_text(value, label: str, least: int, most: int, required: bool = True) -> str:
    text = re.sub(r"[ \t\u3000]+", " ", str(value or "")).strip()
    if not text:
        if required:
            raise InvalidInput(f"请填写{label}。")
        return ""
    if len(text) < least:
        raise InvalidInput(f"{label}太短，请至少写 {least} 个字。")
    if len(text) > most:
        raise InvalidInput(f"{label}太长，最多 {most} 个字（现有 {len(text)} 个）。")
    return text


def clean_category(value) -> str:
    category = str(value or "").strip()
    if category not in CATEGORIES:
        raise InvalidInput(f"请选择类别（{'、'.join(CATEGORIES)}）。")
    return category
