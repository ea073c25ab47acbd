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

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from spbe_xl.book import Book
    from spbe_xl.framework import Framework

__all__ = [
    "INSTANCE_RULES",
    "LEVELS",
    "NO_AGENCY",
    "IndexResult",
    "LevelDeltas",
    "MissingLevelError",
    "Recap",
    "Summary",
    "WhatIf",
    "agency_rollup",
    "compare",
    "index_scores",
    "level_deltas",
    "recap",
    "round_half_up",
    "summarize",
    "what_if",
]

#: level option -> the frame columns it reads, in order of preference.
LEVELS: dict[str, tuple[str, ...]] = {
    "official": ("maturity_level", "evaluator_level"),
    "self": ("self_level",),
    "evaluator": ("evaluator_level",),
    "maturity": ("maturity_level",),
}
#: How the instances of a multi-instance indicator fold (see the module docstring).
INSTANCE_RULES: tuple[str, ...] = ("items", "mean", "max", "min")
MISSING_RULES: tuple[str, ...] = ("error", "skip")
#: The rollup row of indicators without a responsible agency.
NO_AGENCY = "(tanpa penanggung jawab)"
#: Level column shown for an indicator whose level was set by :func:`what_if`.
WHAT_IF_COLUMN = "what_if"
#: Decimals of the published figures.
DISPLAY_DECIMALS = 2

_COLUMN_LABELS = {
    "maturity_level": "the follow-up's NILAI TINGKAT KEMATANGAN (maturity_level)",
    "evaluator_level": "the evaluator's HASIL PENILAIAN (evaluator_level)",
    "self_level": "the self-assessment's PENILAIAN MANDIRI (self_level)",
    WHAT_IF_COLUMN: "a what-if change",
}


class MissingLevelError(ValueError):
    """Indicators have no level (or are absent from the frame) and ``missing="error"``.

    :attr:`ids` holds every indicator id concerned, in indicator order.
    """

    def __init__(self, message: str, ids: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.ids = tuple(ids)


# --------------------------------------------------------------------------- rounding


def round_half_up(value: float | None, ndigits: int = DISPLAY_DECIMALS) -> float:
    """``value`` rounded half up to ``ndigits`` decimals, as published (and as Excel's ROUND).

    Float noise below 1e-9 is removed first, so a sum that is mathematically 2.595 but
    stored as 2.5949999999999997 rounds to 2.6.  NaN / None give NaN.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return math.nan
    cleaned = Decimal(repr(round(float(value), 9)))
    return float(cleaned.quantize(Decimal(1).scaleb(-ndigits), rounding=ROUND_HALF_UP))


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, eq=False)
class IndexResult:
    """An SPBE index with its parts.  See the module docstring for the formulas."""

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
    target: int = 5


@dataclass(frozen=True, eq=False)
class WhatIf:
    """The index before and after changing some levels."""

    before: IndexResult
    after: IndexResult
    #: scope ("total" | "domain" | "aspect"), number (<NA> for the total), before, after, delta
    change: pd.DataFrame
    changes: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Summary:
    """What a follow-up workbook's summary sheet shows."""

    scores: IndexResult  # official levels, missing="skip": .skipped lists the gaps
    self_scores: IndexResult | None  # self levels (missing="skip"), None without any
    deltas: LevelDeltas
    rollup: pd.DataFrame
    notes: tuple[str, ...]


# --------------------------------------------------------------------------- catalog


@dataclass(frozen=True)
class _Catalog:
    fw: Framework
    #: indicator_no -> (aspect_no, domain_no, weight, name)
    indicators: dict[int, tuple[int, int, float, str]]
    #: aspect_no -> (name, domain_no, weight)
    aspects: dict[int, tuple[str, int, float]]
    #: domain_no -> (name, weight)
    domains: dict[int, tuple[str, float]]
    weight_total: float  # the catalog's total weight (100)


#: id(framework) -> (framework, catalog); the framework is kept so that its id stays unique.
_CATALOGS: dict[int, tuple[Framework, _Catalog]] = {}
_CATALOG_CACHE_SIZE = 32


def _catalog(framework: Framework) -> _Catalog:
    hit = _CATALOGS.get(id(framework))
    if hit is not None and hit[0] is framework:
        return hit[1]
    cat = _build_catalog(framework)
    if len(_CATALOGS) >= _CATALOG_CACHE_SIZE:
        _CATALOGS.pop(next(iter(_CATALOGS)))
    _CATALOGS[id(framework)] = (framework, cat)
    return cat


def _build_catalog(framework: Framework) -> _Catalog:
    ind = framework.indicators
    asp = framework.aspects
    dom = framework.domains
    indicators = {
        int(r.indicator_no): (int(r.aspect_no), int(r.domain_no), float(r.weight), str(r.name))
        for r in ind.itertuples(index=False)
    }
    aspects = {
        int(r.aspect_no): (str(r.name), int(r.domain_no), float(r.weight))
        for r in asp.itertuples(index=False)
    }
    domains = {
        int(r.domain_no): (str(r.name), float(r.weight)) for r in dom.itertuples(index=False)
    }
    return _Catalog(
        fw=framework,
        indicators=indicators,
        aspects=aspects,
        domains=domains,
        weight_total=math.fsum(w for _, _, w in aspects.values()),
    )


def _numbers_in(frame: pd.DataFrame) -> list[int]:
    numbers: list[int] = []
    if "indicator_no" in frame.columns:
        numbers = [int(v) for v in frame["indicator_no"].dropna()]
    if "indicator_id" in frame.columns:
        for v in frame["indicator_id"].dropna():
            head = str(v).strip().partition("-")[0]
            if head.isdigit():
                numbers.append(int(head))
    return numbers


def _resolve_framework(framework: str | Framework | None, frame: pd.DataFrame) -> Framework:
    """The framework object: given, loaded by id, or detected from the indicator numbers."""
    from spbe_xl import framework as fw

    if isinstance(framework, fw.Framework):
        return framework
    if framework is not None:
        return fw.load(framework)
    # Detection: "spbe2020" if any indicator number lies beyond the 2018 catalog.
    numbers = _numbers_in(frame)
    last_2018 = max(_catalog(fw.load("spbe2018")).indicators)
    return fw.load("spbe2020" if numbers and max(numbers) > last_2018 else "spbe2018")


def _book_framework(book: Book, framework: str | Framework | None) -> Framework:
    """A book's framework: the argument, else the book's own if it has every indicator
    number of the frame, else detected from the numbers."""
    from spbe_xl import framework as fw

    if framework is not None:
        return _resolve_framework(framework, book.indicators)
    own = getattr(book.meta, "framework", None)
    if own:
        try:
            candidate = fw.load(own)
        except fw.FrameworkError:
            candidate = None
        if candidate is not None and all(
            candidate.has_indicator(n) for n in _numbers_in(book.indicators)
        ):
            return candidate
    return _resolve_framework(None, book.indicators)


# --------------------------------------------------------------------------- the frame


def _id_key(indicator_id: str) -> tuple[int, int, str]:
    head, _, tail = indicator_id.partition("-")
    number = int(head) if head.isdigit() else 10**9
    instance = int(tail) if tail.isdigit() else (0 if not tail else 10**9)
    return number, instance, indicator_id


def _as_level(value: Any, indicator_id: str, column: str) -> int | None:
    if value is None or value is pd.NA:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, bool):
        raise ValueError(f"indicator {indicator_id}: {column} {value!r} is not a level")
    try:
        as_float = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"indicator {indicator_id}: {column} {value!r} is not a level") from None
    if not as_float.is_integer():
        raise ValueError(f"indicator {indicator_id}: {column} {value!r} is not a whole level")
    return int(as_float)


