"""The index: scoring units per indicator and aspect, aspect, domain and total indices.

The formulas are those of :mod:`spbe_xl.rules`.  Sums are ``math.fsum`` in catalog order so
that a figure does not depend on the frame's row order; :mod:`spbe_xl.scoring.deltas`
recomputes single aspects with the same functions and gets the same floats.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import pandas as pd

from spbe_xl.scoring.catalog import AspectEntry, Catalog
from spbe_xl.scoring.levels import LEVELS, FrameLevels, pick, read_levels
from spbe_xl.scoring.results import IndexResult, MissingLevelError
from spbe_xl.text import indicator_sort_key

__all__ = [
    "INSTANCE_RULES",
    "MISSING_RULES",
    "Computed",
    "Unit",
    "aspect_index",
    "aspect_units",
    "check_rules",
    "compute",
    "index_options",
    "score",
    "score_frame",
    "total_index",
]

#: How the instances of a multi-instance indicator fold (see :mod:`spbe_xl.rules`).
INSTANCE_RULES: tuple[str, ...] = ("items", "mean", "max", "min")
MISSING_RULES: tuple[str, ...] = ("error", "skip")


class Unit(NamedTuple):
    """One scoring unit of an aspect: an item, or an indicator folding its instances."""

    weight: float
    level: float
    #: (indicator id, its share of the unit's weight)
    shares: list[tuple[str, float]]


@dataclass
class Computed:
    """Every figure of one computation, before it is laid out as frames."""

    total: float
    aspect_index: dict[int, float]
    aspect_weight: dict[int, float]  # used (scaled) weights
    aspect_n: dict[int, int]
    domain_index: dict[int, float]
    domain_weight: dict[int, float]
    domain_n: dict[int, int]
    item_weight: dict[str, float]  # scored ids -> effective weight
    skipped: list[str]
    units: dict[int, list[Unit]]  # aspect_no -> its scoring units
    by_no: dict[int, list[str]]  # indicator_no -> its ids, in frame order


def check_rules(instances: str, missing: str) -> None:
    """ValueError for an unknown instances or missing rule."""
    if instances not in INSTANCE_RULES:
        raise ValueError(f"instances must be one of {', '.join(INSTANCE_RULES)}, not {instances!r}")
    if missing not in MISSING_RULES:
        raise ValueError(f"missing must be one of {', '.join(MISSING_RULES)}, not {missing!r}")


def index_options(kwargs: Mapping[str, Any]) -> tuple[str, str, str, Any]:
    """level, instances, missing, framework from the ``**index_kwargs`` of a function."""
    allowed = {"level", "instances", "missing", "framework"}
    unknown = sorted(set(kwargs) - allowed)
    if unknown:
        raise TypeError(f"unexpected keyword argument(s): {', '.join(unknown)}")
    level = kwargs.get("level", "official")
    instances = kwargs.get("instances", "items")
    missing = kwargs.get("missing", "error")
    check_rules(instances, missing)
    return level, instances, missing, kwargs.get("framework")


# --------------------------------------------------------------------------- units


def _indicator_units(
    rule: str, weight: float, present: Sequence[str], levels: Mapping[str, float | None]
) -> list[Unit]:
    """The units one indicator gives under an instances rule (``present``: its ids that
    have a level, in frame order)."""
    vals = [float(levels[iid]) for iid in present]  # type: ignore[arg-type]
    if rule == "items" or len(present) == 1:
        return [Unit(weight, v, [(iid, 1.0)]) for iid, v in zip(present, vals, strict=True)]
    if rule == "mean":
        share = 1.0 / len(present)
        return [Unit(weight, math.fsum(vals) / len(vals), [(iid, share) for iid in present])]
    # max / min: the first instance holding the extreme carries the weight
    pick = max(vals) if rule == "max" else min(vals)
    chosen = vals.index(pick)
    return [
        Unit(weight, pick, [(iid, 1.0 if k == chosen else 0.0) for k, iid in enumerate(present)])
    ]


def aspect_units(
    aspect: AspectEntry,
    by_no: Mapping[int, list[str]],
    levels: Mapping[str, float | None],
    rule: str,
) -> tuple[list[Unit], int]:
    """The scoring units of one aspect, in catalog order, and how many of its indicators
    have a level."""
    units: list[Unit] = []
    scored = 0
    for indicator in aspect.indicators:
        present = [iid for iid in by_no.get(indicator.number, []) if levels.get(iid) is not None]
        if present:
            scored += 1
            units.extend(_indicator_units(rule, indicator.weight, present, levels))
    return units, scored


def aspect_index(units: Sequence[Unit]) -> float:
    """The weighted mean level of an aspect's units (the plain mean if they weigh 0)."""
    wsum = math.fsum(u.weight for u in units)
    if wsum > 0:
        return math.fsum(u.weight * u.level for u in units) / wsum
    return math.fsum(u.level for u in units) / len(units)


