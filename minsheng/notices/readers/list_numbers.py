"""How Word shows a list item's number: a counter and a number format (w:numFmt: decimal,
chineseCounting, ideographTraditional, upperRoman, …) give the text Word draws, e.g. 3 in
chineseCounting is 三. The .docx reader rebuilds each numbered paragraph's visible marker with it."""

from __future__ import annotations

MAX_COUNTER = 100_000  # list numbers beyond this are shown as plain digits (letters and numerals grow)
CHINESE_DIGITS = "〇一二三四五六七八九"
CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"


def _chinese_count(n: int, digits: str = CHINESE_DIGITS, units: str = "十百千") -> str:
    if n < 10:
        return digits[n]
    if n < 20 and digits is CHINESE_DIGITS:
        return units[0] + (digits[n % 10] if n % 10 else "")
    parts, zero = [], False
    for power in (3, 2, 1, 0):
        digit = n // 10**power % 10
        if digit:
            if zero and parts:
                parts.append("零")
            parts.append(digits[digit] + (units[power - 1] if power else ""))
            zero = False
        elif parts:
            zero = True
    return "".join(parts)


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out, n = out + letters, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    """A list counter in Word's number format `fmt` (w:numFmt)."""
    if not 0 <= n <= MAX_COUNTER:
        return str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting"):
        return _chinese_count(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return _chinese_count(n, CAPITAL_DIGITS, "拾佰仟")
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join(CHINESE_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return HEAVENLY_STEMS[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "ideographEnclosedCircle" and 1 <= n <= 10:
        return chr(0x3220 + n - 1)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if fmt == "decimalFullWidth":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    return str(n)
