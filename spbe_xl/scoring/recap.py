"""Several books side by side: :func:`compare` (one row each) and :func:`recap` (a summary)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from spbe_xl.scoring import engine
from spbe_xl.scoring.catalog import book_catalog
from spbe_xl.scoring.notes import ids_text
from spbe_xl.scoring.results import IndexResult, Recap, round_half_up

if TYPE_CHECKING:  # pragma: no cover
    from spbe_xl.book import Book
    from spbe_xl.framework import Framework

__all__ = ["compare", "recap"]


def _compare_record(book: Book, r: IndexResult, prefix: str = "") -> dict[str, Any]:
    rec: dict[str, Any] = {
        "instansi": book.meta.instansi,
        "year": book.meta.year,
        "framework": r.framework,
        "index": r.total,
        "predicate": r.predicate,
    }
    for no, ix in zip(r.by_domain["domain_no"], r.by_domain["index"], strict=True):
        rec[f"{prefix}d{int(no)}"] = float(ix)
    for no, ix in zip(r.by_aspect["aspect_no"], r.by_aspect["index"], strict=True):
        rec[f"{prefix}a{int(no)}"] = float(ix)
    return rec


_COMPARE_HEAD = ("instansi", "year", "framework", "index", "predicate")


def _part_key(name: str) -> tuple[str, int, int]:
    """Column order of the parts: by framework prefix, domains before aspects, by number."""
    head, _, tail = name.rpartition(" ")
    return head, 0 if tail.startswith("d") else 1, int(tail[1:])


def compare(
    books: Sequence[Book],
    *,
    level: str,
    instances: str,
    missing: str,
    framework: str | Framework | None,
) -> pd.DataFrame:
    """One row per book with its index, rank and parts (see ``rules.compare``)."""
    scored: list[tuple[Book, Framework, IndexResult]] = []
    for book in books:
        cat = book_catalog(book, framework)
        r = engine.score_frame(
            cat, book.indicators, level=level, instances=instances, missing=missing
        )
        scored.append((book, cat.framework, r))
    scales = [scale_of(fwk) for _, fwk, _ in scored]
    mixed = len(set(scales)) > 1
    # books of different scales: each framework's domains and aspects in its own columns
    # ("pemdi2026 a1" is not "spbe2020 a1"), never one column for two frameworks' parts
    records = [_compare_record(book, r, f"{fwk.id} " if mixed else "") for book, fwk, r in scored]
    part_names = dict.fromkeys(k for rec in records for k in rec if k not in _COMPARE_HEAD)
    parts = sorted(part_names, key=_part_key)
    columns = ["instansi", "year", "framework", "index", "predicate", "rank", *parts]
    frame = pd.DataFrame.from_records(records, columns=columns)
    published = frame["index"].map(round_half_up) if len(frame) else frame["index"]
    if mixed:
        # indices of different scales (SPBE levels, Pemdi scores) are not comparable: each
        # book is ranked among the books of its own scale only
        frame["rank"] = published.groupby([str(s) for s in scales]).rank(
            method="min", ascending=False
        )
    else:
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


# --------------------------------------------------------------------------- recap

#: (framework, official index) of each book, in the order given
_Scored = list[tuple["Framework", IndexResult]]


def _spread(scored: _Scored, kind: str, key: str, name_col: str) -> pd.DataFrame:
    """Mean, lowest and highest index of each domain (or aspect) over the books."""
    rows = []
    for fwk, result in scored:
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


def scale_of(fwk: Framework) -> tuple[Any, ...]:
    """What makes two frameworks' indices comparable: the value type and the predicate
    bands (spbe2018 and spbe2020 share them; pemdi2026's differ)."""
    bands = fwk.predicates
    return (
        fwk.value_type,
        tuple(zip(bands["name"].tolist(), bands["lower"].tolist(), strict=True)),
    )


def _predicate_counts_by_framework(scored: _Scored, table: pd.DataFrame) -> pd.DataFrame:
    """Books per predicate band of each framework (frameworks of different scales: the
    bands of one do not count the books of another)."""
    parts = []
    for fwk in dict.fromkeys(f for f, _ in scored):
        counts = _predicate_counts(
            list(fwk.predicates["name"]), table[table["framework"] == fwk.id]
        )
        counts.insert(0, "framework", fwk.id)
        parts.append(counts)
    return pd.concat(parts, ignore_index=True)


def _not_comparable_note(scored: _Scored) -> str:
    """The note of a recap whose books are scored on different scales."""
    seen = []
    for fwk, _ in scored:
        item = f"{fwk.id} ({fwk.regulation}, {fwk.value_label}s {fwk.value_range_text()})"
        if item not in seen:
            seen.append(item)
    return (
        "The indices are not comparable: " + "; ".join(seen) + " are different frameworks "
        "with their own weights, scales and predicate bands. Each book is shown with its own "
        "framework and predicate and ranked only among books of the same framework scale; "
        "no difference between them is computed."
    )


def _predicate_counts(bands: list[str], table: pd.DataFrame) -> pd.DataFrame:
    """Books per predicate band, every band listed."""
    counts = table["predicate"].value_counts()
    return pd.DataFrame({"predicate": bands, "n_instansi": [int(counts.get(b, 0)) for b in bands]})


def _level_rows(scored: _Scored) -> pd.DataFrame:
    """framework, book (position), indicator_no, level: every scored id of every book."""
    rows = []
    for position, (fwk, result) in enumerate(scored):
        by_indicator = result.by_indicator
        for no, level in zip(by_indicator["indicator_no"], by_indicator["level"], strict=True):
            if not pd.isna(level):
                rows.append(
                    {
                        "framework": fwk.id,
                        "book": position,
                        "indicator_no": int(no),
                        "level": float(level),
                    }
                )
    return pd.DataFrame(rows, columns=["framework", "book", "indicator_no", "level"])


def _weakest(scored: _Scored, weak_below: int) -> pd.DataFrame:
    """Indicators by their mean level over the books, lowest first, with how many books
    have them below ``weak_below``."""
    levels = _level_rows(scored)
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
        for fwk, _ in scored
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
    return weakest.rename(columns={"n_below": f"n_below_level_{weak_below}"})


def recap(books: Sequence[Book], *, weak_below: int, instances: str) -> Recap:
    """Compare several books and summarise them (see ``rules.recap``)."""
    if not books:
        raise ValueError("recap needs at least one book")
    engine.check_rules(instances, "skip")
    table = compare(books, level="official", instances=instances, missing="skip", framework=None)
    notes: list[str] = [
        "level: resmi (NILAI TINGKAT KEMATANGAN tindak lanjut; bila kosong, HASIL PENILAIAN "
        f"tim evaluator); aturan instans: {instances}"
    ]
    scored: _Scored = []
    for book in books:
        cat = book_catalog(book, None)
        result = engine.score_frame(
            cat, book.indicators, level="official", instances=instances, missing="skip"
        )
        scored.append((cat.framework, result))
        if result.skipped:
            notes.append(
                f"{book.meta.instansi or '?'} {book.meta.year or ''}: tanpa level untuk {ids_text(result.skipped)}"
            )
    first_framework, _ = scored[0]  # the predicate bands of the first book's framework
    if len({scale_of(f) for f, _ in scored}) > 1:
        predicates = _predicate_counts_by_framework(scored, table)
        notes.append(_not_comparable_note(scored))
    else:
        predicates = _predicate_counts(list(first_framework.predicates["name"]), table)
    return Recap(
        table=table,
        domains=_spread(scored, "domain", "domain_no", "domain"),
        aspects=_spread(scored, "aspect", "aspect_no", "aspect"),
        predicates=predicates,
        weakest=_weakest(scored, weak_below),
        notes=tuple(notes),
    )