def total_index(
    cat: Catalog,
    units: Mapping[int, Sequence[Unit]],
    aspect_weight: Mapping[int, float],
    aspect_indices: Mapping[int, float],
) -> float:
    """Σ aspect weight × aspect index / the catalog's total weight, over scored aspects."""
    return (
        math.fsum(aspect_weight[a] * aspect_indices[a] for a in cat.aspects if units[a])
        / cat.weight_total
    )


# --------------------------------------------------------------------------- compute


def _group_by_number(ids: Iterable[str], no_of: Mapping[str, int]) -> dict[int, list[str]]:
    by_no: dict[int, list[str]] = {}
    for iid in ids:
        by_no.setdefault(no_of[iid], []).append(iid)
    return by_no


def _skipped(
    cat: Catalog,
    ids: Iterable[str],
    by_no: Mapping[int, list[str]],
    levels: Mapping[str, float | None],
) -> list[str]:
    """Ids without a level, and the numbers of catalog indicators absent from the ids."""
    skipped = [iid for iid in ids if levels.get(iid) is None]
    skipped += [str(no) for no in cat.indicators if no not in by_no]
    skipped.sort(key=indicator_sort_key)
    return skipped


def _aspect_indices(
    cat: Catalog, units: Mapping[int, list[Unit]]
) -> tuple[dict[int, float], float]:
    """Aspect indices (NaN without units) and the catalog weight of the aspects scored."""
    indices: dict[int, float] = {}
    present_weight = 0.0
    for a, us in units.items():
        if not us:
            indices[a] = math.nan
            continue
        indices[a] = aspect_index(us)
        present_weight += cat.aspects[a].weight
    return indices, present_weight


def _used_weights(
    cat: Catalog, units: Mapping[int, list[Unit]], present_weight: float
) -> dict[int, float]:
    """The aspects' catalog weights scaled up to the catalog total over the scored aspects
    (0 for the others)."""
    scale = cat.weight_total / present_weight if present_weight > 0 else math.nan
    return {a: (entry.weight * scale if units[a] else 0.0) for a, entry in cat.aspects.items()}


def _item_weights(
    units: Mapping[int, list[Unit]], aspect_weight: Mapping[int, float]
) -> dict[str, float]:
    """Each scored id's effective weight: aspect weight × unit part × the id's share."""
    item_weight: dict[str, float] = {}
    for a, us in units.items():
        if not us:
            continue
        wsum = math.fsum(u.weight for u in us)
        for u in us:
            part = (u.weight / wsum) if wsum > 0 else 1.0 / len(us)
            for iid, share in u.shares:
                item_weight[iid] = aspect_weight[a] * part * share
    return item_weight


def _domain_figures(
    cat: Catalog,
    units: Mapping[int, list[Unit]],
    n_scored: Mapping[int, int],
    aspect_indices: Mapping[int, float],
    aspect_weight: Mapping[int, float],
) -> tuple[dict[int, float], dict[int, float], dict[int, int]]:
    """Per domain: the aspect-weighted index, the used weight, the scored indicators."""
    domain_index: dict[int, float] = {}
    domain_weight: dict[int, float] = {}
    domain_n: dict[int, int] = {}
    for d, domain in cat.domains.items():
        members = [a.number for a in domain.aspects]
        wd = math.fsum(aspect_weight[a] for a in members if units[a])
        domain_weight[d] = wd
        domain_n[d] = sum(n_scored[a] for a in members)
        if wd > 0:
            domain_index[d] = (
                math.fsum(aspect_weight[a] * aspect_indices[a] for a in members if units[a]) / wd
            )
        elif any(units[a] for a in members):
            vals = [aspect_indices[a] for a in members if units[a]]
            domain_index[d] = math.fsum(vals) / len(vals)
        else:
            domain_index[d] = math.nan
    return domain_index, domain_weight, domain_n


def compute(
    cat: Catalog,
    ids: Sequence[str],
    no_of: Mapping[str, int],
    levels: Mapping[str, float | None],
    rule: str,
) -> Computed:
    """The index of ``levels`` (id -> level or None) under an instances rule."""
    by_no = _group_by_number(ids, no_of)
    skipped = _skipped(cat, ids, by_no, levels)
    units: dict[int, list[Unit]] = {}
    n_scored: dict[int, int] = {}  # aspect_no -> its indicators with a level
    for a, aspect in cat.aspects.items():
        units[a], n_scored[a] = aspect_units(aspect, by_no, levels, rule)
    indices, present_weight = _aspect_indices(cat, units)
    weights = _used_weights(cat, units, present_weight)
    total = total_index(cat, units, weights, indices) if present_weight > 0 else math.nan
    domain_index, domain_weight, domain_n = _domain_figures(cat, units, n_scored, indices, weights)
    return Computed(
        total=total,
        aspect_index=indices,
        aspect_weight=weights,
        aspect_n=n_scored,
        domain_index=domain_index,
        domain_weight=domain_weight,
        domain_n=domain_n,
        item_weight=_item_weights(units, weights),
        skipped=skipped,
        units=units,
        by_no=by_no,
    )


# --------------------------------------------------------------------------- the result