@dataclass
class _Rows:
    """The frame read once: indicator ids in order and their fields."""

    ids: list[str]
    no_of: dict[str, int]
    values: dict[str, dict[str, int | None]]  # level column -> id -> level
    names: dict[str, str | None]
    agencies: dict[str, str | None]


_LEVEL_COLUMNS = ("self_level", "evaluator_level", "maturity_level")


def _read_rows(frame: pd.DataFrame, cat: _Catalog) -> _Rows:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"expected an indicators DataFrame, not {type(frame).__name__}")
    if "indicator_id" not in frame.columns and "indicator_no" not in frame.columns:
        raise ValueError("the frame has neither an indicator_id nor an indicator_no column")
    n = len(frame)

    def column(name: str) -> list[Any]:
        return frame[name].tolist() if name in frame.columns else [None] * n

    raw_ids, raw_nos = column("indicator_id"), column("indicator_no")
    names, agencies = column("name"), column("responsible_agency")
    levels = {c: column(c) for c in _LEVEL_COLUMNS}
    fw = cat.fw
    rows = _Rows(ids=[], no_of={}, values={c: {} for c in _LEVEL_COLUMNS}, names={}, agencies={})
    for i in range(n):
        rid, rno = raw_ids[i], raw_nos[i]
        id_text = None if rid is None or pd.isna(rid) else str(rid).strip() or None
        number: int | None = None
        if rno is not None and not pd.isna(rno):
            number = int(rno)
        if id_text is None:
            if number is None:
                raise ValueError(f"row {i} has neither an indicator id nor a number")
            id_text = str(number)
        head = id_text.partition("-")[0]
        if not head.isdigit():
            raise ValueError(f"indicator id {id_text!r} (row {i}) does not start with a number")
        if number is None:
            number = int(head)
        elif int(head) != number:
            raise ValueError(
                f"indicator id {id_text!r} (row {i}) does not match its number {number}"
            )
        if not fw.has_indicator(number):
            raise ValueError(
                f"indicator {id_text} is not in framework {fw.id} "
                f"(indicators {min(cat.indicators)}-{max(cat.indicators)})"
            )
        if id_text in rows.no_of:
            raise ValueError(f"indicator id {id_text} appears more than once in the frame")
        rows.ids.append(id_text)
        rows.no_of[id_text] = number
        for c in _LEVEL_COLUMNS:
            rows.values[c][id_text] = _as_level(levels[c][i], id_text, c)
        nm, ag = names[i], agencies[i]
        rows.names[id_text] = None if nm is None or pd.isna(nm) else str(nm)
        rows.agencies[id_text] = None if ag is None or pd.isna(ag) else " ".join(str(ag).split())
    rows.ids.sort(key=_id_key)
    return rows


def _check_level(cat: _Catalog, level: int, indicator_id: str, column: str) -> None:
    fw = cat.fw
    if not fw.level_min <= level <= fw.level_max:
        raise ValueError(
            f"indicator {indicator_id}: {column} {level} is outside {fw.id}'s level range "
            f"{fw.level_min}-{fw.level_max}"
        )


