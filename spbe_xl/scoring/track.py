"""The same instansi over several rounds: levels per round, plans kept, follow-through.

Rounds are ordered by year.  Within one framework the indicators line up by id; across
frameworks nothing is lined up unless the catalog holds a mapping with its source (none
does today: :func:`framework_mapping`), so rounds of different frameworks are shown side by
side and no delta is computed between them.

A pair of consecutive rounds of one framework compares the earlier round's official level
of each id with the later one's: *raised*, *held* or *fell*.  The id was *planned* when the
earlier round's follow-up has an action for it (``Book.actions``) for a year up to the
later round's year (or without a year); its agencies are the earlier round's.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from spbe_xl.book import indicator_agencies
from spbe_xl.scoring import engine
from spbe_xl.scoring.catalog import Catalog, book_catalog
from spbe_xl.scoring.levels import pick, read_levels
from spbe_xl.scoring.plans import Track
from spbe_xl.scoring.results import round_half_up
from spbe_xl.scoring.rollup import NO_AGENCY
from spbe_xl.text import indicator_sort_key

if TYPE_CHECKING:  # pragma: no cover
    from spbe_xl.book import Book
    from spbe_xl.framework import Framework

__all__ = ["OUTCOMES", "framework_mapping", "track_books"]

OUTCOMES = ("raised", "held", "fell")


def framework_mapping(earlier: Framework, later: Framework) -> dict[int, int] | None:
    """Indicator numbers of ``earlier`` -> those of ``later`` when the catalog holds a
    mapping with its source; None when it holds none (no catalog does today)."""
    del earlier, later  # no packaged framework holds a mapping yet
    return None


@dataclass
class _Round:
    label: str
    book: Book
    cat: Catalog
    levels: dict[str, dict[str, float | None]]  # "self" / "evaluator" / "official" -> id -> level
    names: dict[str, str | None]
    no_of: dict[str, int]
    index: float
    predicate: str
    self_index: float


def _labels(books: Sequence[Book]) -> list[str]:
    years = [b.meta.year for b in books]
    out = []
    for k, year in enumerate(years):
        base = str(year) if year is not None else f"putaran{k + 1}"
        if years.count(year) > 1 or year is None:
            base = f"{base}-{k + 1}"
        out.append(base)
    return out


def _round(label: str, book: Book, framework: str | Framework | None, instances: str) -> _Round:
    cat = book_catalog(book, framework)
    rows = read_levels(book.indicators, cat)
    levels: dict[str, dict[str, float | None]] = {}
    scores: dict[str, float] = {}
    for kind in ("self", "evaluator", "official"):
        chosen, used = pick(rows, cat, kind)
        levels[kind] = chosen
        if kind != "evaluator":
            result = engine.score(
                cat, rows, chosen, used, level=kind, instances=instances, missing="skip"
            )
            scores[kind] = result.total
    total = scores["official"]
    published = round_half_up(total)
    return _Round(
        label=label,
        book=book,
        cat=cat,
        levels=levels,
        names=dict(rows.names),
        no_of=dict(rows.no_of),
        index=total,
        predicate="" if math.isnan(published) else cat.framework.predicate(published),
        self_index=scores["self"],
    )


def _planned(earlier: Book, until: int | None) -> dict[str, list[int | None]]:
    """Id -> the years of its actions in ``earlier`` (None: an action without a year), for
    the years up to ``until``."""
    out: dict[str, list[int | None]] = {}
    actions = earlier.actions
    if not len(actions) or "indicator_id" not in actions.columns:
        return out
    years = actions["year"] if "year" in actions.columns else [None] * len(actions)
    texts = actions["text"] if "text" in actions.columns else [""] * len(actions)
    for iid, year, text in zip(actions["indicator_id"], years, texts, strict=True):
        if pd.isna(iid) or pd.isna(text) or not str(text).strip():
            continue
        y = None if pd.isna(year) else int(year)
        if y is not None and until is not None and y > until:
            continue
        listed = out.setdefault(str(iid).strip(), [])
        if y not in listed:
            listed.append(y)
    return out


def _outcome(before: float | None, after: float | None) -> str | None:
    if before is None or after is None:
        return None
    return "raised" if after > before else "fell" if after < before else "held"


@dataclass
class _Pair:
    earlier: _Round
    later: _Round
    planned: dict[str, list[int | None]]
    agencies: dict[str, list[str]]


def _pair(earlier: _Round, later: _Round) -> _Pair:
    listed = indicator_agencies(earlier.book)
    return _Pair(
        earlier=earlier,
        later=later,
        planned=_planned(earlier.book, later.book.meta.year),
        agencies={iid: listed.get(iid) or [NO_AGENCY] for iid in earlier.levels["official"]},
    )


def _trajectory(rounds: Sequence[_Round], pairs: Sequence[_Pair]) -> pd.DataFrame:
    records: list[dict[str, Any]] = []
    by_fw: dict[str, list[_Round]] = {}
    for rnd in rounds:
        by_fw.setdefault(rnd.cat.id, []).append(rnd)
    for fid, members in by_fw.items():
        ids = sorted({i for r in members for i in r.no_of}, key=indicator_sort_key)
        for iid in ids:
            first = next(r for r in members if iid in r.no_of)
            entry = first.cat.indicators[first.no_of[iid]]
            rec: dict[str, Any] = {
                "framework": fid,
                "indicator_id": iid,
                "indicator_no": entry.number,
                "name": first.names.get(iid) or entry.name,
            }
            for r in rounds:
                for kind in ("self", "evaluator", "official"):
                    value = r.levels[kind].get(iid) if r.cat.id == fid else None
                    rec[f"{kind}_{r.label}"] = value
            for p in pairs:
                lab = p.later.label
                if p.earlier.cat.id != fid:
                    rec[f"planned_{lab}"] = None
                    rec[f"plan_years_{lab}"] = None
                    rec[f"plan_agencies_{lab}"] = None
                    rec[f"outcome_{lab}"] = None
                    continue
                years = p.planned.get(iid)
                rec[f"planned_{lab}"] = bool(years)
                rec[f"plan_years_{lab}"] = (
                    ", ".join("?" if y is None else str(y) for y in years) if years else None
                )
                rec[f"plan_agencies_{lab}"] = "; ".join(p.agencies.get(iid, [])) if years else None
                rec[f"outcome_{lab}"] = _outcome(
                    p.earlier.levels["official"].get(iid), p.later.levels["official"].get(iid)
                )
            records.append(rec)
    frame = pd.DataFrame.from_records(records)
    dtypes: dict[str, str] = {
        "framework": "string",
        "indicator_id": "string",
        "indicator_no": "Int64",
        "name": "string",
    }
    for column in frame.columns:
        if column.split("_")[0] in ("self", "evaluator", "official"):
            dtypes[column] = "Int64"
        elif column.startswith("planned_"):
            dtypes[column] = "boolean"
        elif column not in dtypes:
            dtypes[column] = "string"
    return frame.astype(dtypes) if len(frame) else frame


def _follow_through(pairs: Sequence[_Pair]) -> tuple[pd.DataFrame, pd.DataFrame]:
    agency_rows: list[dict[str, Any]] = []
    outcome_rows: list[dict[str, Any]] = []
    for p in pairs:
        before, after = p.earlier.levels["official"], p.later.levels["official"]
        counts: dict[str, dict[str, float]] = {}  # levels gained: decimal under Pemdi
        tally = {(plan, o): 0 for plan in (True, False) for o in OUTCOMES}
        for iid, lv in before.items():
            outcome = _outcome(lv, after.get(iid))
            if outcome is None:
                continue
            planned = iid in p.planned
            tally[(planned, outcome)] += 1
            gained = max(0, (after[iid] or 0) - (lv or 0))
            for agency in p.agencies.get(iid, [NO_AGENCY]):
                c = counts.setdefault(
                    agency,
                    {
                        k: 0
                        for k in (
                            "indicators",
                            "planned",
                            "planned_raised",
                            "steps_achieved",
                            "unplanned_raised",
                            "fell",
                        )
                    },
                )
                c["indicators"] += 1
                c["planned"] += planned
                c["planned_raised"] += planned and outcome == "raised"
                c["steps_achieved"] += gained if planned else 0
                c["unplanned_raised"] += (not planned) and outcome == "raised"
                c["fell"] += outcome == "fell"
        for agency, c in counts.items():
            agency_rows.append(
                {"round_from": p.earlier.label, "round_to": p.later.label, "agency": agency, **c}
            )
        for planned in (True, False):
            outcome_rows.append(
                {
                    "round_from": p.earlier.label,
                    "round_to": p.later.label,
                    "planned": planned,
                    **{o: tally[(planned, o)] for o in OUTCOMES},
                }
            )
    agency_cols = {
        "round_from": "string",
        "round_to": "string",
        "agency": "string",
        "indicators": "Int64",
        "planned": "Int64",
        "planned_raised": "Int64",
        "steps_achieved": "Int64",
        "unplanned_raised": "Int64",
        "fell": "Int64",
    }
    agencies = pd.DataFrame.from_records(agency_rows, columns=list(agency_cols)).astype(agency_cols)
    agencies = agencies.sort_values(
        ["round_to", "planned", "agency"], ascending=[True, False, True], kind="stable"
    ).reset_index(drop=True)
    outcome_cols = {
        "round_from": "string",
        "round_to": "string",
        "planned": "boolean",
        **{o: "Int64" for o in OUTCOMES},
    }
    outcomes = pd.DataFrame.from_records(outcome_rows, columns=list(outcome_cols)).astype(
        outcome_cols
    )
    return agencies, outcomes


def _bands(rounds: Sequence[_Round]) -> pd.DataFrame:
    seen: dict[str, Framework] = {r.cat.id: r.cat.framework for r in rounds}
    rows = [
        {"framework": fid, "name": str(b.name), "lower": float(b.lower), "upper": float(b.upper)}
        for fid, fw in seen.items()
        for b in fw.predicates.itertuples(index=False)
    ]
    return pd.DataFrame.from_records(rows, columns=["framework", "name", "lower", "upper"]).astype(
        {"framework": "string", "name": "string", "lower": "float64", "upper": "float64"}
    )


def track_books(
    books: Sequence[Book], *, framework: str | Framework | None = None, instances: str = "items"
) -> Track:
    """The track of ``books`` (see ``rules.track``)."""
    if len(books) < 2:
        raise ValueError(f"track needs at least two rounds, not {len(books)}")
    order = sorted(
        range(len(books)), key=lambda k: (books[k].meta.year is None, books[k].meta.year or 0, k)
    )
    ordered = [books[k] for k in order]
    labels = _labels(ordered)
    rounds = [_round(lab, b, framework, instances) for lab, b in zip(labels, ordered, strict=True)]
    notes: list[str] = []
    names = {(b.meta.instansi or "").casefold() for b in ordered}
    if len(names) > 1:
        notes.append(
            "The rounds name different instansi ("
            + ", ".join(sorted({b.meta.instansi or "?" for b in ordered}))
            + "): check that they are one instansi."
        )
    pairs: list[_Pair] = []
    for a, b in itertools.pairwise(rounds):
        if a.cat.id == b.cat.id:
            pairs.append(_pair(a, b))
        elif framework_mapping(a.cat.framework, b.cat.framework) is None:
            notes.append(
                f"Rounds {a.label} ({a.cat.id}) and {b.label} ({b.cat.id}) use different "
                "frameworks and the catalog holds no mapping between them: their indicators "
                "are shown side by side per framework and no change is computed."
            )
    for p in pairs:
        if not p.planned:
            notes.append(
                f"The {p.earlier.label} follow-up has no action plan up to "
                f"{p.later.book.meta.year or p.later.label}: every change counts as unplanned."
            )
    round_rows = [
        {
            "round": r.label,
            "year": r.book.meta.year,
            "framework": r.cat.id,
            "instansi": r.book.meta.instansi,
            "index": r.index,
            "predicate": r.predicate,
            "self_index": r.self_index,
        }
        for r in rounds
    ]
    rounds_frame = pd.DataFrame.from_records(round_rows).astype(
        {
            "round": "string",
            "year": "Int64",
            "framework": "string",
            "instansi": "string",
            "index": "float64",
            "predicate": "string",
            "self_index": "float64",
        }
    )
    agencies, outcomes = _follow_through(pairs)
    return Track(
        rounds=rounds_frame,
        trajectory=_trajectory(rounds, pairs),
        follow_through=agencies,
        outcomes=outcomes,
        bands=_bands(rounds),
        notes=tuple(notes),
    )
