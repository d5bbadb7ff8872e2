"""Plain rules of the office's account work: which roles an office may grant, the temporary password
a reset gives, and how a membership reads. No ORM, no clock."""

import secrets
import string

# The roles an office grants within its region, and whether each is scoped by a unit or a region.
GRANTED = {"reporter": "unit", "approver": "unit", "office": "region", "leader": "region", "deputy": "region"}
ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")


def temporary_password(length: int = 12) -> str:
    """A password to hand over once: letters and digits that cannot be misread, with at least one
    digit, one capital and one small letter (Django's validators accept it)."""
    while True:
        word = "".join(secrets.choice(ALPHABET) for _ in range(length))
        if (
            any(c.isdigit() for c in word)
            and any(c.isupper() for c in word)
            and any(c.islower() for c in word)
        ):
            return word


def covers(paths, path: str) -> bool:
    """Whether a region path lies within one of the office's regions."""
    return any(path.startswith(p) for p in paths)


def username_problem(username: str) -> str | None:
    if not username:
        return "请填写用户名。"
    if len(username) > 150:
        return "用户名最多 150 个字符。"
    if not all(c.isalnum() or c in "@.+-_" for c in username):
        return "用户名只能包含字母、数字和 @ . + - _。"
    return None