def _pick(
    rows: _Rows, cat: _Catalog, level: str
) -> tuple[dict[str, int | None], dict[str, str | None]]:
    """id -> level and id -> column used, for a level option."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    chosen: dict[str, int | None] = {}
    used: dict[str, str | None] = {}
    for iid in rows.ids:
        chosen[iid], used[iid] = None, None
        for c in LEVELS[level]:
            value = rows.values[c][iid]
            if value is not None:
                _check_level(cat, value, iid, c)
                chosen[iid], used[iid] = value, c
                break
    return chosen, used


# --------------------------------------------------------------------------- the engine


# One scoring unit of an aspect: (unit weight, unit level, [(id, share of the unit)]).
_Unit = tuple[float, float, list[tuple[str, float]]]


@dataclass
class _Computed:
    total: float
    aspect_index: dict[int, float]
    aspect_weight: dict[int, float]  # used (scaled) weights
    aspect_n: dict[int, int]
    domain_index: dict[int, float]
    domain_weight: dict[int, float]
    domain_n: dict[int, int]
    item_weight: dict[str, float]  # scored ids -> effective weight
    skipped: list[str]
    units: dict[int, list[_Unit]]  # aspect_no -> its scoring units
    by_no: dict[int, list[str]]  # indicator_no -> its ids, in frame order


def _indicator_units(
    rule: str, weight: float, present: Sequence[str], levels: Mapping[str, int | None]
) -> list[_Unit]:
    """The units one indicator gives under an instances rule (``present``: its ids that
    have a level, in frame order)."""
    vals = [float(levels[iid]) for iid in present]  # type: ignore[arg-type]
    if rule == "items" or len(present) == 1:
        return [(weight, v, [(iid, 1.0)]) for iid, v in zip(present, vals, strict=True)]
    if rule == "mean":
        share = 1.0 / len(present)
        return [(weight, math.fsum(vals) / len(vals), [(iid, share) for iid in present])]
    # max / min: the first instance holding the extreme carries the weight
    pick = max(vals) if rule == "max" else min(vals)
    chosen = vals.index(pick)
    return [(weight, pick, [(iid, 1.0 if k == chosen else 0.0) for k, iid in enumerate(present)])]


def _aspect_units(
    cat: _Catalog,
    aspect_no: int,
    by_no: Mapping[int, list[str]],
    levels: Mapping[str, int | None],
    rule: str,
) -> tuple[list[_Unit], int]:
    """The scoring units of one aspect, in catalog order, and how many of its indicators
    have a level."""
    units: list[_Unit] = []
    scored = 0
    for no, (a, _, weight, _) in cat.indicators.items():
        if a != aspect_no:
            continue
        present = [iid for iid in by_no.get(no, []) if levels.get(iid) is not None]
        if present:
            scored += 1
            units.extend(_indicator_units(rule, weight, present, levels))
    return units, scored


def _aspect_index(units: Sequence[_Unit]) -> float:
    wsum = math.fsum(w for w, _, _ in units)
    if wsum > 0:
        return math.fsum(w * lv for w, lv, _ in units) / wsum
    return math.fsum(lv for _, lv, _ in units) / len(units)


def _total(
    cat: _Catalog,
    units: Mapping[int, Sequence[_Unit]],
    aspect_weight: Mapping[int, float],
    aspect_index: Mapping[int, float],
) -> float:
    return (
        math.fsum(aspect_weight[a] * aspect_index[a] for a in cat.aspects if units[a])
        / cat.weight_total
    )


def _compute(
    cat: _Catalog,
    ids: Sequence[str],
    no_of: Mapping[str, int],
    levels: Mapping[str, int | None],
    rule: str,
) -> _Computed:
    """The index of ``levels`` (id -> level or None) under an instances rule."""
    by_no: dict[int, list[str]] = {}
    for iid in ids:
        by_no.setdefault(no_of[iid], []).append(iid)
    skipped = [iid for iid in ids if levels.get(iid) is None]
    skipped += [str(no) for no in cat.indicators if no not in by_no]
    skipped.sort(key=_id_key)

    units: dict[int, list[_Unit]] = {}
    n_scored: dict[int, int] = {}  # aspect_no -> its indicators with a level
    for a in cat.aspects:
        units[a], n_scored[a] = _aspect_units(cat, a, by_no, levels, rule)

    aspect_index: dict[int, float] = {}
    present_weight = 0.0
    for a, us in units.items():
        if not us:
            aspect_index[a] = math.nan
            continue
        aspect_index[a] = _aspect_index(us)
        present_weight += cat.aspects[a][2]
    scale = cat.weight_total / present_weight if present_weight > 0 else math.nan
    aspect_weight = {a: (cat.aspects[a][2] * scale if units[a] else 0.0) for a in cat.aspects}
    total = _total(cat, units, aspect_weight, aspect_index) if present_weight > 0 else math.nan

    item_weight: dict[str, float] = {}
    for a, us in units.items():
        if not us:
            continue
        wsum = math.fsum(w for w, _, _ in us)
        for w, _, shares in us:
            part = (w / wsum) if wsum > 0 else 1.0 / len(us)
            for iid, share in shares:
                item_weight[iid] = aspect_weight[a] * part * share

    domain_index: dict[int, float] = {}
    domain_weight: dict[int, float] = {}
    domain_n: dict[int, int] = {}
    for d in cat.domains:
        members = [a for a, (_, dno, _) in cat.aspects.items() if dno == d]
        wd = math.fsum(aspect_weight[a] for a in members if units[a])
        domain_weight[d] = wd
        domain_n[d] = sum(n_scored[a] for a in members)
        if wd > 0:
            domain_index[d] = (
                math.fsum(aspect_weight[a] * aspect_index[a] for a in members if units[a]) / wd
            )
        elif any(units[a] for a in members):
            vals = [aspect_index[a] for a in members if units[a]]
            domain_index[d] = math.fsum(vals) / len(vals)
        else:
            domain_index[d] = math.nan
    return _Computed(
        total=total,
        aspect_index=aspect_index,
        aspect_weight=aspect_weight,
        aspect_n=n_scored,
        domain_index=domain_index,
        domain_weight=domain_weight,
        domain_n=domain_n,
        item_weight=item_weight,
        skipped=skipped,
        units=units,
        by_no=by_no,
    )


def _check_rule(instances: str, missing: str) -> None:
    if instances not in INSTANCE_RULES:
        raise ValueError(f"instances must be one of {', '.join(INSTANCE_RULES)}, not {instances!r}")
    if missing not in MISSING_RULES:
        raise ValueError(f"missing must be one of {', '.join(MISSING_RULES)}, not {missing!r}")


def _missing_error(
    cat: _Catalog, rows_ids: Iterable[str], skipped: Sequence[str], level: str
) -> MissingLevelError:
    present = set(rows_ids)
    no_level = [iid for iid in skipped if iid in present]
    absent = [iid for iid in skipped if iid not in present]
    columns = " or ".join(LEVELS[level])
    parts = []
    if no_level:
        parts.append(f"no {level} level ({columns}) for indicator(s) {', '.join(no_level)}")
    if absent:
        parts.append(f"indicator(s) {', '.join(absent)} of {cat.fw.id} are not in the frame at all")
    message = "; ".join(parts) + (
        " -- pass missing='skip' to compute the index over the indicators that have a level"
    )
    return MissingLevelError(message, ids=list(skipped))


def _result(
    cat: _Catalog,
    rows: _Rows,
    levels: Mapping[str, int | None],
    used: Mapping[str, str | None],
    *,
    level: str,
    instances: str,
    missing: str,
    extra_ids: Sequence[str] = (),
) -> IndexResult:
    ids = [*rows.ids, *extra_ids]
    no_of = dict(rows.no_of)
    for iid in extra_ids:
        no_of[iid] = int(iid.partition("-")[0])
    comp = _compute(cat, ids, no_of, levels, instances)
    if missing == "error" and comp.skipped:
        raise _missing_error(cat, ids, comp.skipped, level)
    scored = sorted(comp.item_weight, key=_id_key)
    by_indicator = pd.DataFrame(
        {
            "indicator_id": pd.array(scored, dtype="string"),
            "indicator_no": pd.array([no_of[i] for i in scored], dtype="Int64"),
            "aspect_no": pd.array([cat.indicators[no_of[i]][0] for i in scored], dtype="Int64"),
            "domain_no": pd.array([cat.indicators[no_of[i]][1] for i in scored], dtype="Int64"),
            "weight": pd.array([comp.item_weight[i] for i in scored], dtype="float64"),
            "level": pd.array([levels[i] for i in scored], dtype="Int64"),
        }
    )
    by_indicator["points"] = pd.array(
        [comp.item_weight[i] * float(levels[i]) / cat.weight_total for i in scored],  # type: ignore[arg-type]
        dtype="float64",
    )
    by_aspect = pd.DataFrame(
        {
            "aspect_no": pd.array(list(cat.aspects), dtype="Int64"),
            "aspect": pd.array([v[0] for v in cat.aspects.values()], dtype="string"),
            "domain_no": pd.array([v[1] for v in cat.aspects.values()], dtype="Int64"),
            "weight": pd.array([comp.aspect_weight[a] for a in cat.aspects], dtype="float64"),
            "index": pd.array([comp.aspect_index[a] for a in cat.aspects], dtype="float64"),
            "n_indicators": pd.array([comp.aspect_n[a] for a in cat.aspects], dtype="Int64"),
        }
    )
    by_domain = pd.DataFrame(
        {
            "domain_no": pd.array(list(cat.domains), dtype="Int64"),
            "domain": pd.array([v[0] for v in cat.domains.values()], dtype="string"),
            "weight": pd.array([comp.domain_weight[d] for d in cat.domains], dtype="float64"),
            "index": pd.array([comp.domain_index[d] for d in cat.domains], dtype="float64"),
            "n_indicators": pd.array([comp.domain_n[d] for d in cat.domains], dtype="Int64"),
        }
    )
    # float64 NaN rather than <NA> for indices that could not be computed
    for frame in (by_aspect, by_domain):
        frame["index"] = frame["index"].astype("float64")
    published = round_half_up(comp.total)
    predicate = "" if math.isnan(published) else cat.fw.predicate(published)
    return IndexResult(
        framework=cat.fw.id,
        level=level,
        instances=instances,
        missing=missing,
        level_columns={i: str(used[i]) for i in scored if used.get(i) is not None},
        total=comp.total,
        predicate=predicate,
        by_domain=by_domain,
        by_aspect=by_aspect,
        by_indicator=by_indicator,
        skipped=tuple(comp.skipped),
    )


# --------------------------------------------------------------------------- index


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
    :class:`~spbe_xl.framework.Framework`, or None to detect it (``"spbe2020"`` when an
    indicator number lies beyond the 2018 catalog, else ``"spbe2018"``).

    Raises ValueError for an unknown option, an indicator the framework does not have, a
    duplicated indicator id or a level outside the framework's range.
    """
    _check_rule(instances, missing)
    cat = _catalog(_resolve_framework(framework, indicators))
    rows = _read_rows(indicators, cat)
    levels, used = _pick(rows, cat, level)
    return _result(cat, rows, levels, used, level=level, instances=instances, missing=missing)


