"""Numbers in notice text: Arabic and Chinese numerals, 万/亿, ranges, percentages, measure words and
comparators ("不少于200次" → ≥ 200 次).

`to_number` reads one number; `find_quantities` finds every quantity in a text. Values are Decimal, in
base units (1.6万台 → 16000 台, 500万元 → 5000000 元), never negative.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import cn2an

# Full-width digits and point → ASCII, one character for one, so positions stay the same.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG_UNITS = {"万": 10**4, "亿": 10**8}
_MULTIPLIERS = {**_CN_SMALL_UNITS, **_CN_BIG_UNITS}

_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_ARABIC_NUMBER_RE = re.compile(rf"({_ARABIC})([十百千万亿]*)")
_CN_CHARS = "".join(_CN_DIGITS) + "".join(_MULTIPLIERS)
_CN_NUMBER_RE = re.compile(rf"[{_CN_CHARS}]+(?:点[{''.join(_CN_DIGITS)}]+)?[万亿]*")


@functools.lru_cache(maxsize=1024)
def cn_integer(text: str) -> int | None:
    """十二 → 12, 一百零五 → 105, 两 → 2 (cn2an, strict); None for text that is no Chinese numeral (一二, 十十).
    Cached: the importer asks it for every numbered line and date of a notice."""
    if text.startswith("两"):  # 两个, 两百: a count's 二
        text = "二" + text[1:]
    try:
        return int(cn2an.cn2an(text, "strict"))
    except ValueError:
        return None


def _words(text: str) -> list[str]:
    return text.split()


# Measure words, longest first (a regex alternation takes the first that matches). Time words are
# listed so that "6个月" reads as 6 个月, not 6 个; callers decide what to do with them.
MEASURE_WORDS = sorted(
    _words(
        """微克/立方米 千瓦时 个百分点 平方公里 平方米 立方米 人次 场次 台次 车次 架次 户次 家次 所次 个月 周岁 年度 小时 分钟
        公里 千米 延米 公顷 公斤 千克 千瓦 兆瓦 千伏 户 名 人 位 处 个 所 家 次 场 台 辆 条 座 口 吨 张 套
        项 块 间 类 元 只 件 面 亩 米 倍 栋 幢 层 床 盏 株 棵 眼 份 册 本 部 首 批 支 组 队 例 宗 起 单 笔
        箱 袋 根 对 双 枚 片 段 道 班 年 月 日 天 号 周 岁 点 时 届"""
    ),
    key=len,
    reverse=True,
)
LATIN_UNITS = ["km²", "km", "m²", "m³", "㎡", "kW", "MW", "kV", "kg", "m"]
TIME_UNITS = frozenset(_words("年 年度 月 个月 日 天 号 周 周岁 岁 小时 分钟 点 时 届"))

_UNIT_RE = re.compile("|".join(map(re.escape, MEASURE_WORDS)))
_LATIN_UNIT_RE = re.compile("(?:" + "|".join(map(re.escape, LATIN_UNITS)) + ")(?![A-Za-z])")
_PERCENT_RE = re.compile(r"[%％]")
# A single CJK character not in the list is a classifier only when it ends the phrase ("119面，").
_FALLBACK_UNIT_RE = re.compile(r"([\u4e00-\u9fff])(?=$|[\s，。；、：,.;:!?！？）)”\"]|以上|以下|以内|左右)")
# After a Chinese numeral and its measure word, these make a word, not a count: 一次性, 三部门, 一站式.
_CN_WORD_SUFFIXES = frozenset("性化门式型")
_NOT_CLASSIFIERS = frozenset("的和与及或在为至到是等了就将把被从于向以其各共中内外后前上下余多左右约达")

_MORE_AFTER = ("以上", "及以上")
_TAIL_RE = re.compile(r"\s*(及以上|及以下|以上|以下|以内)")
_BEFORE_RE = re.compile(
    r"(不少于|不低于|不小于|至少|超过|突破|多于|大于|高于|不高于|不超过|不多于|不大于|控制在|少于|低于|小于|不足|最多)"
    r"\s*(?:约)?\s*$"
)
_AT_LEAST_VERB_RE = re.compile(r"至少[\u4e00-\u9fff]{1,2}\s*$")  # 至少开展1次
_MORE_BEFORE = frozenset(_words("不少于 不低于 不小于 至少 超过 突破 多于 大于 高于"))

_RANGE_SEPARATORS = "-—–－~～至到"
_TOKEN_RE = re.compile(
    r"(?P<pct>百分之(?P<pctnum>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百点]+))"
    r"|(?P<half>(?<!第)(?:一半|半数))"
    rf"|(?<![0-9A-Za-z.第])(?P<ar>{_ARABIC})(?P<armul>\s*[万亿]+)?"
    rf"(?:\s*(?P<arsep>[{_RANGE_SEPARATORS}])\s*(?P<ar2>{_ARABIC})(?P<armul2>\s*[万亿]+)?)?"
    r"|(?<![第零〇一二两三四五六七八九十百千万亿])(?P<cn>[一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*)"
    r"(?:(?P<cnsep>[至到—-])(?P<cn2>[一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*))?"
)


@dataclass
class Quantity:
    start: int
    end: int
    raw: str
    value: Decimal
    value_max: Decimal | None
    unit: str
    comparator: str


def _whole(value: Decimal) -> Decimal:
    """16000.0 → 16000; keeps real decimals (3.58) as they are."""
    return Decimal(int(value)) if value == value.to_integral_value() else value


def _parse_chinese_integer(text: str) -> int | None:
    """一万 → 10000, 二十三 → 23, 一千零一 → 1001, 两万五 → 25000, 二〇二四 → 2024; None if malformed."""
    if not text:
        return None
    if all(ch in _CN_DIGITS for ch in text):  # digit by digit: 二〇二四
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total, big_section, section, digit = 0, 0, 0, None
    last_unit = None  # the unit just read, for the colloquial 两万五 (= 两万五千)
    smallest_in_section = 10**5
    for ch in text:
        if ch in _CN_DIGITS:
            if digit not in (None, 0):
                return None  # two digits in a row: 一二十
            digit = _CN_DIGITS[ch]
        elif ch in _CN_SMALL_UNITS:
            unit = _CN_SMALL_UNITS[ch]
            if unit >= smallest_in_section:
                return None  # units must fall: 十百
            if digit is None:
                if unit != 10 or section:
                    return None
                digit = 1  # 十五 = 一十五
            section += digit * unit
            smallest_in_section, digit, last_unit = unit, None, unit
        else:
            unit = _CN_BIG_UNITS[ch]
            value = section + (digit or 0)
            if unit == 10**8:
                if big_section + value == 0:
                    return None
                total += (big_section + value) * unit
                big_section = 0
            else:
                if value == 0:
                    return None
                big_section += value * unit
            section, digit, smallest_in_section, last_unit = 0, None, 10**5, unit
    if digit:
        if last_unit and last_unit >= 100 and text[-2] not in "零〇":
            digit *= last_unit // 10  # 两万五 → 25000, 三千五 → 3500
        section += digit
    return total + big_section + section


def _parse_chinese(text: str) -> Decimal | None:
    multiplier = 1
    while text and text[-1] in _CN_BIG_UNITS and "点" in text:
        multiplier *= _CN_BIG_UNITS[text[-1]]
        text = text[:-1]
    if "点" in text:
        whole, _, fraction = text.partition("点")
        if not fraction or any(ch not in _CN_DIGITS for ch in fraction):
            return None
        whole_value = _parse_chinese_integer(whole) if whole else 0
        if whole_value is None:
            return None
        digits = "".join(str(_CN_DIGITS[ch]) for ch in fraction)
        return _whole(Decimal(f"{whole_value}.{digits}") * multiplier)
    value = _parse_chinese_integer(text)
    return None if value is None else Decimal(value)


def _arabic_value(number: str, multipliers: str = "") -> Decimal | None:
    try:
        value = Decimal(number.replace(",", ""))
    except InvalidOperation:
        return None
    for ch in multipliers.strip():
        value *= _MULTIPLIERS[ch]
    return _whole(value)


def _trailing_multiplier(numeral: str) -> int:
    scale = 1
    for ch in reversed(numeral):
        if ch not in _CN_BIG_UNITS:
            break
        scale *= _CN_BIG_UNITS[ch]
    return scale


def to_number(text: str) -> Decimal | None:
    """Read one number: "1,200" → 1200, "1.6万" → 16000, "3.5亿" → 350000000, "两千" → 2000.
    None if the text is not a number."""
    if not isinstance(text, str):
        return None
    cleaned = re.sub(r"\s+", "", text.translate(_FULLWIDTH))
    if not cleaned:
        return None
    match = _ARABIC_NUMBER_RE.fullmatch(cleaned)
    if match:
        return _arabic_value(match.group(1), match.group(2))
    if _CN_NUMBER_RE.fullmatch(cleaned):
        return _parse_chinese(cleaned)
    return None


def _read_unit(text: str, pos: int, chinese: bool) -> tuple[str, int]:
    """The measure word starting at pos (after optional spaces) and where it ends; ("", pos) if none."""
    at = pos
    while at < len(text) and text[at] in " \t\u3000":
        at += 1
    for regex in (_PERCENT_RE, _UNIT_RE, _LATIN_UNIT_RE):
        match = regex.match(text, at)
        if match:
            unit = match.group(0)
            if regex is _PERCENT_RE:
                unit = "%"
            return unit, match.end()
    if not chinese:
        match = _FALLBACK_UNIT_RE.match(text, at)
        if match and match.group(1) not in _NOT_CLASSIFIERS:
            return match.group(1), match.end()
    return "", pos


def _comparator(text: str, start: int, end: int, approx_more: bool) -> str:
    before = _BEFORE_RE.search(text, max(0, start - 8), start)
    if before:
        return "≥" if before.group(1) in _MORE_BEFORE else "≤"
    if _AT_LEAST_VERB_RE.search(text, max(0, start - 5), start):
        return "≥"
    tail = _TAIL_RE.match(text, end)
    if tail:
        return "≥" if tail.group(1) in _MORE_AFTER else "≤"
    return "≥" if approx_more else "="


def _arabic_token(match: re.Match) -> tuple[Decimal | None, Decimal | None, int]:
    """Value, upper value of a range, and end of an Arabic number ("1.6万", "2—3", "1.5-2万")."""
    value = _arabic_value(match.group("ar"), match.group("armul") or "")
    if match.group("ar2"):
        multiplier = match.group("armul2") or ""
        first = _arabic_value(match.group("ar"), match.group("armul") or multiplier)
        second = _arabic_value(match.group("ar2"), multiplier)
        if first is not None and second is not None and first < second:
            return first, second, match.end()
        return value, None, match.end("armul") if match.group("armul") else match.end("ar")
    return value, None, match.end()


def _chinese_token(match: re.Match) -> tuple[Decimal | None, Decimal | None, int]:
    """Value, upper value of a range, and end of a Chinese numeral ("一万", "两至三", "三至五万")."""
    value = to_number(match.group("cn"))
    if match.group("cn2") and value is not None:
        second = to_number(match.group("cn2"))
        first = value
        if not any(ch in _CN_BIG_UNITS for ch in match.group("cn")):
            first = value * _trailing_multiplier(match.group("cn2"))  # 三至五万 = 3万 to 5万
        if second is not None and first < second:
            return first, second, match.end()
        return value, None, match.end("cn")
    return value, None, match.end()


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in the text, in order, with its measure word (unit) and comparator."""
    if not text:
        return []
    scan = text.translate(_FULLWIDTH)
    found: list[Quantity] = []
    pos = 0
    while match := _TOKEN_RE.search(scan, pos):
        start = match.start()
        pos = match.end()
        if match.group("pct") or match.group("half"):
            value = Decimal(50) if match.group("half") else to_number(match.group("pctnum"))
            if value is not None:
                comparator = _comparator(scan, start, pos, False)
                found.append(Quantity(start, pos, text[start:pos], value, None, "%", comparator))
            continue
        chinese = not match.group("ar")
        value, value_max, end = _chinese_token(match) if chinese else _arabic_token(match)
        pos = end
        if value is None:
            continue
        following = scan[end : end + 1]
        if following.isascii() and following.isalpha() and not _LATIN_UNIT_RE.match(scan, end):
            continue  # a code such as 5G
        after, approx_more = end, False
        if scan[after : after + 1] in ("余", "多"):
            approx_more, after = True, after + 1
        unit, unit_end = _read_unit(scan, after, chinese)
        if chinese and (not unit or scan[unit_end : unit_end + 1] in _CN_WORD_SUFFIXES):
            continue  # 一体化, 统一, 一次性, 三部门: words, not counts
        if unit:
            end = pos = unit_end
        else:
            approx_more = False
        comparator = "≥" if value_max is not None else _comparator(scan, start, end, approx_more)
        found.append(Quantity(start, end, text[start:end], value, value_max, unit, comparator))
    return found
