"""Readers: received SPBE workbooks into tidy frames, every value traceable to its cell.

Workbooks arrive made by hand: title rows, DOMAIN/ASPEK banner rows, the column header
repeated under each banner, an indicator's cells merged down over its evidence sub-rows,
several evidence numbers typed into one cell, typos in headers, levels written
``LEVEL 3``, ``Level 3``, ``3`` or ``3.0``, one sheet per agency.  The reader finds each
sheet's kind and columns from the header text (never from fixed positions), reads every
table row, then merges what the sheets and files say about each indicator into one row,
reporting disagreements as findings instead of hiding them.

This module is the public entry point; the work is done in :mod:`spbe_xl.reading`
(container guard, grid, headers, the sheet walk, agencies, merge, frames).  Cell values
and merged ranges are read with python-calamine (fast, read-only, also ``.xls`` and
``.ods``); the input file is never modified.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path

from spbe_xl.book import (
    ACTION_COLUMNS,
    EVIDENCE_COLUMNS,
    FINDING_COLUMNS,
    INDICATOR_COLUMNS,
    Book,
    ReadError,
)
from spbe_xl.findings import EXTENSION_MISMATCH, Finding
from spbe_xl.reading import merge
from spbe_xl.reading.agencies import AGENCY_ALIASES, normalize_agency
from spbe_xl.reading.container import (
    MAX_CELLS,
    MAX_UNCOMPRESSED_BYTES,
    MAX_ZIP_ENTRIES,
    misnamed,
)
from spbe_xl.reading.frames import frame
from spbe_xl.reading.grid import title_rows
from spbe_xl.reading.headers import rows_with_header_word
from spbe_xl.reading.titles import title_meta
from spbe_xl.reading.values import parse_indicator_id, parse_level

__all__ = [
    "AGENCY_ALIASES",
    "MAX_CELLS",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_ZIP_ENTRIES",
    "ReadError",
    "normalize_agency",
    "parse_indicator_id",
    "parse_level",
    "peek_title",
    "read_workbook",
]


def read_workbook(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    framework: str | None = None,
) -> Book:
    """Read one instansi's SPBE workbook(s) into a :class:`~spbe_xl.book.Book`.

    ``paths`` is one path or several paths of the same instansi (for example the
    self-assessment workbook and the follow-up workbook).  ``framework`` is a framework
    id (``"spbe2018"``, ``"spbe2020"``); by default it is chosen from the indicators found.
    Raises :class:`~spbe_xl.book.ReadError` for a file that is not a readable SPBE workbook.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    path_list = [Path(p) for p in paths]
    if not path_list:
        raise ReadError("no workbook given")

    results = merge.parse_files(path_list)
    findings = [finding for result in results for finding in result.findings]
    findings += _misnamed_files(path_list)
    sheet_kinds = merge.classify_sheets(results)
    catalog, instansi, year = merge.resolve_catalog(results, framework)
    agencies = merge.unify_book_agencies(results, findings)
    merged = merge.merge_indicators(results, sheet_kinds, catalog, agencies, findings)
    if not merged.indicators:
        raise ReadError(
            f"no indicator of framework {catalog.id} was found",
            file=", ".join(p.name for p in path_list),
        )
    schedule = merge.collect_actions(results, merged, year)
    meta = merge.book_meta(
        results,
        sheet_kinds,
        agencies,
        path_list,
        instansi=instansi,
        year=year,
        framework_id=catalog.id,
        schedule=schedule,
    )
    evidence = frame(merged.evidence, EVIDENCE_COLUMNS)
    return Book(
        indicators=frame(merged.indicators, INDICATOR_COLUMNS),
        evidence=evidence,
        actions=frame(merged.actions, ACTION_COLUMNS),
        findings=frame([finding.as_row() for finding in findings], FINDING_COLUMNS),
        meta=meta,
    )


def _misnamed_files(paths: list[Path]) -> list[Finding]:
    """An ``extension_mismatch`` finding for each file whose content its extension
    misnames (read by its content all the same)."""
    out = []
    for path in paths:
        kind = misnamed(path)
        if kind is not None:
            out.append(
                EXTENSION_MISMATCH(
                    file=path.name,
                    source=None,
                    suffix=path.suffix or "(no extension)",
                    kind=f".{kind}",
                )
            )
    return out


def peek_title(path: str | os.PathLike[str], rows: int = 12) -> tuple[str | None, int | None]:
    """The instansi and year named in a workbook's title rows, reading only those rows.

    Used to group the workbooks of one instansi before reading them in full.
    Raises ReadError for a file that is not a readable workbook.
    """
    with closing(title_rows(Path(path), rows)) as sheets:
        for row_texts in sheets:
            header = min(rows_with_header_word(row_texts), default=len(row_texts))
            # the title rows only: those above the table's header
            found = title_meta([t for texts in row_texts[:header] for t in texts if t])
            if found[0] is not None:
                return found
    return None, None
