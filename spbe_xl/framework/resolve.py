"""Which framework a workbook, or a frame of levels, is read, scored and written under.

:func:`resolve_framework` is the one policy every layer uses (readers, rules, writers, the
CLI), so that a workbook is never scored under another framework than it was read under.
The year each packaged framework applies from is data: the ``[rounds]`` table of its file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cache

from spbe_xl.framework.loading import available, load
from spbe_xl.framework.model import Framework, FrameworkError
from spbe_xl.text import match_key, names_alike


@cache
def _names_by_number(framework: Framework) -> dict[int, str]:
    """The catalog's indicator names by number (``Framework.indicators`` copies a frame)."""
    return {int(no): row["name"] for no, row in framework._rows.items()}


def resolve_framework(
    requested: str | Framework | None = None,
    *,
    declared: str | None = None,
    indicator_numbers: Iterable[int] = (),
    indicator_names: Iterable[tuple[int, str]] = (),
    year: int | None = None,
) -> Framework:
    """The framework a workbook (or a frame of levels) is read, scored and written under.

    The one policy every layer uses, in order:

    1. ``requested`` (the caller's ``framework=``), an id or an object, always wins;
    2. ``declared`` (a Book's own ``meta.framework``), if its catalog holds every number;
    3. the packaged frameworks whose catalog reaches the highest indicator number seen: one
       is the answer (none: the one with the most indicators); a number no catalog holds
       (0, say) rules none out, and is reported by the reader or the rules;
    4. among several, the one whose indicator names the ``(number, name)`` pairs resemble
       most (each pair a vote; a tie decides nothing);
    5. the evaluation ``year``: the latest framework whose first round
       (:attr:`Framework.first_round`) is not after that year; without a year (or before
       every first round), the oldest.  A framework whose file gives no first round never
       wins on the year.
    """
    if isinstance(requested, Framework):
        return requested
    if requested is not None:
        return load(requested)
    numbers = set(indicator_numbers)
    own = _declared(declared, numbers)
    if own is not None:
        return own
    packaged = [load(framework_id) for framework_id in available()]
    last = {f.id: max(_names_by_number(f), default=0) for f in packaged}
    highest = max(numbers, default=0)
    candidates = [f for f in packaged if last[f.id] >= highest]
    if not candidates:
        return max(packaged, key=lambda f: last[f.id])
    if len(candidates) == 1:
        return candidates[0]
    by_names = _vote_by_names(candidates, list(indicator_names))
    if by_names is not None:
        return by_names
    return _by_year(candidates, year)


def _declared(declared: str | None, numbers: set[int]) -> Framework | None:
    """The book's own framework, when it is a known one and holds every number."""
    if not declared:
        return None
    try:
        own = load(declared)
    except FrameworkError:
        return None
    return own if all(own.has_indicator(n) for n in numbers) else None


def _by_year(candidates: list[Framework], year: int | None) -> Framework:
    """The latest candidate in force in ``year``; else the oldest; else the first."""
    dated = [(f.first_round, f) for f in candidates if f.first_round is not None]
    in_force = [(first, f) for first, f in dated if year is not None and first <= year]
    if in_force:
        return max(in_force, key=lambda pair: pair[0])[1]
    if dated:
        return min(dated, key=lambda pair: pair[0])[1]
    return candidates[0]


def _vote_by_names(candidates: list[Framework], names: list[tuple[int, str]]) -> Framework | None:
    """The candidate with the most names alike its catalog's, or None on a tie.

    Each framework gets one vote per pair whose name is like the catalog's name of that
    indicator.  Only which has most votes matters, so the votes are bounded first by the
    cheap exact matches (each distinct pair counted once, weighted by how often it occurs)
    and the fuzzy comparisons are made only until the bounds decide: the same answer as
    counting every vote, at a fraction of the comparisons.
    """
    low: dict[str, int] = {}  # votes certain so far
    pending: dict[str, list[tuple[str, str, int]]] = {}  # pairs still to compare
    by_id = {f.id: f for f in candidates}
    for f in candidates:
        known = _names_by_number(f)
        pairs: Counter[tuple[str, str]] = Counter()
        for number, name in names:
            catalog_name = known.get(number)
            if name and catalog_name:
                pairs[(name, catalog_name)] += 1
        low[f.id] = sum(n for (a, b), n in pairs.items() if a == b)
        pending[f.id] = [(a, b, n) for (a, b), n in pairs.items() if a != b]
    high = {k: low[k] + sum(n for _, _, n in pending[k]) for k in low}
    order = {f.id: i for i, f in enumerate(candidates)}

    def winner() -> str | None:
        for k in low:
            if all(low[k] > high[j] for j in low if j != k):
                return k
        return None

    while winner() is None:
        # Undecided: compare one more pair, of the framework with the widest bounds.
        framework_id = max(pending, key=lambda k: (high[k] - low[k], -order[k]))
        if not pending[framework_id]:
            break  # every pair compared: low == high
        a, b, n = pending[framework_id].pop()
        if names_alike(match_key(a), match_key(b)):
            low[framework_id] += n
        else:
            high[framework_id] -= n
    found = winner()
    return by_id[found] if found is not None else None
