"""The load-time consistency checks of a framework: weights and predicate bands.

A framework file (and a custom weights file) must give indicator weights summing to 100,
domain and aspect weights equal to the sums of their indicators' weights, and predicate
bands that cover 0 .. ``level_max`` with no gap and no overlap.  Which aspect and domain
each indicator belongs to is checked while its row is read (:mod:`spbe_xl.framework.schema`).
Errors name the file and the key.
"""

from __future__ import annotations

import itertools
import math

from spbe_xl.framework.model import (
    SCORE_TOLERANCE,
    WEIGHT_TOLERANCE,
    WEIGHT_TOTAL,
    AspectRow,
    DomainRow,
    FrameworkError,
    IndicatorRow,
    PredicateRow,
    ranges,
)

# --------------------------------------------------------------------------- predicates


def check_predicates(
    file: str, bands: list[PredicateRow], level_max: int, level_min: int = 0
) -> list[PredicateRow]:
    """The bands ordered from the lowest up, once they are known to tile 0 .. level_max
    (or level_min .. level_max: the Pemdi bands start at 1.00)."""
    names = [b["name"] for b in bands]
    for name in names:
        if names.count(name) > 1:
            raise _band_error(file, f"predicate {name!r} is given twice")
    ordered = sorted(bands, key=lambda b: (b["lower"], b["upper"]))
    lowest, highest = ordered[0], ordered[-1]
    if (
        abs(lowest["lower"]) > SCORE_TOLERANCE
        and abs(lowest["lower"] - level_min) > SCORE_TOLERANCE
    ):
        raise _band_error(
            file,
            f"predicate bands leave a gap: 0 .. {lowest['lower']:g} is in no band "
            f"(the lowest, {lowest['name']!r}, starts at {lowest['lower']:g})",
        )
    for below, above in itertools.pairwise(ordered):
        _check_neighbours(file, below, above)
    if abs(highest["upper"] - level_max) > SCORE_TOLERANCE:
        raise _band_error(
            file,
            f"predicate bands must end at the top level {level_max}; the highest, "
            f"{highest['name']!r}, ends at {highest['upper']:g}",
        )
    return ordered


def _check_neighbours(file: str, below: PredicateRow, above: PredicateRow) -> None:
    if above["lower"] > below["upper"] + SCORE_TOLERANCE:
        raise _band_error(
            file,
            f"predicate bands leave a gap between {below['upper']:g} "
            f"(end of {below['name']!r}) and {above['lower']:g} "
            f"(start of {above['name']!r})",
        )
    if above["lower"] < below["upper"] - SCORE_TOLERANCE:
        raise _band_error(
            file,
            f"predicate bands {below['name']!r} ({below['lower']:g}-{below['upper']:g}) "
            f"and {above['name']!r} ({above['lower']:g}-{above['upper']:g}) overlap",
        )


def _band_error(file: str, message: str) -> FrameworkError:
    return FrameworkError(message, file=file, where="predicates")


# --------------------------------------------------------------------------- weights


def check_weights(
    file: str,
    domains: dict[int, DomainRow],
    aspects: dict[int, AspectRow],
    indicators: dict[int, IndicatorRow],
    *,
    stored: bool,
) -> None:
    """Fill n_indicators; check (stored=True) or set (False) aspect and domain weights."""
    total = math.fsum(ind["weight"] for ind in indicators.values())
    if abs(total - WEIGHT_TOTAL) > WEIGHT_TOLERANCE:
        raise FrameworkError(
            f"indicator weights sum to {total:.6g}, not {WEIGHT_TOTAL:g}",
            file=file,
            where="indicators",
        )
    for no, aspect in aspects.items():
        members = [ind for ind in indicators.values() if ind["aspect_no"] == no]
        _check_group(file, "aspect", no, aspect, members, stored=stored)
    for no, domain in domains.items():
        members = [ind for ind in indicators.values() if ind["domain_no"] == no]
        _check_group(file, "domain", no, domain, members, stored=stored)


def _check_group(
    file: str,
    kind: str,
    no: int,
    row: AspectRow | DomainRow,
    members: list[IndicatorRow],
    *,
    stored: bool,
) -> None:
    """One aspect's or domain's indicator count, and its weight checked or set."""
    if not members:
        raise FrameworkError(f"{kind} {no} has no indicators", file=file, where=f"{kind} {no}")
    row["n_indicators"] = len(members)
    summed = math.fsum(ind["weight"] for ind in members)
    if not stored:
        row["weight"] = summed
    elif abs(row["weight"] - summed) > WEIGHT_TOLERANCE:
        raise FrameworkError(
            f"{kind} weight {row['weight']:g} is not the sum of its indicators' "
            f"weights ({summed:.6g}, indicators "
            f"{ranges(ind['indicator_no'] for ind in members)})",
            file=file,
            where=f"{kind} {no}",
        )
