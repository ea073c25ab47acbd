"""Text primitives that readers and writers must agree on.

Everything here is shared on purpose: the writers emit what the readers parse back (the
month labels of the schedule, the "PLACE, DATE" line that opens a signature block), so
each pattern is defined once and a change to it shows up on both sides of the round trip.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

__all__ = [
    "MONTH_LABELS",
    "MONTH_NUMBERS",
    "PLACE_DATE_RE",
    "fold",
    "indicator_sort_key",
    "match_key",
    "names_alike",
    "ratio_at_least",
]

_SPACES_RE = re.compile(r"\s+")


@lru_cache(maxsize=4096)  # bounded: a batch's memory must not grow with N
def fold(text: str) -> str:
    """Fold whitespace and line breaks to single spaces, trimmed."""
    return _SPACES_RE.sub(" ", text).strip()


_NOT_ALNUM_RE = re.compile(r"[^0-9A-Z]+")


@lru_cache(maxsize=4096)
def match_key(text: str) -> str:
    """Upper-case letters and digits only, single spaces: the form texts are compared in."""
    return _NOT_ALNUM_RE.sub(" ", text.upper()).strip()


@lru_cache(maxsize=8192)
def ratio_at_least(a: str, b: str, threshold: float) -> bool:
    """``difflib.SequenceMatcher(None, a, b).ratio() >= threshold``, cached, trying the
    matcher's cheap upper bounds of the ratio first (the same answer, mostly faster).

    The bounds are computed here as difflib computes them (``2.0 * matches / length``),
    without building a matcher: building one indexes ``b``, which costs more than most
    bounds take to reject the pair.
    """
    length = len(a) + len(b)
    if not length:
        return threshold <= 1.0  # difflib: two empty texts match fully
    # real_quick_ratio: at most the shorter text matches.
    if 2.0 * min(len(a), len(b)) / length < threshold:
        return False
    # quick_ratio: at most the characters the two texts share (as a multiset) match.
    chars = set(a)  # (summed by map in C: this bound rejects most pairs, so it runs often)
    shared = sum(map(min, map(a.count, chars), map(b.count, chars)))
    if 2.0 * shared / length < threshold:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= threshold


def names_alike(a: str, b: str) -> bool:
    """Two (match-keyed) names alike: a difflib ratio of at least 0.6, or equal."""
    return a == b or ratio_at_least(a, b, 0.6)


#: The month labels written in a schedule grid, as Indonesian offices write them (PEB, AGS, NOP).
MONTH_LABELS = ("JAN", "PEB", "MAR", "APR", "MEI", "JUN", "JUL", "AGS", "SEP", "OKT", "NOP", "DES")

#: Every spelling of a month read in a schedule header -> its number (1-12).
MONTH_NUMBERS = {
    "JAN": 1, "JANUARI": 1, "FEB": 2, "PEB": 2, "FEBRUARI": 2, "PEBRUARI": 2, "MAR": 3, "MARET": 3,
    "APR": 4, "APRIL": 4, "MEI": 5, "JUN": 6, "JUNI": 6, "JUL": 7, "JULI": 7, "AGS": 8, "AGU": 8,
    "AGT": 8, "AGUSTUS": 8, "AUG": 8, "SEP": 9, "SEPT": 9, "SEPTEMBER": 9, "OKT": 10, "OKTOBER": 10,
    "OCT": 10, "NOP": 11, "NOV": 11, "NOPEMBER": 11, "NOVEMBER": 11, "DES": 12, "DESEMBER": 12, "DEC": 12,
}  # fmt: skip

# What is written must read back: every label maps to its own month.
assert all(MONTH_NUMBERS[label] == n for n, label in enumerate(MONTH_LABELS, 1))

#: The "PLACE, DATE" line that opens a signature block ("Bontang, 21 Desember 2018").
PLACE_DATE_RE = re.compile(
    r"^([A-Za-z .'-]{3,40}),\s*(\d{1,2}\s+[A-Za-z]+\s+\d{4}|[A-Za-z]+\s+\d{4}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})\s*$"
)


def indicator_sort_key(indicator_id: str) -> tuple[int, int, str]:
    """Order indicator ids as the catalog does: ``"2"`` < ``"10"`` < ``"35-1"`` < ``"35-2"``.

    Ids that are not ``N`` or ``N-M`` sort after the numbered ones, by their text.
    """
    head, _, tail = indicator_id.partition("-")
    number = int(head) if head.isdecimal() else 10**9
    instance = int(tail) if tail.isdecimal() else (0 if not tail else 10**9)
    return number, instance, indicator_id
