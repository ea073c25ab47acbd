"""What-if changes and level deltas: the index with some levels changed.

:class:`OfficialLevels` holds the official levels of a frame completed with the catalog's
absent indicators; :meth:`OfficialLevels.total_with` recomputes only the changed aspects,
which is what makes :func:`level_deltas` (one or two totals per indicator) fast.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from spbe_xl.scoring import engine
from spbe_xl.scoring.catalog import Catalog
from spbe_xl.scoring.levels import (
    WHAT_IF_COLUMN,
    FrameLevels,
    check_level,
    pick,
    read_levels,
)
from spbe_xl.scoring.results import IndexResult, LevelDeltas, WhatIf
from spbe_xl.text import indicator_sort_key

__all__ = ["OfficialLevels", "check_target", "level_deltas", "official_levels", "what_if"]


# --------------------------------------------------------------------------- what-if


def _change_frame(before: IndexResult, after: IndexResult) -> pd.DataFrame:
    scopes = ["total"]
    numbers: list[Any] = [pd.NA]
    b_vals, a_vals = [before.total], [after.total]
    for scope, fb, fa, key in (
        ("domain", before.by_domain, after.by_domain, "domain_no"),
        ("aspect", before.by_aspect, after.by_aspect, "aspect_no"),
    ):
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


def _new_level(cat: Catalog, iid: str, value: object) -> float:
    """A what-if level: a whole number in the framework's range (any number in the range
    for a score framework, Pemdi)."""
    if cat.framework.is_score:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"indicator {iid}: new score {value!r} is not a number")
        check_level(cat, float(value), iid, "new score")
        return float(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"indicator {iid}: new level {value!r} is not a whole number")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"indicator {iid}: new level {value!r} is not a whole number")
    level = int(value)
    check_level(cat, level, iid, "new level")
    return level


def _is_absent_indicator(cat: Catalog, rows: FrameLevels, iid: str) -> bool:
    """Whether ``iid`` is the number of a catalog indicator the frame lacks altogether."""
    return (
        iid.isdigit()
        and cat.framework.has_indicator(int(iid))
        and int(iid) not in set(rows.no_of.values())
    )


def what_if(
    cat: Catalog,
    indicators: pd.DataFrame,
    changes: Mapping[str, float],
    *,
    level: str,
    instances: str,
    missing: str,
) -> WhatIf:
    """The index before and after setting the levels in ``changes`` (see ``rules.what_if``)."""
    rows = read_levels(indicators, cat)
    levels, used = pick(rows, cat, level)
    new_levels = dict(levels)
    new_used = dict(used)
    extra: list[str] = []
    clean: dict[str, float] = {}
    for key, value in changes.items():
        iid = str(key).strip()
        if iid not in rows.no_of:
            if not _is_absent_indicator(cat, rows, iid):
                known = ", ".join(rows.ids) if rows.ids else "none"
                raise ValueError(
                    f"unknown indicator id {key!r}: not in the frame (ids: {known}) "
                    f"and not a {cat.id} indicator missing from it"
                )
            extra.append(iid)
        clean[iid] = new_levels[iid] = _new_level(cat, iid, value)
        new_used[iid] = WHAT_IF_COLUMN
    before = engine.score(
        cat, rows, levels, used, level=level, instances=instances, missing=missing
    )
    after = engine.score(
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


# --------------------------------------------------------------------------- official levels


def check_target(cat: Catalog, target: float) -> None:
    """ValueError unless ``target`` is a whole level in the framework's range (a number in
    its range for a score framework: up to 5.00 in Pemdi)."""
    fw = cat.framework
    if fw.is_score:
        if isinstance(target, bool) or not isinstance(target, (int, float)):
            raise ValueError(f"target must be a score, not {target!r}")
    elif isinstance(target, bool) or not isinstance(target, int):
        raise ValueError(f"target must be a whole level, not {target!r}")
    if not fw.level_min <= target <= fw.level_max:
        raise ValueError(
            f"target {target} is outside {fw.id}'s level range {fw.level_min}-{fw.level_max}"
        )


@dataclass
class OfficialLevels:
    """A frame's official levels, with the catalog indicators it lacks (level None)."""

    cat: Catalog
    rows: FrameLevels
    ids: list[str]  # frame ids + absent catalog indicators
    no_of: dict[str, int]
    levels: dict[str, float | None]
    used: dict[str, str | None]
    instances: str
    computed: engine.Computed

    @property
    def base(self) -> float:
        return self.computed.total

    def total_with(self, changes: Mapping[str, float]) -> float:
        """The total index with some levels changed.

        level_deltas asks this once or twice per indicator, so when no change adds or
        removes a level (the aspects that count stay the same) only the changed aspects
        are recomputed, with the same formulas in the same order as ``engine.compute`` (the
        same floating-point result); otherwise everything is.
        """
        levels = dict(self.levels)
        levels.update(changes)
        if any(self.levels.get(iid) is None for iid in changes):
            return engine.compute(self.cat, self.ids, self.no_of, levels, self.instances).total
        base = self.computed
        units = dict(base.units)
        aspect_index = dict(base.aspect_index)
        for aspect_no in {self.cat.indicators[self.no_of[iid]].aspect_no for iid in changes}:
            aspect = self.cat.aspects[aspect_no]
            units[aspect_no], _ = engine.aspect_units(aspect, base.by_no, levels, self.instances)
            aspect_index[aspect_no] = engine.aspect_index(units[aspect_no])
        return engine.total_index(self.cat, units, base.aspect_weight, aspect_index)

    def gain(self, changes: Mapping[str, float]) -> float:
        """How much the index rises with ``changes`` (the new index when there was none)."""
        after = self.total_with(changes)
        if math.isnan(self.base):
            return after if not math.isnan(after) else math.nan
        return after - self.base


