"""Rules: the SPBE index, level deltas, per-agency rollups, what-if and comparisons.

Rules work on the tidy frames of :mod:`spbe_xl.book` only (never on files), for either
framework.  Every weight, the level range and the predicate bands come from the framework
catalog (:mod:`spbe_xl.framework`); nothing here hard-codes a weight or a band.

    >>> import spbe_xl
    >>> book = spbe_xl.read_workbook(["penilaian-mandiri.xlsx", "tindak-lanjut.xlsx"])
    >>> r = spbe_xl.rules.index_scores(book.indicators)            # official levels, "items"
    >>> r.total, r.predicate, r.rounded()["total"]

The formulas (see ``docs/rules.md``)
------------------------------------
- **Aspect index** = the mean of its items' levels, weighted by the catalog weights of their
  indicators (the plain mean in both shipped frameworks, where an aspect's indicators weigh
  the same).
- **Domain index** = the aspect-weighted mean of its aspects.
- **Index** = Σ aspect_weight × aspect_index / Σ aspect_weight, the weights being the
  catalog's (which add up to 100), i.e. Σ aspect_weight × aspect_index / 100.  While every
  indicator has exactly one level this equals Σ weight_i × level_i / 100.

Levels (``level=``)
-------------------
``"self"`` (PENILAIAN MANDIRI, ``self_level``), ``"evaluator"`` (HASIL PENILAIAN TIM
EVALUATOR, ``evaluator_level``), ``"maturity"`` (the follow-up's NILAI TINGKAT KEMATANGAN,
``maturity_level``) or ``"official"``: per indicator id, ``maturity_level`` where the frame
has one, else ``evaluator_level``.  :attr:`IndexResult.level_columns` says which column was
used for each indicator id.

Instances (``instances=``)
--------------------------
A multi-instance indicator (2018's indicator 35, assessed once per public-service system:
``35-1``, ``35-2``, ...) folds by a named rule, reported in :attr:`IndexResult.instances`:

- ``"items"`` (default): every instance is one item in its aspect's mean (weighted like its
  indicator); the aspect keeps its catalog weight.  Bontang's published aspect 7 (2.67 =
  16/6) is an items mean; see ``docs/rules.md`` for why no other rule can give it.
- ``"mean"``, ``"max"``, ``"min"``: the indicator's level is the mean / max / min of its
  instances' levels, then the aspect index is the mean over its indicators.

An indicator with a single row is one item under every rule.

Missing levels (``missing=``)
-----------------------------
``"error"`` (default) raises :class:`MissingLevelError` naming every indicator id without a
level, and every framework indicator absent from the frame.  ``"skip"`` computes over what is
there: an aspect's index is the mean of the items that have a level; an aspect with no level
at all drops out and the remaining aspects' weights are scaled up to the catalog total, so the
index stays a weighted mean of what was assessed (``by_domain``/``by_aspect`` then show the
weights actually used).  The ids left out are in :attr:`IndexResult.skipped`.

Points and effective weights
----------------------------
``by_indicator`` has one row per scored indicator id.  Its ``weight`` is the id's effective
weight (in % of the index) under the instances rule -- for an item of an aspect: the aspect's
weight × the item's share of the aspect; under ``"mean"`` an instance carries 1/k of its
indicator's weight; under ``"max"``/``"min"`` the chosen instance carries it all and the others
0 -- and ``points = weight × level / 100``, so that ``points.sum() == total`` always.  Points
are index units (0.05 = one level of a 5 % indicator).

Rounding and the predicate
--------------------------
``total`` and the indices are kept at full precision.  Published figures have 2 decimals,
rounded half up (as Excel's ROUND), and the predicate is that of the *published* figure:
:attr:`IndexResult.predicate` is the band of ``round_half_up(total, 2)``, so a full-precision
2.5967 is shown "2.60 Baik", never "2.60 Cukup".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from spbe_xl.scoring import deltas as _deltas
from spbe_xl.scoring import engine as _engine
from spbe_xl.scoring import plan as _plan
from spbe_xl.scoring import recap as _recap
from spbe_xl.scoring import rollup as _rollup
from spbe_xl.scoring import track as _track
from spbe_xl.scoring.catalog import book_catalog as _book_catalog
from spbe_xl.scoring.catalog import frame_catalog as _frame_catalog
from spbe_xl.scoring.engine import INSTANCE_RULES, MISSING_RULES
from spbe_xl.scoring.levels import LEVELS, WHAT_IF_COLUMN
from spbe_xl.scoring.levels import read_levels as _read_levels
from spbe_xl.scoring.notes import summary_notes as _summary_notes
from spbe_xl.scoring.plans import Plan, Track
from spbe_xl.scoring.results import (
    DISPLAY_DECIMALS,
    IndexResult,
    LevelDeltas,
    MissingLevelError,
    Recap,
    Summary,
    WhatIf,
    round_half_up,
)
from spbe_xl.scoring.rollup import NO_AGENCY

if TYPE_CHECKING:  # pragma: no cover
    from spbe_xl.book import Book
    from spbe_xl.framework import Framework

__all__ = [
    "DISPLAY_DECIMALS",
    "INSTANCE_RULES",
    "LEVELS",
    "MISSING_RULES",
    "NO_AGENCY",
    "WHAT_IF_COLUMN",
    "IndexResult",
    "LevelDeltas",
    "MissingLevelError",
    "Plan",
    "Recap",
    "Summary",
    "Track",
    "WhatIf",
    "agency_rollup",
    "compare",
    "index_scores",
    "level_deltas",
    "plan",
    "recap",
    "round_half_up",
    "summarize",
    "track",
    "what_if",
]


def index_scores(
    indicators: pd.DataFrame,
    *,
    level: str = "official",
    instances: str = "items",
    missing: str = "error",
    framework: str | Framework | None = None,
) -> IndexResult:
    """The SPBE index of an indicators frame (``Book.indicators``).

    ``level``: ``"official"`` (maturity level, else the evaluator's, per indicator id),
    ``"self"``, ``"evaluator"`` or ``"maturity"``.  ``instances``: ``"items"`` (default),
    ``"mean"``, ``"max"``, ``"min"``.  ``missing``: ``"error"`` (default; raises
    :class:`MissingLevelError`) or ``"skip"``.  ``framework``: an id, a
    :class:`~spbe_xl.framework.Framework`, or None to detect it from the indicator numbers
    (see :func:`spbe_xl.framework.resolve_framework`: ``"spbe2020"`` when a number lies
    beyond the 2018 catalog, else ``"spbe2018"``; a frame holding decimal values such as
    1.26, in two cells or more, is scored under ``"pemdi2026"``, whose indicator values are
    scores 1.00-5.00; a single one, where both fit, is a ValueError: pass ``framework``).

    Raises ValueError for an unknown option, an indicator the framework does not have, a
    duplicated indicator id or a level outside the framework's range.
    """
    _engine.check_rules(instances, missing)
    cat = _frame_catalog(framework, indicators)
    return _engine.score_frame(cat, indicators, level=level, instances=instances, missing=missing)


def what_if(indicators: pd.DataFrame, changes: Mapping[str, float], **index_kwargs: Any) -> WhatIf:
    """The index before and after setting some indicators' levels.

    ``changes`` maps indicator ids (``"21"``, ``"35-2"``; ints are accepted) to new levels
    (whole levels; any value in the range, such as 2.75, under a score framework: Pemdi).
    An id must be in the frame, or be the number of a framework indicator the frame lacks
    altogether (the change then adds it).  The changed ids' level column is reported as
    ``"what_if"`` in ``after.level_columns``.  ``index_kwargs`` are those of
    :func:`index_scores`.  Raises ValueError for an unknown id or a level outside the
    framework's range.
    """
    level, instances, missing, framework = _engine.index_options(index_kwargs)
    cat = _frame_catalog(framework, indicators)
    return _deltas.what_if(
        cat, indicators, changes, level=level, instances=instances, missing=missing
    )


def level_deltas(
    indicators: pd.DataFrame,
    *,
    target: float = 5,
    framework: str | Framework | None = None,
    instances: str = "items",
) -> LevelDeltas:
    """Per indicator id: self vs official level, the gap to ``target`` and the index points
    to win (see :class:`LevelDeltas`); plus the self-assessed and official indices (both
    computed with ``missing="skip"``).

    ``points_to_target`` is the rise of the official index if this id alone reached
    ``target`` (0 when it is already there); ``points_to_next_level`` if it rose one level
    (0 at the framework's top level; <NA> without an official level).
    """
    _engine.check_rules(instances, "skip")
    cat = _frame_catalog(framework, indicators)
    off = _deltas.official_levels(cat, indicators, instances)
    return _deltas.level_deltas(off, target=target, instances=instances)


def agency_rollup(
    book: Book,
    *,
    target: float = 5,
    framework: str | Framework | None = None,
    instances: str = "items",
) -> pd.DataFrame:
    """Per responsible agency: what it owns and where the index points are.

    Columns: responsible_agency (the normalised name; ``NO_AGENCY`` for indicators without
    one, including framework indicators absent from the book), n_indicators, indicator_ids
    (comma-joined), n_shared (how many of them the agency shares with others: an indicator
    that ``book.responsibilities`` gives several agencies counts, fully, for each of them)
    and shared_with (those other agencies, ``"; "``-joined; <NA> when none), mean_level (official), points_now (its ids' points in the official
    index), points_to_win (the rise of the official index if all its ids reached
    ``target``), evidence_items / evidence_ada / evidence_belum_ada (recommended evidence
    items and their ADA / BELUM ADA marks), actions_<year> for each plan year (distinct
    action texts), indicators_without_action (how many of its ids have no action in any
    year).  Sorted by points_to_win, highest first.
    """
    cat = _book_catalog(book, framework)
    _engine.check_rules(instances, "skip")
    off = _deltas.official_levels(cat, book.indicators, instances)
    return _rollup.agency_rollup(off, book, target=target)


def compare(books: Sequence[Book], **index_kwargs: Any) -> pd.DataFrame:
    """Several books side by side, one row each, in the order given.

    Columns: instansi, year, framework, index (full precision), predicate, rank (1 = the
    highest published, i.e. 2-decimal, index; equal published figures share a rank),
    ``d<no>`` per domain and ``a<no>`` per aspect (the union over the books' frameworks;
    NaN where a book's framework has no such domain or aspect).  ``index_kwargs`` are those
    of :func:`index_scores`; without ``framework`` each book is scored on its own.
    """
    level, instances, missing, framework = _engine.index_options(index_kwargs)
    return _recap.compare(
        books, level=level, instances=instances, missing=missing, framework=framework
    )


def summarize(
    book: Book,
    *,
    target: float = 5,
    framework: str | Framework | None = None,
    instances: str = "items",
) -> Summary:
    """Everything a follow-up summary sheet shows (see :class:`Summary`).

    The official index is computed with ``missing="skip"`` so a summary can always be made;
    :attr:`IndexResult.skipped` and the notes say what is missing.
    """
    cat = _book_catalog(book, framework)
    fwk = cat.framework
    deltas = level_deltas(book.indicators, target=target, framework=fwk, instances=instances)
    rollup = agency_rollup(book, target=target, framework=fwk, instances=instances)
    rows = _read_levels(book.indicators, cat)
    scores = deltas.official_index
    return Summary(
        scores=scores,
        self_scores=deltas.self_index,
        deltas=deltas,
        rollup=rollup,
        notes=_summary_notes(cat, rows, scores, deltas.self_index, target),
    )


def recap(books: Sequence[Book], *, weak_below: int = 3, instances: str = "items") -> Recap:
    """Compare several books and summarise them (see :class:`Recap`).

    Levels are the official ones; a book's missing levels are skipped (``missing="skip"``)
    and named in the notes, so one incomplete workbook does not stop a province's recap.
    """
    return _recap.recap(books, weak_below=weak_below, instances=instances)


def plan(
    book: Book,
    target: str | float = "Sangat Baik",
    *,
    max_step: int = 1,
    exclude: Mapping[str, str | None] | Sequence[str] | None = None,
    external: Sequence[int | str] = (),
    level: str = "official",
    instances: str = "items",
    framework: str | Framework | None = None,
    increment: float | None = None,
) -> Plan:
    """The fewest level steps that raise the book's index to ``target`` (see :class:`Plan`).

    ``target``: a predicate name (``"Sangat Baik"``: its lower edge) or an index (``3.5``);
    reached when the published, 2-decimal figure reaches it.  A step raises one indicator id
    by the framework's increment (one level), never past its top level, at most
    ``max_step`` times per id.  ``exclude``: ids (or numbers) not to plan, a mapping to the
    reason when given; ``external``: indicator numbers valued from other agencies' indices
    (added to those the framework marks).  Both are shown apart, with ids without a level.
    Among the plans with the fewest steps the one spreading them most evenly over the
    agencies (smallest sum of squared steps per agency) is chosen, then the one with the
    lowest indicator ids.  When the target cannot be reached, every available step is
    planned, ``reached`` is False and ``best_reachable`` gives the highest index.
    ``instances``: ``"items"`` or ``"mean"`` (the rules under which steps add up).
    ``increment``: the size of a step under a decimal-score framework (Pemdi: 1.00 by
    default, the last step stopping at 5.00; 0.25 or 0.5 for finer plans).
    """
    cat = _book_catalog(book, framework)
    return _plan.make_plan(
        cat,
        book,
        target=target,
        max_step=max_step,
        exclude=exclude,
        external=external,
        level=level,
        instances=instances,
        increment=increment,
    )


def track(
    books: Sequence[Book],
    *,
    framework: str | Framework | None = None,
    instances: str = "items",
) -> Track:
    """The same instansi over several rounds (see :class:`Track`), ordered by year.

    Per indicator id the self, evaluator and official level of each round; for each pair of
    consecutive rounds of one framework, whether the earlier follow-up planned an action
    for it (for a year up to the later round's), for which years and by which agencies,
    and whether its official level was raised, held or fell; per agency the indicators
    planned, planned and raised, the levels gained on them (steps achieved), the unplanned
    raises and the falls.  Rounds of different frameworks are shown side by side, without
    a change between them, as no catalog maps their indicators (a note says so).  Indices
    are official and self-assessed, ``missing="skip"``.
    """
    _engine.check_rules(instances, "skip")
    return _track.track_books(books, framework=framework, instances=instances)
