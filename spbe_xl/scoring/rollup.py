"""Per responsible agency: what it owns, its points now and to win, evidence and actions.

An indicator shared by several agencies (``Book.responsibilities``) counts for each of them,
fully: the agencies' points then add up to more than the index.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

import pandas as pd

from spbe_xl.book import indicator_agencies
from spbe_xl.scoring.deltas import OfficialLevels, check_target

if TYPE_CHECKING:  # pragma: no cover
    from spbe_xl.book import Book

__all__ = ["NO_AGENCY", "agency_rollup"]

#: The rollup row of indicators without a responsible agency.
NO_AGENCY = "(tanpa penanggung jawab)"


class _Action(NamedTuple):
    """A distinct planned action: the same text twice in a year is one action."""

    indicator_id: str
    year: int
    text: str


@dataclass
class _Actions:
    planned: set[_Action] = field(default_factory=set)
    #: ids with an action row, with or without a year
    indicators: set[str] = field(default_factory=set)


def _blank(value: Any) -> bool:
    return value is None or bool(pd.isna(value))


def _plan_years(book: Book) -> list[int]:
    years = {int(y) for y in book.meta.plan_years or ()}
    actions = book.actions
    if "year" in actions.columns:
        years |= {int(y) for y in actions["year"].dropna()}
    return sorted(years)


def _recommended_evidence(evidence: pd.DataFrame) -> list[tuple[str, str | None]]:
    """(indicator id, folded status) of each recommended evidence item."""
    if not (len(evidence) and {"indicator_id", "kind"} <= set(evidence.columns)):
        return []
    ev = evidence[evidence["kind"].astype("string").str.strip().str.lower() == "recommended"]
    ids = ev["indicator_id"].astype("string").str.strip().tolist()
    statuses = [
        None if pd.isna(s) else " ".join(str(s).lower().split())
        for s in (ev["status"] if "status" in ev.columns else [None] * len(ev))
    ]
    return list(zip(ids, statuses, strict=True))


def _actions(actions: pd.DataFrame) -> _Actions:
    out = _Actions()
    if not (len(actions) and "indicator_id" in actions.columns):
        return out
    n = len(actions)
    years = actions["year"] if "year" in actions.columns else [None] * n
    texts = actions["text"] if "text" in actions.columns else [None] * n
    for iid, year, text in zip(actions["indicator_id"], years, texts, strict=True):
        if _blank(iid):
            continue
        key = str(iid).strip()
        out.indicators.add(key)
        if not _blank(year):
            out.planned.add(_Action(key, int(year), "" if _blank(text) else str(text)))
    return out


def _agencies(off: OfficialLevels, book: Book) -> dict[str, list[str]]:
    """Scored id -> its agencies, the lead first (the frame's responsible_agency, then the
    others of book.responsibilities); [NO_AGENCY] for an id without one."""
    listed = indicator_agencies(book)
    out: dict[str, list[str]] = {}
    for iid in off.ids:
        lead = off.rows.agencies.get(iid)
        names = [lead] if lead else []
        names += [a for a in listed.get(iid, []) if a not in names]
        out[iid] = names or [NO_AGENCY]
    return out


def _by_agency(agencies: dict[str, list[str]]) -> dict[str, list[str]]:
    """Agency -> its ids, in indicator order: a shared id under each of its agencies."""
    groups: dict[str, list[str]] = {}
    for iid, names in agencies.items():
        for agency in names:
            groups.setdefault(agency, []).append(iid)
    return groups


def _raised(level: float | None, target: float) -> float:
    return target if level is None else max(level, target)


@dataclass(frozen=True)
class _Context:
    """What every agency's record is computed from."""

    off: OfficialLevels
    target: float
    points: dict[str, float]  # scored id -> its points in the official index
    evidence: list[tuple[str, str | None]]
    actions: _Actions
    years: list[int]
    agencies: dict[str, list[str]]  # id -> its agencies (more than one: shared)


def _evidence_counts(ctx: _Context, owned: set[str]) -> dict[str, int]:
    statuses = [status for iid, status in ctx.evidence if iid in owned]
    return {
        "evidence_items": len(statuses),
        "evidence_ada": sum(1 for s in statuses if s == "ada"),
        "evidence_belum_ada": sum(1 for s in statuses if s == "belum ada"),
    }


def _action_counts(ctx: _Context, ids: Sequence[str], owned: set[str]) -> dict[str, int]:
    counts = {
        f"actions_{year}": sum(
            1 for a in ctx.actions.planned if a.indicator_id in owned and a.year == year
        )
        for year in ctx.years
    }
    counts["indicators_without_action"] = sum(1 for i in ids if i not in ctx.actions.indicators)
    return counts


def _shared(ctx: _Context, agency: str, ids: Sequence[str]) -> dict[str, Any]:
    """How many of its ids the agency shares, and with which agencies (in order)."""
    shared = [i for i in ids if len(ctx.agencies[i]) > 1]
    others = dict.fromkeys(a for i in shared for a in ctx.agencies[i] if a != agency)
    return {"n_shared": len(shared), "shared_with": "; ".join(others) or None}


def _agency_record(ctx: _Context, agency: str, ids: Sequence[str]) -> dict[str, Any]:
    off = ctx.off
    owned = set(ids)
    levels = [lv for lv in (off.levels[i] for i in ids) if lv is not None]
    return {
        "responsible_agency": agency,
        "n_indicators": len(ids),
        "indicator_ids": ", ".join(ids),
        **_shared(ctx, agency, ids),
        "mean_level": (math.fsum(levels) / len(levels)) if levels else math.nan,
        "points_now": math.fsum(ctx.points.get(i, 0.0) for i in ids),
        "points_to_win": off.gain({i: _raised(off.levels[i], ctx.target) for i in ids}),
        **_evidence_counts(ctx, owned),
        **_action_counts(ctx, ids, owned),
    }


def _rollup_frame(records: list[dict[str, Any]], years: list[int]) -> pd.DataFrame:
    dtypes = {
        "responsible_agency": "string",
        "n_indicators": "Int64",
        "indicator_ids": "string",
        "n_shared": "Int64",
        "shared_with": "string",
        "mean_level": "float64",
        "points_now": "float64",
        "points_to_win": "float64",
        "evidence_items": "Int64",
        "evidence_ada": "Int64",
        "evidence_belum_ada": "Int64",
        **{f"actions_{y}": "Int64" for y in years},
        "indicators_without_action": "Int64",
    }
    frame = pd.DataFrame.from_records(records, columns=list(dtypes)).astype(dtypes)
    frame = frame.sort_values(
        ["points_to_win", "responsible_agency"], ascending=[False, True], kind="stable"
    )
    return frame.reset_index(drop=True)


def agency_rollup(off: OfficialLevels, book: Book, *, target: float) -> pd.DataFrame:
    """The rollup of ``book`` over its official levels ``off`` (see ``rules.agency_rollup``)."""
    cat = off.cat
    check_target(cat, target)
    ctx = _Context(
        off=off,
        target=target,
        points={
            iid: w * float(off.levels[iid]) / cat.weight_total  # type: ignore[arg-type]
            for iid, w in off.computed.item_weight.items()
        },
        evidence=_recommended_evidence(book.evidence),
        years=_plan_years(book),
        actions=_actions(book.actions),
        agencies=_agencies(off, book),
    )
    records = [_agency_record(ctx, agency, ids) for agency, ids in _by_agency(ctx.agencies).items()]
    return _rollup_frame(records, ctx.years)