def official_levels(
    cat: Catalog, indicators: pd.DataFrame, instances: str, level: str = "official"
) -> OfficialLevels:
    """The levels of a frame (the official ones, or another ``level`` option) and their
    index, ready for :meth:`total_with` (the catalog indicators the frame lacks have no
    level)."""
    rows = read_levels(indicators, cat)
    levels, used = pick(rows, cat, level)
    present = set(rows.no_of.values())
    absent = [str(no) for no in cat.indicators if no not in present]
    ids = sorted([*rows.ids, *absent], key=indicator_sort_key)
    no_of = dict(rows.no_of)
    for iid in absent:
        no_of[iid] = int(iid)
        levels[iid] = None
        used[iid] = None
    computed = engine.compute(cat, ids, no_of, levels, instances)
    return OfficialLevels(cat, rows, ids, no_of, levels, used, instances, computed)


# --------------------------------------------------------------------------- level deltas

_DELTA_COLUMNS: dict[str, str] = {
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


def _points(off: OfficialLevels, iid: str, target: float) -> tuple[Any, float, float]:
    """gap_to_target, points_to_target, points_to_next_level of one id (the next level of a
    score such as 2.4 is 3; of 2 it is 3 too)."""
    lv = off.levels[iid]
    if lv is None:
        return pd.NA, off.gain({iid: target}), math.nan
    gap = max(0, target - lv)
    to_target = off.gain({iid: max(lv, target)}) if gap else 0.0
    level_max = off.cat.framework.level_max
    to_next = off.gain({iid: min(math.floor(lv) + 1, level_max)}) if lv < level_max else 0.0
    return gap, to_target, to_next


def _delta_record(
    off: OfficialLevels, iid: str, self_level: float | None, target: float
) -> dict[str, Any]:
    entry = off.cat.indicators[off.no_of[iid]]
    lv = off.levels[iid]
    gap, to_target, to_next = _points(off, iid, target)
    return {
        "indicator_id": iid,
        "indicator_no": entry.number,
        "name": off.rows.names.get(iid) or entry.name,
        "aspect_no": entry.aspect_no,
        "domain_no": entry.domain_no,
        "self_level": self_level,
        "official_level": lv,
        "official_column": off.used.get(iid),
        "self_minus_official": (
            (self_level - lv) if self_level is not None and lv is not None else None
        ),
        "gap_to_target": gap,
        "points_to_target": to_target,
        "points_to_next_level": to_next,
    }


def _self_index(off: OfficialLevels, instances: str) -> IndexResult | None:
    """The self-assessed index (missing="skip"), None when the frame has no self level."""
    rows, cat = off.rows, off.cat
    if not any(rows.values["self_level"][iid] is not None for iid in rows.ids):
        return None
    levels, used = pick(rows, cat, "self")
    return engine.score(cat, rows, levels, used, level="self", instances=instances, missing="skip")


def _delta_columns(cat: Catalog) -> dict[str, str]:
    """The deltas table's columns: the level columns are decimals in a score framework, and
    a framework with indicators valued from other indices says which (``external_index``)."""
    if not cat.framework.is_score:
        return _DELTA_COLUMNS
    decimal = ("self_level", "official_level", "self_minus_official", "gap_to_target")
    columns = {k: ("Float64" if k in decimal else v) for k, v in _DELTA_COLUMNS.items()}
    columns["external_index"] = "string"
    return columns


def _external_names(cat: Catalog) -> dict[int, str]:
    ext = cat.framework.externals
    return {int(no): str(name) for no, name in zip(ext["indicator_no"], ext["index"], strict=True)}


def level_deltas(off: OfficialLevels, *, target: float, instances: str) -> LevelDeltas:
    """Self vs official level and the points to win per id (see ``rules.level_deltas``)."""
    cat, rows = off.cat, off.rows
    check_target(cat, target)
    self_levels = {iid: rows.values["self_level"].get(iid) for iid in off.ids}
    for iid, lv in self_levels.items():
        if lv is not None:
            check_level(cat, lv, iid, "self_level")
    records = [_delta_record(off, iid, self_levels[iid], target) for iid in off.ids]
    columns = _delta_columns(cat)
    if "external_index" in columns:
        external = _external_names(cat)
        for rec in records:
            rec["external_index"] = external.get(int(rec["indicator_no"]))
    table = pd.DataFrame.from_records(records, columns=list(columns)).astype(columns)
    official_index = engine.score(
        cat, rows, off.levels, off.used, level="official", instances=instances, missing="skip"
    )
    return LevelDeltas(
        table=table,
        self_index=_self_index(off, instances),
        official_index=official_index,
        target=target,
    )
