"""Traditional script (繁體): the importer's patterns are written in simplified characters, so a notice
in traditional script is read through a simplified copy (OpenCC's t2s, character for character) and the
draft keeps the original wording of what it found."""

import re
from functools import lru_cache

import opencc

_ROMANISATION = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,8}[)）]")
SHARE = 0.02  # a text is traditional when conversion changes at least this share of its Chinese characters
LEAST = 3


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s.json")


def _cjk(text: str) -> int:
    return sum("\u4e00" <= ch <= "\u9fff" for ch in text)


def for_analysis(paragraphs: list[str]) -> tuple[list[str], bool]:
    """The paragraphs in simplified script, and whether they were traditional. A simplified text comes
    back as it was (the few characters t2s would still change are not enough to call it traditional)."""
    joined = "\n".join(paragraphs)
    converted = _converter().convert(joined)
    if len(converted) != len(joined):
        return paragraphs, False  # not character for character: read as it is
    changed = sum(a != b for a, b in zip(joined, converted, strict=True))
    if changed < LEAST or changed < SHARE * max(_cjk(joined), 1):
        return paragraphs, False
    return converted.split("\n"), True


def restore(found: str, analysed: str, original: str) -> str:
    """The original wording of a text found in the simplified copy (same positions), else as found."""
    at = analysed.find(found) if found else -1
    if at < 0 and found:  # found across lines ("关于印发…" + "…的通知"): the same text without line breaks
        analysed, original = analysed.replace("\n", ""), original.replace("\n", "")
        at = analysed.find(found)
    return original[at : at + len(found)] if at >= 0 else found


def without_romanisation(text: str) -> str:
    """A text without the pinyin some sites print after each character: 票決產(chǎn)生 → 票決產生."""
    return _ROMANISATION.sub("", text)


# forum software's anti-copy noise: short runs of ASCII glued between words ("* p/ {) b& x! R8 r( k")
_JAMMER = re.compile(r"(?:[!-~]{1,2} ){3,}[!-~]{1,2}(?=\s|$|[\u4e00-\u9fff])")


def without_mirror_noise(text: str) -> str:
    """A text without what a mirror or a forum added to it: pinyin after each character, and the anti-copy
    noise of four or more short ASCII tokens most of which are punctuation."""
    text = without_romanisation(text)

    def noise(m: re.Match) -> str:
        tokens = m.group(0).split()
        punctuated = sum(bool(re.search(r"[^0-9A-Za-z]", t)) for t in tokens)
        return "" if 2 * punctuated >= len(tokens) else m.group(0)

    return _JAMMER.sub(noise, text)
