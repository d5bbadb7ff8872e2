"""Rules every public form shares (a proposal, a problem report, a follow): the receipt a citizen keeps
instead of an account, the phone number, the free texts, and saving a row under a fresh receipt. Plain
functions except `create_with_receipt`, which writes. The guards against floods are in abuse.py."""

import re
import secrets

from django.db import IntegrityError, transaction

from minsheng.core.errors import DomainError

# ── receipt ───────────────────────────────────────────────────────────────────────────────────────
# 32 symbols without 0/O and 1/I (easily confused when read out or copied by hand): 10 of them give
# 32**10 ≈ 1.1e15 codes, which is why receipt look-ups need no throttle (see proposal_views.track).
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
RECEIPT_LENGTH = 10
_RECEIPT = re.compile(f"^[{ALPHABET}]{{{RECEIPT_LENGTH}}}$")
TRIES = 5  # fresh codes tried when a receipt clashes with one stored


def new_receipt() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(RECEIPT_LENGTH))


def normalise_receipt(text: str) -> str:
    """What a person typed, as a receipt: upper case, without spaces or dashes; "" if it cannot be one."""
    code = re.sub(r"[\s\-－—]", "", text or "").upper()
    return code if _RECEIPT.match(code) else ""


def create_with_receipt(model, then=None, **fields):
    """Create a `model` row (it has a unique `receipt`) under a fresh receipt, and run `then(row)` in the
    same transaction (the audit record, the office's notice). A clash of receipts is retried with a new
    code; any other integrity error is raised at once, and a clash on every try is raised too."""
    for attempt in range(TRIES):
        code = new_receipt()
        try:
            with transaction.atomic():
                row = model.objects.create(receipt=code, **fields)
                if then is not None:
                    then(row)
                return row
        except IntegrityError:
            if attempt == TRIES - 1 or not model.objects.filter(receipt=code).exists():
                raise
    raise AssertionError("unreachable")


# ── what a citizen types ───────────────────────────────────────────────────────────────────────────
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


def is_mobile(phone: str) -> bool:
    """A cleaned number that can receive a text message (a mobile, not a landline)."""
    return bool(_MOBILE.match(phone or ""))


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
