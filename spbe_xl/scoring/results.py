"""What the rules return: the result types, the missing-level error and published rounding."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

__all__ = [
    "DISPLAY_DECIMALS",
    "IndexResult",
    "LevelDeltas",
    "MissingLevelError",
    "Recap",
    "Summary",
    "WhatIf",
    "round_half_up",
]

#: Decimals of the published figures.
DISPLAY_DECIMALS = 2


class MissingLevelError(ValueError):
    """Indicators have no level (or are absent from the frame) and ``missing="error"``.

    :attr:`ids` holds every indicator id concerned, in indicator order.
    """

    def __init__(self, message: str, ids: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.ids = tuple(ids)


def round_half_up(value: float | None, ndigits: int = DISPLAY_DECIMALS) -> float:
    """``value`` rounded half up to ``ndigits`` decimals, as published (and as Excel's ROUND).

    Float noise below 1e-9 is removed first, so a sum that is mathematically 2.595 but
    stored as 2.5949999999999997 rounds to 2.6.  NaN / None give NaN.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return math.nan
    cleaned = Decimal(repr(round(float(value), 9)))
    return float(cleaned.quantize(Decimal(1).scaleb(-ndigits), rounding=ROUND_HALF_UP))


@dataclass(frozen=True, eq=False)
class IndexResult:
    """An SPBE index with its parts.  See :mod:`spbe_xl.rules` for the formulas."""

    framework: str
    level: str  # "official" | "self" | "evaluator" | "maturity"
    instances: str  # "items" | "mean" | "max" | "min"
    missing: str  # "error" | "skip"
    #: indicator id -> the column its level came from ("maturity_level", "evaluator_level",
    #: "self_level", or "what_if" for a level set by :func:`what_if`); scored ids only.
    level_columns: dict[str, str]
    #: The index at full precision (NaN when no indicator has a level, with missing="skip").
    total: float
    #: The predicate of the published figure, ``round_half_up(total, 2)`` ("" when NaN).
    predicate: str
    #: domain_no, domain, weight (used, % of the index), index, n_indicators
    by_domain: pd.DataFrame
    #: aspect_no, aspect, domain_no, weight (used), index, n_indicators
    by_aspect: pd.DataFrame
    #: indicator_id, indicator_no, aspect_no, domain_no, weight (effective), level, points
    by_indicator: pd.DataFrame
    #: indicator ids without a level (missing="skip"), including framework indicators absent
    #: from the frame (their id is the indicator number).
    skipped: tuple[str, ...] = ()

    def rounded(self) -> dict[str, Any]:
        """The figures for display: total and indices rounded half up to 2 decimals.

        ``{"framework", "level", "instances", "total", "predicate",
        "by_domain": {domain_no: index}, "by_aspect": {aspect_no: index}}``; an index that
        could not be computed is None.
        """

        def r(value: Any) -> float | None:
            out = round_half_up(None if pd.isna(value) else float(value))
            return None if math.isnan(out) else out

        return {
            "framework": self.framework,
            "level": self.level,
            "instances": self.instances,
            "total": r(self.total),
            "predicate": self.predicate,
            "by_domain": {
                int(no): r(ix)
                for no, ix in zip(self.by_domain["domain_no"], self.by_domain["index"], strict=True)
            },
            "by_aspect": {
                int(no): r(ix)
                for no, ix in zip(self.by_aspect["aspect_no"], self.by_aspect["index"], strict=True)
            },
        }

    def domain_index(self, domain_no: int) -> float:
        """The full-precision index of one domain."""
        return float(self.by_domain.set_index("domain_no").at[domain_no, "index"])

    def aspect_index(self, aspect_no: int) -> float:
        """The full-precision index of one aspect."""
        return float(self.by_aspect.set_index("aspect_no").at[aspect_no, "index"])


@dataclass(frozen=True, eq=False)
class LevelDeltas:
    """Self level vs official level per indicator id, and the points still to win.

    ``table`` columns: indicator_id, indicator_no, name, aspect_no, domain_no, self_level,
    official_level, official_column, self_minus_official (positive = the instansi
    over-claimed), gap_to_target, points_to_target (index gain if this id alone reaches the
    target), points_to_next_level (index gain if it rises one level; 0 at the top level).
    Framework indicators absent from the frame have a row too (id = the indicator number).
    """

    table: pd.DataFrame
    self_index: IndexResult | None  # None when the frame has no self level at all
    official_index: IndexResult
    target: float = 5


@dataclass(frozen=True, eq=False)
class WhatIf:
    """The index before and after changing some levels."""

    before: IndexResult
    after: IndexResult
    #: scope ("total" | "domain" | "aspect"), number (<NA> for the total), before, after, delta
    change: pd.DataFrame
    changes: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Summary:
    """What a follow-up workbook's summary sheet shows."""

    scores: IndexResult  # official levels, missing="skip": .skipped lists the gaps
    self_scores: IndexResult | None  # self levels (missing="skip"), None without any
    deltas: LevelDeltas
    rollup: pd.DataFrame
    notes: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Recap:
    """Many instansi (or years) side by side: what ``spbe-xl recap`` writes.

    ``table`` is :func:`compare` (one row per book, with rank); ``domains`` and ``aspects``
    hold the mean, lowest and highest index over the books; ``predicates`` counts books per
    predicate (every band, zero included); ``weakest`` lists indicators by their mean
    official level over the books, lowest first, with how many books have them below
    ``weak_below``; ``notes`` says how the scores were taken.
    """

    table: pd.DataFrame
    domains: pd.DataFrame
    aspects: pd.DataFrame
    predicates: pd.DataFrame
    weakest: pd.DataFrame
    notes: tuple[str, ...]
