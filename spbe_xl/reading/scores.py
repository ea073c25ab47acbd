"""Decimal indicator values (Pemdi scores, 1.00-5.00) as typed in cells, and the value type
of the framework a book is read under.

A cell is read before the book's framework is known: a whole level (``LEVEL 3``, ``3``) is
a level either way, and a decimal (``3,25``, ``3.25``, the number 3.25) is kept aside by the
row reader (:attr:`Record.scores`) with its ``unreadable_level`` finding.  Once the framework
is resolved, :func:`apply_value_type` settles it: under a framework whose values are scores
(``Framework.is_score``) the decimal becomes the value and the finding is withdrawn; under
SPBE's whole levels the finding stands and the cell stays empty, as before.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from spbe_xl import findings as F
from spbe_xl.book import INDICATOR_COLUMNS
from spbe_xl.text import fold

if TYPE_CHECKING:  # pragma: no cover
    from spbe_xl.findings import Finding
    from spbe_xl.framework import Framework
    from spbe_xl.reading.records import Record, SheetResult

__all__ = [
    "LEVEL_FIELDS",
    "apply_value_type",
    "decimal_cells",
    "declared_framework",
    "indicator_columns",
    "parse_score",
    "withhold_values",
]

#: The indicator fields that hold a level (or, in a score framework, a score).
LEVEL_FIELDS = ("self_level", "evaluator_level", "maturity_level")

# "3,25", "3.25", "NILAI 3,25", "SKOR: 2.5", "LEVEL 1,26": one number with a decimal part
# (either separator), nothing after it but words (no second number).
_SCORE_RE = re.compile(
    r"^(?:NILAI|SKOR|SCORE|INDEKS|LEVEL)?\s*[:.]?\s*(\d{1,2})(?:[.,](\d{1,4}))?(?:\s+[^\d]*)?$",
    re.IGNORECASE,
)


def parse_score(value: Any) -> float | None:
    """A decimal value as typed: ``3,25``, ``3.25``, the number 3.25, ``NILAI 2,5`` -> the
    float; None for anything else (blank, a sign, two numbers, a time, a bool)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        as_float = float(value)
        return as_float if as_float == as_float and abs(as_float) != float("inf") else None
    text = fold(str(value)).strip()
    match = _SCORE_RE.match(text)
    if not match:
        return None
    whole, decimals = match.group(1), match.group(2)
    return float(f"{whole}.{decimals}" if decimals else whole)


def apply_value_type(
    results: list[SheetResult], catalog: Framework, findings: list[Finding]
) -> None:
    """Settle the values read before the framework was known (see the module docstring).

    Under a score framework: every level field becomes a float, a decimal kept aside becomes
    the field's value (unless the record has a value there already) and its
    ``unreadable_level`` finding is removed from ``findings``.  Under a level framework
    nothing changes."""
    if not catalog.is_score:
        return
    withdrawn: set[tuple[str, str]] = set()
    for res in results:
        for rec in res.records:
            for field_name, (score, ref) in rec.scores.items():
                withdrawn.add((rec.file, ref))
                if rec.fields.get(field_name) is None:
                    rec.fields[field_name] = score
                    rec.cells[field_name] = ref
            for field_name in LEVEL_FIELDS:
                value = rec.fields.get(field_name)
                if value is not None:
                    rec.fields[field_name] = float(value)
    if withdrawn:
        findings[:] = [
            f
            for f in findings
            if not (f.code == F.UNREADABLE_LEVEL.code and (f.file, f.source) in withdrawn)
        ]


def decimal_cells(results: list[SheetResult]) -> list[tuple[Record, str, float]]:
    """The level cells whose value has a fractional part (``2,75``; not ``2,00``), as
    (record, cell, value): the evidence that the values are scores, not whole levels."""
    return [
        (rec, ref, score)
        for res in results
        for rec in res.records
        for score, ref in rec.scores.values()
        if score != int(score)
    ]


def withhold_values(results: list[SheetResult], findings: list[Finding]) -> int:
    """Leave every level field empty (the framework is not certain, so no value can be
    read as a level or a score): the whole levels, the decimals kept aside, their
    ``unreadable_level`` findings (the framework finding says why) and the level columns
    (no ``missing_level`` for them).  The DOMAIN/ASPEK banners are not checked either: they
    are another framework's parts when this one is the wrong one.  Returns how many cells
    were left empty."""
    emptied: set[tuple[str, str]] = set()
    withdrawn: set[tuple[str, str]] = set()
    for res in results:
        for rec in res.records:
            for field_name in LEVEL_FIELDS:
                if rec.fields.pop(field_name, None) is not None:
                    emptied.add((rec.file, rec.cells.pop(field_name, "")))
            for _, ref in rec.scores.values():
                withdrawn.add((rec.file, ref))
            rec.scores.clear()
            rec.level_cells.clear()
            rec.banner_domain = rec.banner_aspect = None
    if withdrawn:
        findings[:] = [
            f
            for f in findings
            if not (f.code == F.UNREADABLE_LEVEL.code and (f.file, f.source) in withdrawn)
        ]
    return len(emptied | withdrawn)


def declared_framework(requested: str | Framework | None, catalog: Framework) -> str:
    """What a book records as its framework (``BookMeta.framework``): the id of a packaged
    framework; the path of a framework file the caller gave (an office's own copy with a
    corrected number), so that the rules and writers, which load the book's framework
    again, score and write it under that file and not under the packaged one of its id.
    A loaded framework records its file; one with a weights file of its own must also be
    given to the rules (their ``framework=``), as the file alone does not carry them."""
    from spbe_xl.framework import Framework, available

    if isinstance(requested, Framework):
        packaged = requested.id in available() and requested.weights_file is None
        return requested.id if packaged or not requested.source_file else requested.source_file
    if requested is not None and requested.strip().lower() not in available():
        return catalog.source_file
    return catalog.id


def indicator_columns(catalog: Framework) -> dict[str, str]:
    """The indicators frame's columns for a framework: the level columns are ``Float64``
    decimals under a score framework (Pemdi), ``Int64`` levels otherwise."""
    if not catalog.is_score:
        return INDICATOR_COLUMNS
    return {k: ("Float64" if k in LEVEL_FIELDS else v) for k, v in INDICATOR_COLUMNS.items()}
