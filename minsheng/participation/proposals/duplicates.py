"""Similar proposals grouped as likely duplicates (pure: no ORM, no HTTP).

What is compared: the title, and the title with at most the first `CONTENT_CHARS` characters of the
content (the gist of a proposal is in its opening; comparing whole 2000-character texts is slow and
makes long texts look alike merely because they are long). The score of a pair is the larger of the
two likenesses, so two proposals with nearly the same title are shown together even when their
contents are worded differently.

Likeness: Chinese has no spaces between words, so a text is cut into character bigrams ("老年人助餐"
→ 老年 年人 人助 助餐; punctuation and spaces break a run; lower-cased). Two texts are alike by the
Dice coefficient of their bigram sets, 200·|A∩B| / (|A|+|B|), in 0–100. Bigrams, unlike single
characters, are not shared by unrelated texts merely because both use common characters (社、区、老、
人…): a shared bigram is mostly a shared word. (The former measure, rapidfuzz token_set_ratio on
single characters of the whole text, scored any long text ~100 against any other: 200 unrelated
400-character proposals made one group.)

Cost: the common bigrams of every pair are counted from an inverted index (bigram → texts holding
it) with numpy — bigrams held by many texts as one dense matrix product, the others as index pairs
counted by `bincount` — so 500 proposals take a fraction of a second. (rapidfuzz `process.cdist` over
the sorted bigram codes gives the same numbers but took 2–5 s for 500 on the 2-core machine.)

Groups are the connected components of the similarity graph: if A is like B and B like C, the three
are shown together even when A and C differ more.

THRESHOLD 45: a reworded proposal on the same matter shares about half or more of its bigrams
(“增设老年人助餐点…” / “增加老年人助餐点…” 71; “改造老旧小区…” / “老旧小区加装电梯…” 50), while
unrelated proposals, even built from the same few hundred common characters, stay far below (under
15 in tests/test_proposal_duplicates.py, where 300 such proposals make no group larger than 3)."""

import re
from collections.abc import Hashable, Iterable

import numpy as np

THRESHOLD = 45  # Dice coefficient of bigram sets (0–100) from which two proposals are shown together
CONTENT_CHARS = 200  # the content compared: its first 200 characters
# wording of any proposal, not of its matter: cut out like punctuation
BOILERPLATE = ["关于", "的建议", "建议", "的提议", "提议", "希望", "我们", "我"]
DENSE_FROM = 48  # bigrams held by more texts than this are counted by a matrix product
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_BREAKS = re.compile(f"(?:[^{_CJK}a-z0-9]|{'|'.join(BOILERPLATE)})+")
_SINGLE = re.compile("(?= (.) )")

Text = tuple[str, str]  # (title, content)


def excerpt(title: str, content: str) -> str:
    """The part of a proposal that is compared with its title: the title and the start of the content."""
    return f"{title or ''}\n{(content or '')[:CONTENT_CHARS]}"


def bigrams(text: str) -> set[str]:
    """The set of adjacent character pairs of the lower-cased text where neither is punctuation, a
    space or part of a BOILERPLATE phrase; a lone character between breaks counts as itself."""
    run = _BREAKS.sub(" ", f" {(text or '').lower()} ")
    grams = {g for g in map(str.__add__, run, run[1:]) if " " not in g}
    return grams | set(_SINGLE.findall(run))


def dice(a: set[str], b: set[str]) -> float:
    return 200 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _common_counts(sets: list[set[str]]) -> np.ndarray:
    """n×n: how many bigrams each pair of sets shares (the diagonal is not meaningful)."""
    n = len(sets)
    holders: dict[str, list[int]] = {}
    for i, grams in enumerate(sets):
        for g in grams:
            holders.setdefault(g, []).append(i)
    counts = np.zeros((n, n), dtype=np.float32)
    dense = [docs for docs in holders.values() if len(docs) > DENSE_FROM]
    if dense:
        matrix = np.zeros((n, len(dense)), dtype=np.float32)
        for k, docs in enumerate(dense):
            matrix[docs, k] = 1
        counts += matrix @ matrix.T
    by_size: dict[int, list[list[int]]] = {}
    for docs in holders.values():
        if 1 < len(docs) <= DENSE_FROM:
            by_size.setdefault(len(docs), []).append(docs)
    pairs = []
    for size, lists in by_size.items():
        block = np.array(lists, dtype=np.int64)
        upper, lower = np.triu_indices(size, 1)
        pairs.append((block[:, upper] * n + block[:, lower]).ravel())
    if pairs:
        sparse = np.bincount(np.concatenate(pairs), minlength=n * n).reshape(n, n)
        counts += sparse + sparse.T
    return counts


def _dice_matrix(sets: list[set[str]]) -> np.ndarray:
    """n×n Dice coefficients (0–100); -1 on a row or column whose set is empty."""
    sizes = np.array([len(s) for s in sets], dtype=np.float32)
    total = sizes[:, None] + sizes[None, :]
    scores = 200 * _common_counts(sets) / np.maximum(total, 1)
    empty = sizes == 0
    scores[empty, :] = -1
    scores[:, empty] = -1
    return scores


def similarity(a: Text, b: Text) -> float:
    """0–100: how alike two proposals (title, content) are."""
    return max(dice(bigrams(a[0]), bigrams(b[0])), dice(bigrams(excerpt(*a)), bigrams(excerpt(*b))))


def groups(items: Iterable[tuple[Hashable, str, str]], threshold: float = THRESHOLD) -> list[list[Hashable]]:
    """Connected components of the "similar" relation among (key, title, content) items, in the items'
    order: every item appears in exactly one group; a group's keys keep the order they came in, and
    groups are ordered by their first item. An item with no text stays alone."""
    items = list(items)
    if not items:
        return []
    titles = _dice_matrix([bigrams(t) for _, t, _ in items])
    texts = _dice_matrix([bigrams(excerpt(t, c)) for _, t, c in items])
    scores = np.where(texts < 0, -1, np.maximum(titles, texts))
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(*np.triu(scores >= threshold, 1).nonzero(), strict=True):
        a, b = root(int(i)), root(int(j))
        if a != b:
            parent[max(a, b)] = min(a, b)

    by_root: dict[int, list[Hashable]] = {}
    for i, (key, _, _) in enumerate(items):
        by_root.setdefault(root(i), []).append(key)
    return list(by_root.values())


def similar_to(
    title: str,
    content: str,
    items: Iterable[tuple[Hashable, str, str]],
    threshold: float = THRESHOLD,
    limit: int = 10,
) -> list[tuple[Hashable, float]]:
    """The keys of the (key, title, content) items alike this proposal, most alike first, with their
    score."""
    title_grams, text_grams = bigrams(title), bigrams(excerpt(title, content))
    if not text_grams:
        return []
    found = []
    for n, (key, t, c) in enumerate(items):
        score = max(dice(title_grams, bigrams(t)), dice(text_grams, bigrams(excerpt(t, c))))
        if score >= threshold and score > 0:
            found.append((-score, n, key))
    found.sort()
    return [(key, -score) for score, _, key in found[:limit]]
