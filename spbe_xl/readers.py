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
from collections import Counter
from collections.abc import Iterable, Mapping
from contextlib import closing
from dataclasses import replace
from pathlib import Path

from spbe_xl.book import (
    ACTION_COLUMNS,
    EVIDENCE_COLUMNS,
    FINDING_COLUMNS,
    RESPONSIBILITY_COLUMNS,
    Book,
    ReadError,
)
from spbe_xl.findings import EXTENSION_MISMATCH, FRAMEWORK_UNDECIDED, Finding
from spbe_xl.framework import Framework
from spbe_xl.reading import merge
from spbe_xl.reading.agencies import (
    AGENCY_ALIASES,
    AgencyAliasError,
    AliasTable,
    alias_table,
    load_agency_aliases,
    normalize_agency,
)
from spbe_xl.reading.container import (
    MAX_CELLS,
    MAX_UNCOMPRESSED_BYTES,
    MAX_ZIP_ENTRIES,
    misnamed,
)
from spbe_xl.reading.frames import frame
from spbe_xl.reading.grid import title_rows
from spbe_xl.reading.headers import rows_with_header_word
from spbe_xl.reading.instances import read_instance_rows
from spbe_xl.reading.planbook import PlanActions, add_plan_actions, read_plan_actions
from spbe_xl.reading.records import SheetResult
from spbe_xl.reading.scores import apply_value_type, declared_framework, indicator_columns
from spbe_xl.reading.titles import TitleInfo, normalize_instansi, read_title
from spbe_xl.reading.values import parse_indicator_id, parse_level

__all__ = [
    "AGENCY_ALIASES",
    "MAX_CELLS",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_ZIP_ENTRIES",
    "AgencyAliasError",
    "PlanActions",
    "ReadError",
    "TitleInfo",
    "add_plan_actions",
    "load_agency_aliases",
    "normalize_agency",
    "normalize_instansi",
    "parse_indicator_id",
    "parse_level",
    "peek_title",
    "peek_title_info",
    "read_plan_actions",
    "read_workbook",
    "undecided_framework",
]


def read_workbook(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    framework: str | Framework | None = None,
    agency_aliases: str | os.PathLike[str] | Mapping[str, str] | AliasTable | None = None,
    criteria: str | os.PathLike[str] | None = None,
) -> Book:
    """Read one instansi's SPBE workbook(s) into a :class:`~spbe_xl.book.Book`.

    ``paths`` is one path or several paths of the same instansi (for example the
    self-assessment workbook and the follow-up workbook).  ``framework`` is a framework
    id (``"spbe2018"``, ``"spbe2020"``) or a loaded one (an office's criteria file applied:
    docs/criteria.md); by default it is chosen from the indicators found.
    ``agency_aliases`` is a user's agency alias file (CSV: ``alias,agency``; see
    docs/agencies.md) or a mapping alias -> agency, read before the packaged aliases.
    ``criteria`` is an office's level criteria CSV (docs/criteria.md), put over the
    criteria of the framework the book is read under (``level_text_mismatch`` checks
    against it); one that does not fit that framework is a ReadError naming its line.
    Raises :class:`~spbe_xl.book.ReadError` for a file that is not a readable SPBE workbook,
    :class:`AgencyAliasError` (naming the file and line) for an alias file that is not usable.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    path_list = [Path(p) for p in paths]
    if not path_list:
        raise ReadError("no workbook given")
    aliases = alias_table(agency_aliases)  # a bad alias file fails before any workbook is read

    results = merge.parse_files(path_list)
    findings = [finding for result in results for finding in result.findings]
    read_instance_rows(results, framework, findings)  # 36 "... Pemerintah 2" is 35-2
    findings += _misnamed_files(path_list, results)
    sheet_kinds = merge.classify_sheets(results, findings)
    catalog, instansi, year = merge.resolve_catalog(results, framework, findings, criteria=criteria)
    apply_value_type(results, catalog, findings)  # decimals: Pemdi scores, else unreadable
    agencies = merge.unify_book_agencies(results, findings, aliases)
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
        framework_id=declared_framework(framework, catalog),
        schedule=schedule,
    )
    if criteria is not None:  # the writers fill explanations from the office's texts too
        meta = replace(meta, criteria_file=os.fspath(criteria))
    evidence = frame(merged.evidence, EVIDENCE_COLUMNS)
    return Book(
        indicators=frame(merged.indicators, indicator_columns(catalog)),
        evidence=evidence,
        actions=frame(merged.actions, ACTION_COLUMNS),
        findings=frame([finding.as_row() for finding in findings], FINDING_COLUMNS),
        meta=meta,
        responsibilities=frame(merged.responsibilities, RESPONSIBILITY_COLUMNS),
    )


def undecided_framework(book: Book) -> str | None:
    """Why the book's framework is not certain (its ``framework_undecided`` finding: the
    values were left empty, the framework only gave the indicators' structure), or None."""
    found = book.findings.loc[book.findings["code"] == FRAMEWORK_UNDECIDED.code, "message"]
    return str(found.iloc[0]) if len(found) else None


def _misnamed_files(paths: list[Path], results: list[SheetResult]) -> list[Finding]:
    """An ``extension_mismatch`` finding for each file whose content its extension
    misnames (read by its content all the same; the kind is the one the container check
    found, which the sheets carry)."""
    kind_of = {result.sheet.file: result.sheet.misnamed_as for result in results}
    names = Counter(path.name for path in paths)  # two files of one name: look again
    out = []
    for path in paths:
        known = path.name in kind_of and names[path.name] == 1
        kind = kind_of[path.name] if known else misnamed(path)
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
    info = peek_title_info(path, rows)
    return info.instansi, info.year


def peek_title_info(path: str | os.PathLike[str], rows: int = 12) -> TitleInfo:
    """:func:`peek_title` with the title texts the instansi and year were read from.

    Of each visible sheet the first ``rows`` rows are read; its title is the rows above its
    table's header (the first row with a header word in two or more cells: a title line
    such as ``PENILAIAN MANDIRI EVALUASI SPBE 2021`` is one cell).  The first sheet that
    names an instansi gives it and, when it names one, the year; else the year of another
    sheet's title, else a year in the name of a sheet with a table.
    """
    found: list[TitleInfo] = []
    with closing(title_rows(Path(path), rows)) as sheets:
        for name, row_texts in sheets:
            words = rows_with_header_word(row_texts)
            headers = [r for r in sorted(words) if sum(1 for t in row_texts[r] if t) >= 2]
            header = headers[0] if headers else len(row_texts)
            # the title rows only: those above the table's header
            lines = [t for texts in row_texts[:header] for t in texts if t]
            info = read_title(lines, [name] if headers else [])
            found.append(info)
            if info.instansi is not None and info.year is not None:
                break
    named = next((info for info in found if info.instansi is not None), None)
    dated = next((info for info in found if info.year is not None), None)
    if named is None:
        return TitleInfo(year=dated.year, year_text=dated.year_text) if dated else TitleInfo()
    if named.year is None and dated is not None:
        return replace(named, year=dated.year, year_text=dated.year_text)
    return named
