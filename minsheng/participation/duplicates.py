"""Similar proposals grouped as likely duplicates (pure: no ORM, no HTTP).

Two proposals are similar when rapidfuzz's `token_set_ratio` of their title + content reaches
`THRESHOLD`. Chinese has no spaces between words, so the text is first cut into tokens: every CJK
character is a token, a run of Latin letters or digits is one token, punctuation is dropped. On these
tokens `token_set_ratio` measures how much of the shorter proposal's wording the other one shares
(“增设老年人助餐点” and “增加老年人助餐点” share nearly all characters; “老旧小区加装电梯” and
“修建口袋公园” share none). Groups are the connected components of the similarity graph: if A is like
B and B like C, the three are shown together even when A and C differ more."""

import re
from collections.abc import Hashable, Iterable

from rapidfuzz import fuzz, process

THRESHOLD = 70  # token_set_ratio (0–100) from which two proposals are shown as possible duplicates
_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[a-z0-9]+")


def tokens(text: str) -> str:
    """The text as space-separated tokens: one per CJK character, one per Latin/digit run."""
    return " ".join(_TOKEN.findall((text or "").lower()))


def similarity(a: str, b: str) -> float:
    """0–100: how alike two proposal texts are."""
    return fuzz.token_set_ratio(tokens(a), tokens(b))


def groups(items: Iterable[tuple[Hashable, str]], threshold: float = THRESHOLD) -> list[list[Hashable]]:
    """Connected components of the "similar" relation among (key, text) items, in the items' order:
    every item appears in exactly one group; a group's keys keep the order they came in, and groups
    are ordered by their first item."""
    items = list(items)
    keys = [k for k, _ in items]
    texts = [tokens(t) for _, t in items]
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, text in enumerate(texts):
        if not text:
            continue
        others = texts[i + 1 :]
        for _, _, j in process.extract(
            text, others, scorer=fuzz.token_set_ratio, score_cutoff=threshold, limit=None
        ):
            a, b = root(i), root(i + 1 + j)
            if a != b:
                parent[max(a, b)] = min(a, b)

    by_root: dict[int, list[Hashable]] = {}
    for i, key in enumerate(keys):
        by_root.setdefault(root(i), []).append(key)
    return list(by_root.values())


def similar_to(text: str, items: Iterable[tuple[Hashable, str]], threshold: float = THRESHOLD,
               limit: int = 10) -> list[tuple[Hashable, float]]:  # fmt: skip
    """The keys of the items alike `text`, most alike first, with their score."""
    items = list(items)
    query = tokens(text)
    if not query or not items:
        return []
    found = process.extract(
        query, [tokens(t) for _, t in items], scorer=fuzz.token_set_ratio, score_cutoff=threshold, limit=limit
    )
    return [(items[j][0], score) for _, score, j in found]