def _missing_error(
    cat: Catalog, ids: Iterable[str], skipped: Sequence[str], level: str
) -> MissingLevelError:
    present = set(ids)
    no_level = [iid for iid in skipped if iid in present]
    absent = [iid for iid in skipped if iid not in present]
    columns = " or ".join(LEVELS[level])
    parts = []
    if no_level:
        parts.append(f"no {level} level ({columns}) for indicator(s) {', '.join(no_level)}")
    if absent:
        parts.append(f"indicator(s) {', '.join(absent)} of {cat.id} are not in the frame at all")
    message = "; ".join(parts) + (
        " -- pass missing='skip' to compute the index over the indicators that have a level"
    )
    return MissingLevelError(message, ids=list(skipped))


def _indicator_frame(
    cat: Catalog,
    comp: Computed,
    scored: Sequence[str],
    no_of: Mapping[str, int],
    levels: Mapping[str, float | None],
) -> pd.DataFrame:
    entries = [cat.indicators[no_of[i]] for i in scored]
    frame = pd.DataFrame(
        {
            "indicator_id": pd.array(scored, dtype="string"),
            "indicator_no": pd.array([no_of[i] for i in scored], dtype="Int64"),
            "aspect_no": pd.array([e.aspect_no for e in entries], dtype="Int64"),
            "domain_no": pd.array([e.domain_no for e in entries], dtype="Int64"),
            "weight": pd.array([comp.item_weight[i] for i in scored], dtype="float64"),
            "level": pd.array(
                [levels[i] for i in scored], dtype="Float64" if cat.framework.is_score else "Int64"
            ),
        }
    )
    frame["points"] = pd.array(
        [comp.item_weight[i] * float(levels[i]) / cat.weight_total for i in scored],  # type: ignore[arg-type]
        dtype="float64",
    )
    return frame


def _aspect_frame(cat: Catalog, comp: Computed) -> pd.DataFrame:
    aspects = list(cat.aspects.values())
    frame = pd.DataFrame(
        {
            "aspect_no": pd.array([a.number for a in aspects], dtype="Int64"),
            "aspect": pd.array([a.name for a in aspects], dtype="string"),
            "domain_no": pd.array([a.domain_no for a in aspects], dtype="Int64"),
            "weight": pd.array([comp.aspect_weight[a.number] for a in aspects], dtype="float64"),
            "index": pd.array([comp.aspect_index[a.number] for a in aspects], dtype="float64"),
            "n_indicators": pd.array([comp.aspect_n[a.number] for a in aspects], dtype="Int64"),
        }
    )
    # float64 NaN rather than <NA> for indices that could not be computed
    frame["index"] = frame["index"].astype("float64")
    return frame


def _domain_frame(cat: Catalog, comp: Computed) -> pd.DataFrame:
    domains = list(cat.domains.values())
    frame = pd.DataFrame(
        {
            "domain_no": pd.array([d.number for d in domains], dtype="Int64"),
            "domain": pd.array([d.name for d in domains], dtype="string"),
            "weight": pd.array([comp.domain_weight[d.number] for d in domains], dtype="float64"),
            "index": pd.array([comp.domain_index[d.number] for d in domains], dtype="float64"),
            "n_indicators": pd.array([comp.domain_n[d.number] for d in domains], dtype="Int64"),
        }
    )
    frame["index"] = frame["index"].astype("float64")  # NaN rather than <NA>, as above
    return frame


def score(
    cat: Catalog,
    rows: FrameLevels,
    levels: Mapping[str, float | None],
    used: Mapping[str, str | None],
    *,
    level: str,
    instances: str,
    missing: str,
    extra_ids: Sequence[str] = (),
) -> IndexResult:
    """The :class:`IndexResult` of chosen levels (``extra_ids``: catalog indicators the
    frame lacks that are given a level, by their number)."""
    ids = [*rows.ids, *extra_ids]
    no_of = dict(rows.no_of)
    for iid in extra_ids:
        no_of[iid] = int(iid.partition("-")[0])
    comp = compute(cat, ids, no_of, levels, instances)
    if missing == "error" and comp.skipped:
        raise _missing_error(cat, ids, comp.skipped, level)
    scored = sorted(comp.item_weight, key=indicator_sort_key)
    published = cat.framework.publish(comp.total)  # half up for SPBE (round_half_up)
    return IndexResult(
        framework=cat.id,
        level=level,
        instances=instances,
        missing=missing,
        level_columns={i: str(used[i]) for i in scored if used.get(i) is not None},
        total=comp.total,
        predicate="" if math.isnan(published) else cat.framework.predicate(published),
        by_domain=_domain_frame(cat, comp),
        by_aspect=_aspect_frame(cat, comp),
        by_indicator=_indicator_frame(cat, comp, scored, no_of, levels),
        skipped=tuple(comp.skipped),
    )


def score_frame(
    cat: Catalog, indicators: pd.DataFrame, *, level: str, instances: str, missing: str
) -> IndexResult:
    """The index of an indicators frame under ``cat`` (see ``rules.index_scores``)."""
    rows = read_levels(indicators, cat)
    levels, used = pick(rows, cat, level)
    return score(cat, rows, levels, used, level=level, instances=instances, missing=missing)