# --------------------------------------------------------------------------- what-if


def _index_kwargs(kwargs: Mapping[str, Any]) -> tuple[str, str, str, Any]:
    allowed = {"level", "instances", "missing", "framework"}
    unknown = sorted(set(kwargs) - allowed)
    if unknown:
        raise TypeError(f"unexpected keyword argument(s): {', '.join(unknown)}")
    level = kwargs.get("level", "official")
    instances = kwargs.get("instances", "items")
    missing = kwargs.get("missing", "error")
    _check_rule(instances, missing)
    return level, instances, missing, kwargs.get("framework")


def _change_frame(before: IndexResult, after: IndexResult) -> pd.DataFrame:
    scopes = ["total"]
    numbers: list[Any] = [pd.NA]
    b_vals, a_vals = [before.total], [after.total]
    for scope, key, attr in (
        ("domain", "domain_no", "by_domain"),
        ("aspect", "aspect_no", "by_aspect"),
    ):
        fb, fa = getattr(before, attr), getattr(after, attr)
        for no, vb, va in zip(fb[key], fb["index"], fa["index"], strict=True):
            scopes.append(scope)
            numbers.append(int(no))
            b_vals.append(float(vb))
            a_vals.append(float(va))
    return pd.DataFrame(
        {
            "scope": pd.array(scopes, dtype="string"),
            "number": pd.array(numbers, dtype="Int64"),
            "before": pd.array(b_vals, dtype="float64"),
            "after": pd.array(a_vals, dtype="float64"),
            "delta": pd.array(
                [a - b for a, b in zip(a_vals, b_vals, strict=True)], dtype="float64"
            ),
        }
    )


