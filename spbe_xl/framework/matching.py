"""How well a text copies a level criterion: normalisation and word-sequence scoring.

How a text is matched with the criteria, and why the thresholds are what they are:
docs/criteria.md (measured on the Bontang 2018 seed and on ~7,400 perturbed criteria).
:mod:`spbe_xl.framework.criteria` decides which level a text describes from these scores.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Mapping

#: A text cut short (it ends inside a criterion) is also scored against the criterion's
#: start, when that start is at least this share of the criterion ...
CUT_MIN_COVERAGE = 0.3
#: ... less this: a complete copy of one criterion outscores the start of a longer one.
CUT_PENALTY = 0.05
#: A text and a criterion of opposite polarity (one says "belum"/"tidak", the other not)
#: have their score multiplied by this: "Belum dilakukan X" is a reason, not criterion X.
NEGATION_FACTOR = 0.5
#: The words that make a text negative.
NEGATIONS = frozenset({"belum", "tidak", "tak", "bukan", "tanpa", "blm", "tdk"})
#: Words dropped before comparing ("Saudara" ends many criteria and is often left out).
_DROPPED = frozenset({"saudara"})
_WORD = re.compile(r"[0-9a-z]+")
#: How many typo fixes an indicator remembers: a fix scans the indicator's vocabulary with
#: edit distances, and the same misspelt word recurs in every row that copies a criterion.
TYPO_CACHE_SIZE = 16384


def _drop_repeats(words: list[str]) -> list[str]:
    """Words or phrases (up to 4 words) typed twice in a row, kept once: "SPBE SPBE",
    "dalam rencana kerja tahunan dalam rencana kerja tahunan"."""
    for n in (4, 3, 2, 1):
        if len(words) < 2 * n:
            continue
        i = 0
        while i + 2 * n <= len(words):
            if words[i : i + n] == words[i + n : i + 2 * n]:
                del words[i + n : i + 2 * n]
            else:
                i += 1
    return words


def criterion_words(text: str) -> tuple[str, ...]:
    """``text`` normalised for comparison with criteria: the words, lower-cased and without
    accents, punctuation or "Saudara", with words typed twice in a row kept once."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    words = [w for w in _WORD.findall(plain) if w not in _DROPPED]
    return tuple(_drop_repeats(words))


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of neighbours counts 1), or limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


class Variant:
    """One wording of one level's criterion, normalised once."""

    __slots__ = ("cum", "level", "neg_at", "total", "words")

    def __init__(self, level: int, words: tuple[str, ...]) -> None:
        self.level = level
        self.words = words
        self.cum = list(itertools.accumulate((len(w) + 1 for w in words), initial=0))
        self.total = self.cum[-1]
        # index of the first negation word (len(words) + 1 when there is none)
        self.neg_at = next((i for i, w in enumerate(words) if w in NEGATIONS), len(words) + 1)


class IndicatorCriteria:
    """The normalised criteria of one indicator."""

    __slots__ = ("candidates", "levels", "typos", "variants", "vocabulary")

    def __init__(self, variants: list[Variant]) -> None:
        self.variants = variants
        self.levels = sorted({v.level for v in variants})
        self.vocabulary = frozenset(w for v in variants for w in v.words) | (
            NEGATIONS - {"tak", "blm", "tdk"}
        )
        # typo candidates: (word, its letters), sorted so that ties resolve the same way
        self.candidates = [(w, frozenset(w)) for w in sorted(self.vocabulary) if len(w) >= 4]
        self.typos: dict[str, str] = {}

    def fix(self, word: str) -> str:
        """``word``, or the criteria's word it is a small typo of (one edit; two for words of
        8 letters or more)."""
        if word in self.vocabulary or len(word) < 4 or word.isdigit():
            return word
        hit = self.typos.get(word)
        if hit is None:
            limit = 1 if len(word) < 8 else 2
            letters = frozenset(word)
            best = (limit + 1, word)
            for cand, cand_letters in self.candidates:
                # each edit changes at most two letters of the set: a cheap first sieve
                if abs(len(cand) - len(word)) <= limit and len(letters ^ cand_letters) <= 2 * limit:
                    dist = _edit_distance(word, cand, limit)
                    best = min(best, (dist, cand))
            hit = best[1] if best[0] <= limit else word
            if len(self.typos) < TYPO_CACHE_SIZE:
                self.typos[word] = hit
        return hit


def _matching_blocks(
    a: tuple[str, ...], positions: Mapping[str, list[int]], n_b: int
) -> list[tuple[int, int, int]]:
    """The matching blocks (i, j, size) of ``a`` and a word sequence ``b`` given by the
    positions of its words, in order: :meth:`difflib.SequenceMatcher.get_matching_blocks`
    without junk (the same blocks), without its overhead."""
    occurrences = [positions.get(w) for w in a]
    blocks: list[tuple[int, int, int]] = []
    todo = [(0, len(a), 0, n_b)]
    while todo:
        alo, ahi, blo, bhi = todo.pop()
        besti, bestj, best = alo, blo, 0
        run: dict[int, int] = {}
        for i in range(alo, ahi):
            js = occurrences[i]
            if js is None:
                run = {}
                continue
            new_run: dict[int, int] = {}
            for j in js:
                if j < blo:
                    continue
                if j >= bhi:
                    break
                k = new_run[j] = run.get(j - 1, 0) + 1
                if k > best:
                    besti, bestj, best = i - k + 1, j - k + 1, k
            run = new_run
        if best:
            blocks.append((besti, bestj, best))
            if alo < besti and blo < bestj:
                todo.append((alo, besti, blo, bestj))
            if besti + best < ahi and bestj + best < bhi:
                todo.append((besti + best, ahi, bestj + best, bhi))
    blocks.sort()
    return blocks


def score_variant(
    words: tuple[str, ...],
    positions: Mapping[str, list[int]],
    cum: list[int],
    negative: bool,
    variant: Variant,
) -> float:
    """How well the text (``words``; ``positions`` indexes them) copies one criterion wording.

    Dice similarity of the word sequences, each word weighing its length + 1:
    2 * matched / (text + criterion).  When the text ends inside the criterion (a cut)
    and covers at least CUT_MIN_COVERAGE of it, it is also compared with the criterion's
    start up to that point, less CUT_PENALTY; the better of the two counts.  Opposite
    polarity multiplies by NEGATION_FACTOR.
    """
    if variant.words == words:
        return 1.0
    matched = 0
    last_a = last_b = -1
    for a, b, size in _matching_blocks(variant.words, positions, len(words)):
        matched += cum[b + size] - cum[b]
        last_a, last_b = a + size, b + size
    if last_a < 0:
        return 0.0
    n, crit = len(words), variant.words
    full = 2 * matched / (cum[-1] + variant.total)
    if negative != (variant.neg_at < len(crit)):
        full *= NEGATION_FACTOR
    # the text's last word cut inside a word of the criterion: "... pusat data nasio"
    if last_b == n - 1 and last_a < len(crit) and crit[last_a].startswith(words[-1]):
        matched += cum[n] - cum[n - 1]
        last_a, last_b = last_a + 1, n
    if last_b != n or last_a >= len(crit):
        return full
    covered = variant.cum[last_a]
    if covered < CUT_MIN_COVERAGE * variant.total:
        return full
    cut = 2 * matched / (cum[-1] + covered) - CUT_PENALTY
    if negative != (variant.neg_at < last_a):
        cut *= NEGATION_FACTOR
    return max(full, cut)