def what_if(indicators: pd.DataFrame, changes: Mapping[str, int], **index_kwargs: Any) -> WhatIf:
    """The index before and after setting some indicators' levels.

    ``changes`` maps indicator ids (``"21"``, ``"35-2"``; ints are accepted) to new levels.
    An id must be in the frame, or be the number of a framework indicator the frame lacks
    altogether (the change then adds it).  The changed ids' level column is reported as
    ``"what_if"`` in ``after.level_columns``.  ``index_kwargs`` are those of
    :func:`index_scores`.  Raises ValueError for an unknown id or a level outside the
    framework's range.
    """
    level, instances, missing, framework = _index_kwargs(index_kwargs)
    cat = _catalog(_resolve_framework(framework, indicators))
    rows = _read_rows(indicators, cat)
    levels, used = _pick(rows, cat, level)
    present_nos = set(rows.no_of.values())
    new_levels = dict(levels)
    new_used = dict(used)
    extra: list[str] = []
    clean: dict[str, int] = {}
    for key, value in changes.items():
        iid = str(key).strip()
        if iid not in rows.no_of:
            if iid.isdigit() and cat.fw.has_indicator(int(iid)) and int(iid) not in present_nos:
                extra.append(iid)
            else:
                known = ", ".join(rows.ids) if rows.ids else "none"
                raise ValueError(
                    f"unknown indicator id {key!r}: not in the frame (ids: {known}) "
                    f"and not a {cat.fw.id} indicator missing from it"
                )
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or (isinstance(value, float) and not value.is_integer())
        ):
            raise ValueError(f"indicator {iid}: new level {value!r} is not a whole number")
        lv = int(value)
        _check_level(cat, lv, iid, "new level")
        new_levels[iid] = lv
        new_used[iid] = WHAT_IF_COLUMN
        clean[iid] = lv
    before = _result(cat, rows, levels, used, level=level, instances=instances, missing=missing)
    after = _result(
        cat,
        rows,
        new_levels,
        new_used,
        level=level,
        instances=instances,
        missing=missing,
        extra_ids=extra,
    )
    return WhatIf(before=before, after=after, change=_change_frame(before, after), changes=clean)


# --------------------------------------------------------------------------- deltas


def _check_target(cat: _Catalog, target: int) -> None:
    if isinstance(target, bool) or not isinstance(target, int):
        raise ValueError(f"target must be a whole level, not {target!r}")
    if not cat.fw.level_min <= target <= cat.fw.level_max:
        raise ValueError(
            f"target {target} is outside {cat.fw.id}'s level range "
            f"{cat.fw.level_min}-{cat.fw.level_max}"
        )


@dataclass
class _Official:
    cat: _Catalog
    rows: _Rows
    ids: list[str]  # frame ids + absent catalog indicators
    no_of: dict[str, int]
    levels: dict[str, int | None]
    used: dict[str, str | None]
    instances: str
    computed: _Computed

    @property
    def base(self) -> float:
        return self.computed.total

    def total_with(self, changes: Mapping[str, int]) -> float:
        """The total index with some levels changed.

        level_deltas asks this once or twice per indicator, so when no change adds or
        removes a level (the aspects that count stay the same) only the changed aspects
        are recomputed, with the same formulas in the same order as ``_compute`` (the
        same floating-point result); otherwise everything is.
        """
        levels = dict(self.levels)
        levels.update(changes)
        if any(self.levels.get(iid) is None or lv is None for iid, lv in changes.items()):
            return _compute(self.cat, self.ids, self.no_of, levels, self.instances).total
        base = self.computed
        units = dict(base.units)
        aspect_index = dict(base.aspect_index)
        for aspect_no in {self.cat.indicators[self.no_of[iid]][0] for iid in changes}:
            units[aspect_no], _ = _aspect_units(
                self.cat, aspect_no, base.by_no, levels, self.instances
            )
            aspect_index[aspect_no] = _aspect_index(units[aspect_no])
        return _total(self.cat, units, base.aspect_weight, aspect_index)


def _official(indicators: pd.DataFrame, framework: Any, instances: str) -> _Official:
    _check_rule(instances, "skip")
    cat = _catalog(_resolve_framework(framework, indicators))
    rows = _read_rows(indicators, cat)
    levels, used = _pick(rows, cat, "official")
    present = set(rows.no_of.values())
    absent = [str(no) for no in cat.indicators if no not in present]
    ids = sorted([*rows.ids, *absent], key=_id_key)
    no_of = dict(rows.no_of)
    for iid in absent:
        no_of[iid] = int(iid)
        levels[iid] = None
        used[iid] = None
    computed = _compute(cat, ids, no_of, levels, instances)
    return _Official(cat, rows, ids, no_of, levels, used, instances, computed)


def _gain(off: _Official, changes: Mapping[str, int]) -> float:
    after = off.total_with(changes)
    if math.isnan(off.base):
        return after if not math.isnan(after) else math.nan
    return after - off.base


def level_deltas(
    indicators: pd.DataFrame,
    *,
    target: int = 5,
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
    off = _official(indicators, framework, instances)
    cat = off.cat
    _check_target(cat, target)
    rows = off.rows
    self_levels = {iid: rows.values["self_level"].get(iid) for iid in off.ids}
    for iid, lv in self_levels.items():
        if lv is not None:
            _check_level(cat, lv, iid, "self_level")

    records = []
    for iid in off.ids:
        no = off.no_of[iid]
        aspect_no, domain_no, _, catalog_name = cat.indicators[no]
        lv = off.levels[iid]
        sl = self_levels[iid]
        if lv is None:
            gap: Any = pd.NA
            to_target = _gain(off, {iid: target})
            to_next: Any = math.nan
        else:
            gap = max(0, target - lv)
            to_target = _gain(off, {iid: max(lv, target)}) if gap else 0.0
            to_next = _gain(off, {iid: lv + 1}) if lv < cat.fw.level_max else 0.0
        records.append(
            {
                "indicator_id": iid,
                "indicator_no": no,
                "name": rows.names.get(iid) or catalog_name,
                "aspect_no": aspect_no,
                "domain_no": domain_no,
                "self_level": sl,
                "official_level": lv,
                "official_column": off.used.get(iid),
                "self_minus_official": (sl - lv) if sl is not None and lv is not None else None,
                "gap_to_target": gap,
                "points_to_target": to_target,
                "points_to_next_level": to_next,
            }
        )
    table = pd.DataFrame.from_records(
        records,
        columns=[
            "indicator_id",
            "indicator_no",
            "name",
            "aspect_no",
            "domain_no",
            "self_level",
            "official_level",
            "official_column",
            "self_minus_official",
            "gap_to_target",
            "points_to_target",
            "points_to_next_level",
        ],
    ).astype(
        {
            "indicator_id": "string",
            "indicator_no": "Int64",
            "name": "string",
            "aspect_no": "Int64",
            "domain_no": "Int64",
            "self_level": "Int64",
            "official_level": "Int64",
            "official_column": "string",
            "self_minus_official": "Int64",
            "gap_to_target": "Int64",
            "points_to_target": "float64",
            "points_to_next_level": "float64",
        }
    )
    official_index = _result(
        cat, rows, off.levels, off.used, level="official", instances=instances, missing="skip"
    )
    self_index = None
    if any(rows.values["self_level"][iid] is not None for iid in rows.ids):
        s_levels, s_used = _pick(rows, cat, "self")
        self_index = _result(
            cat, rows, s_levels, s_used, level="self", instances=instances, missing="skip"
        )
    return LevelDeltas(
        table=table, self_index=self_index, official_index=official_index, target=target
    )


# --------------------------------------------------------------------------- agencies


def _plan_years(book: Book) -> list[int]:
    years = {int(y) for y in getattr(book.meta, "plan_years", ()) or ()}
    actions = book.actions
    if "year" in actions.columns:
        years |= {int(y) for y in actions["year"].dropna()}
    return sorted(years)


def agency_rollup(
    book: Book,
    *,
    target: int = 5,
    framework: str | Framework | None = None,
    instances: str = "items",
) -> pd.DataFrame:
    """Per responsible agency: what it owns and where the index points are.

    Columns: responsible_agency (the normalised name; ``NO_AGENCY`` for indicators without
    one, including framework indicators absent from the book), n_indicators, indicator_ids
    (comma-joined), mean_level (official), points_now (its ids' points in the official
    index), points_to_win (the rise of the official index if all its ids reached
    ``target``), evidence_items / evidence_ada / evidence_belum_ada (recommended evidence
    items and their ADA / BELUM ADA marks), actions_<year> for each plan year (distinct
    action texts), indicators_without_action (how many of its ids have no action in any
    year).  Sorted by points_to_win, highest first.
    """
    off = _official(book.indicators, _book_framework(book, framework), instances)
    cat = off.cat
    _check_target(cat, target)
    points = {
        iid: w * float(off.levels[iid]) / cat.weight_total  # type: ignore[arg-type]
        for iid, w in off.computed.item_weight.items()
    }
    groups: dict[str, list[str]] = {}
    for iid in off.ids:
        agency = off.rows.agencies.get(iid) or NO_AGENCY
        groups.setdefault(agency, []).append(iid)

    ev = book.evidence
    if len(ev) and {"indicator_id", "kind"} <= set(ev.columns):
        ev = ev[ev["kind"].astype("string").str.strip().str.lower() == "recommended"]
        ev_ids = ev["indicator_id"].astype("string").str.strip().tolist()
        ev_status = [
            None if pd.isna(s) else " ".join(str(s).lower().split())
            for s in (ev["status"] if "status" in ev.columns else [None] * len(ev))
        ]
    else:
        ev_ids, ev_status = [], []

    years = _plan_years(book)
    act = book.actions
    action_keys: set[tuple[str, int, str]] = set()
    with_action: set[str] = set()
    if len(act) and "indicator_id" in act.columns:
        for iid, year, text in zip(
            act["indicator_id"],
            act["year"] if "year" in act.columns else [None] * len(act),
            act["text"] if "text" in act.columns else [None] * len(act),
            strict=True,
        ):
            if iid is None or pd.isna(iid):
                continue
            key = str(iid).strip()
            with_action.add(key)
            if year is not None and not pd.isna(year):
                action_keys.add(
                    (key, int(year), "" if text is None or pd.isna(text) else str(text))
                )

    records = []
    for agency, ids in groups.items():
        owned = set(ids)
        lvls = [off.levels[i] for i in ids if off.levels[i] is not None]
        raised = {
            i: target if off.levels[i] is None else max(off.levels[i], target)  # type: ignore[type-var]
            for i in ids
        }
        statuses = [s for i, s in zip(ev_ids, ev_status, strict=True) if i in owned]
        record: dict[str, Any] = {
            "responsible_agency": agency,
            "n_indicators": len(ids),
            "indicator_ids": ", ".join(ids),
            "mean_level": (math.fsum(lvls) / len(lvls)) if lvls else math.nan,  # type: ignore[arg-type]
            "points_now": math.fsum(points.get(i, 0.0) for i in ids),
            "points_to_win": _gain(off, raised),
            "evidence_items": len(statuses),
            "evidence_ada": sum(1 for s in statuses if s == "ada"),
            "evidence_belum_ada": sum(1 for s in statuses if s == "belum ada"),
        }
        for year in years:
            record[f"actions_{year}"] = sum(
                1 for k in action_keys if k[0] in owned and k[1] == year
            )
        record["indicators_without_action"] = sum(1 for i in ids if i not in with_action)
        records.append(record)
    columns = [
        "responsible_agency",
        "n_indicators",
        "indicator_ids",
        "mean_level",
        "points_now",
        "points_to_win",
        "evidence_items",
        "evidence_ada",
        "evidence_belum_ada",
        *[f"actions_{y}" for y in years],
        "indicators_without_action",
    ]
    dtypes = {
        "responsible_agency": "string",
        "n_indicators": "Int64",
        "indicator_ids": "string",
        "mean_level": "float64",
        "points_now": "float64",
        "points_to_win": "float64",
        "evidence_items": "Int64",
        "evidence_ada": "Int64",
        "evidence_belum_ada": "Int64",
        **{f"actions_{y}": "Int64" for y in years},
        "indicators_without_action": "Int64",
    }
    frame = pd.DataFrame.from_records(records, columns=columns).astype(dtypes)
    frame = frame.sort_values(
        ["points_to_win", "responsible_agency"], ascending=[False, True], kind="stable"
    )
    return frame.reset_index(drop=True)


# --------------------------------------------------------------------------- compare


def compare(books: Sequence[Book], **index_kwargs: Any) -> pd.DataFrame:
    """Several books side by side, one row each, in the order given.

    Columns: instansi, year, framework, index (full precision), predicate, rank (1 = the
    highest published, i.e. 2-decimal, index; equal published figures share a rank),
    ``d<no>`` per domain and ``a<no>`` per aspect (the union over the books' frameworks;
    NaN where a book's framework has no such domain or aspect).  ``index_kwargs`` are those
    of :func:`index_scores`; without ``framework`` each book is scored on its own.
    """
    level, instances, missing, framework = _index_kwargs(index_kwargs)
    records = []
    domain_nos: set[int] = set()
    aspect_nos: set[int] = set()
    for book in books:
        fwk = _book_framework(book, framework)
        r = index_scores(
            book.indicators, level=level, instances=instances, missing=missing, framework=fwk
        )
        rec: dict[str, Any] = {
            "instansi": book.meta.instansi,
            "year": book.meta.year,
            "framework": r.framework,
            "index": r.total,
            "predicate": r.predicate,
        }
        for no, ix in zip(r.by_domain["domain_no"], r.by_domain["index"], strict=True):
            rec[f"d{int(no)}"] = float(ix)
            domain_nos.add(int(no))
        for no, ix in zip(r.by_aspect["aspect_no"], r.by_aspect["index"], strict=True):
            rec[f"a{int(no)}"] = float(ix)
            aspect_nos.add(int(no))
        records.append(rec)
    parts = [f"d{n}" for n in sorted(domain_nos)] + [f"a{n}" for n in sorted(aspect_nos)]
    columns = ["instansi", "year", "framework", "index", "predicate", "rank", *parts]
    frame = pd.DataFrame.from_records(records, columns=columns)
    published = frame["index"].map(round_half_up) if len(frame) else frame["index"]
    frame["rank"] = published.rank(method="min", ascending=False)
    return frame.astype(
        {
            "instansi": "string",
            "year": "Int64",
            "framework": "string",
            "index": "float64",
            "predicate": "string",
            "rank": "Int64",
            **{p: "float64" for p in parts},
        }
    )


# --------------------------------------------------------------------------- summary


def _ids_text(ids: Sequence[str], limit: int = 12) -> str:
    ids = list(ids)
    if len(ids) <= limit:
        return ", ".join(ids)
    return ", ".join(ids[:limit]) + f" and {len(ids) - limit} more"


def _notes(
    cat: _Catalog,
    rows: _Rows,
    scores: IndexResult,
    self_scores: IndexResult | None,
    target: int,
) -> tuple[str, ...]:
    fw = cat.fw
    notes: list[str] = [
        f"Framework {fw.id} ({fw.regulation}); levels {fw.level_min}-{fw.level_max}. "
        "Index = Σ aspect weight × aspect index / 100; aspect index = mean of its items; "
        "domain index = aspect-weighted mean of its aspects.",
    ]
    by_col: dict[str, list[str]] = {}
    for iid, col in scores.level_columns.items():
        by_col.setdefault(col, []).append(iid)
    if by_col.get("evaluator_level") and by_col.get("maturity_level"):
        notes.append(
            f"Official levels: {_COLUMN_LABELS['maturity_level']} for "
            f"{len(by_col['maturity_level'])} indicator(s); "
            f"{_COLUMN_LABELS['evaluator_level']} where the follow-up has none: "
            f"{_ids_text(by_col['evaluator_level'])}."
        )
    else:
        for col, ids in by_col.items():
            notes.append(
                f"Official levels: {_COLUMN_LABELS.get(col, col)} for all "
                f"{len(ids)} scored indicator(s)."
            )
    differ = [
        iid
        for iid in rows.ids
        if rows.values["maturity_level"][iid] is not None
        and rows.values["evaluator_level"][iid] is not None
        and rows.values["maturity_level"][iid] != rows.values["evaluator_level"][iid]
    ]
    if differ:
        notes.append(
            f"The follow-up's level differs from the evaluator's for {len(differ)} "
            f"indicator(s) ({_ids_text(differ)}); the follow-up's is used."
        )
    if scores.skipped:
        present = set(rows.ids)
        absent = [i for i in scores.skipped if i not in present]
        no_level = [i for i in scores.skipped if i in present]
        text = []
        if no_level:
            text.append(f"no official level for {_ids_text(no_level)}")
        if absent:
            text.append(f"indicator(s) {_ids_text(absent)} absent from the workbook")
        notes.append(
            "Incomplete: "
            + "; ".join(text)
            + ". The index is computed over the other indicators and is not the official figure."
        )
    multi: dict[int, list[str]] = {}
    for iid in rows.ids:
        multi.setdefault(rows.no_of[iid], []).append(iid)
    for no, ids in multi.items():
        if len(ids) < 2:
            continue
        aspect_no = cat.indicators[no][0]
        aspect_w = cat.aspects[aspect_no][2]
        rule = scores.instances
        if rule == "items":
            how = (
                f"each instance counts as one item in aspect {aspect_no}'s mean and aspect "
                f"{aspect_no} keeps its weight ({aspect_w:g})"
            )
        else:
            how = f"indicator {no}'s level is the {rule} of its instances"
        notes.append(
            f"Indicator {no} has {len(ids)} instances ({', '.join(ids)}); instances rule "
            f"{rule!r}: {how}."
        )
    published = round_half_up(scores.total)
    if not math.isnan(published):
        notes.append(
            f"The predicate is that of the index rounded half up to 2 decimals "
            f"({published:.2f} -> {scores.predicate})."
        )
    open_bands = [str(p.name) for p in fw.predicates.itertuples(index=False) if p.status == "open"]
    if open_bands:
        notes.append(
            f"Predicate bands assumed, not seen in an official text for {fw.id} "
            f"(status 'open'): {', '.join(open_bands)}."
        )
    if self_scores is None:
        notes.append("No self-assessment levels: the self-assessed index is not computed.")
    elif self_scores.skipped:
        notes.append(
            f"Self-assessment levels missing for {_ids_text(self_scores.skipped)}; the "
            "self-assessed index is computed over the others."
        )
    notes.append(f"Points to win are counted up to level {target}.")
    return tuple(notes)


def summarize(
    book: Book,
    *,
    target: int = 5,
    framework: str | Framework | None = None,
    instances: str = "items",
) -> Summary:
    """Everything a follow-up summary sheet shows (see :class:`Summary`).

    The official index is computed with ``missing="skip"`` so a summary can always be made;
    :attr:`IndexResult.skipped` and the notes say what is missing.
    """
    fwk = _book_framework(book, framework)
    deltas = level_deltas(book.indicators, target=target, framework=fwk, instances=instances)
    scores = deltas.official_index
    rollup = agency_rollup(book, target=target, framework=fwk, instances=instances)
    cat = _catalog(fwk)
    rows = _read_rows(book.indicators, cat)
    notes = _notes(cat, rows, scores, deltas.self_index, target)
    return Summary(
        scores=scores,
        self_scores=deltas.self_index,
        deltas=deltas,
        rollup=rollup,
        notes=notes,
    )


# --------------------------------------------------------------------------- recap


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


def recap(books: Sequence[Book], *, weak_below: int = 3, instances: str = "items") -> Recap:
    """Compare several books and summarise them (see :class:`Recap`).

    Levels are the official ones; a book's missing levels are skipped (``missing="skip"``)
    and named in the notes, so one incomplete workbook does not stop a province's recap.
    """
    if not books:
        raise ValueError("recap needs at least one book")
    table = compare(books, missing="skip", instances=instances)
    results = []
    notes: list[str] = [
        f"levels: official (maturity level, else evaluator's); instances rule: {instances}"
    ]
    level_rows = []
    for position, book in enumerate(books):
        fwk = _book_framework(book, None)
        result = index_scores(book.indicators, missing="skip", instances=instances, framework=fwk)
        results.append((book, fwk, result))
        if result.skipped:
            notes.append(
                f"{book.meta.instansi or '?'} {book.meta.year or ''}: no level for {_ids_text(result.skipped)}"
            )
        by_indicator = result.by_indicator
        for no, level in zip(by_indicator["indicator_no"], by_indicator["level"], strict=True):
            if not pd.isna(level):
                level_rows.append(
                    {
                        "framework": fwk.id,
                        "book": position,
                        "indicator_no": int(no),
                        "level": float(level),
                    }
                )

    def spread(kind: str, key: str, name_col: str) -> pd.DataFrame:
        rows = []
        for _, fwk, result in results:
            frame = result.by_domain if kind == "domain" else result.by_aspect
            for _, row in frame.iterrows():
                rows.append(
                    {
                        "framework": fwk.id,
                        key: int(row[key]),
                        name_col: row[name_col],
                        "index": float(row["index"]),
                    }
                )
        data = pd.DataFrame(rows, columns=["framework", key, name_col, "index"])
        grouped = data.groupby(["framework", key, name_col], sort=True)["index"]
        out = grouped.agg(["mean", "min", "max", "count"]).reset_index()
        return out.rename(
            columns={"mean": "mean_index", "min": "lowest", "max": "highest", "count": "n_instansi"}
        )

    domains = spread("domain", "domain_no", "domain")
    aspects = spread("aspect", "aspect_no", "aspect")

    first = results[0][1]
    bands = list(first.predicates["name"])
    counts = table["predicate"].value_counts()
    predicates = pd.DataFrame(
        {"predicate": bands, "n_instansi": [int(counts.get(b, 0)) for b in bands]}
    )

    levels = pd.DataFrame(level_rows, columns=["framework", "book", "indicator_no", "level"])
    # one level per book and indicator: instances (35-1, 35-2 …) are averaged here
    per_book = levels.groupby(["framework", "book", "indicator_no"], as_index=False)["level"].mean()
    grouped = per_book.groupby(["framework", "indicator_no"])
    weakest = grouped["level"].agg(mean_level="mean", n_instansi="count").reset_index()
    below = (
        per_book.assign(weak=per_book["level"] < weak_below)
        .groupby(["framework", "indicator_no"])["weak"]
        .sum()
    )
    weakest["n_below"] = below.reindex(
        pd.MultiIndex.from_frame(weakest[["framework", "indicator_no"]])
    ).to_numpy()
    names = {
        (fwk.id, int(n)): name
        for _, fwk, _ in results
        for n, name in zip(fwk.indicators["indicator_no"], fwk.indicators["name"], strict=True)
    }
    weakest.insert(
        2,
        "name",
        [
            names.get((f, int(n)))
            for f, n in zip(weakest["framework"], weakest["indicator_no"], strict=True)
        ],
    )
    weakest = weakest.sort_values(
        ["mean_level", "n_below", "indicator_no"], ascending=[True, False, True], ignore_index=True
    )
    weakest = weakest.rename(columns={"n_below": f"n_below_level_{weak_below}"})
    return Recap(
        table=table,
        domains=domains,
        aspects=aspects,
        predicates=predicates,
        weakest=weakest,
        notes=tuple(notes),
    )
