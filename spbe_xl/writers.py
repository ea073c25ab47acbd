"""Writers: tidy frames back into the official SPBE workbooks, print-ready and round-trip safe.

:func:`write_followup` writes the follow-up workbook ("Tindak Lanjut Hasil Indeks SPBE",
``docs/layout.md`` section 2) of a :class:`~spbe_xl.book.Book`:

``TINDAK LANJUT``
    every indicator in the seed's layout: two title rows, DOMAIN and ASPEK banners, the
    two-row column header under each DOMAIN banner (KELENGKAPAN DATA DUKUNG SAAT INI over
    ADA | BELUM ADA), one sub-row per recommended evidence item with the indicator's cells
    merged down over them, the action plan per year, the responsible agency, and the
    signature block under the table.
one sheet per responsible agency
    the same layout with only that agency's indicators and the agency's full name in a third
    title row; the sheet name is a short form of the name (see :func:`agency_sheet_names`).
    Indicators without an agency go to ``TANPA PENANGGUNG JAWAB``.
``RINGKASAN``
    index and predicate, domain and aspect indices with a native column chart (official
    and self-assessment side by side), the level-delta table and the agency rollup, all from
    :func:`spbe_xl.rules.summarize` -- writers never compute scores.
``JADWAL <year>``
    the monthly grid (JAN ... DES) of the plan year's actions.
``PENILAIAN MANDIRI``
    only when the book has self-assessment data (self or evaluator levels, their evidence):
    the self-assessment layout (``docs/layout.md`` section 1), so that nothing of the book is lost.

:func:`write_template` writes the blank workbook of a new round: every indicator of a
framework with its name and question, empty level cells with a dropdown of the framework's
levels, three empty evidence sub-rows per indicator and, given a list of agencies, a dropdown
of agencies.

Every text is written as text (a recommendation that starts with ``=`` stays a string, never
a formula), and every file is written through :func:`~spbe_xl.files.atomic_output`: to a
temporary file in the target's folder, renamed over the target only when complete.

This module holds the public functions and their orchestration; the parts of the workbooks
are written by the modules of :mod:`spbe_xl.writing` (one per part).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from spbe_xl.book import Book, Signature, indicator_numbers
from spbe_xl.files import atomic_output
from spbe_xl.framework import (
    Framework,
    FrameworkError,
    framework_resolution,
    packaged_rounds,
    resolve_framework,
)
from spbe_xl.text import fold
from spbe_xl.writing import followup, template
from spbe_xl.writing.cells import Formats
from spbe_xl.writing.layout import (
    HEADER_SIZE,
    MARK,
    MONTHS,
    PAPER_SIZES,
    SHEET_CRITERIA,
    SHEET_FOLLOWUP,
    SHEET_LISTS,
    SHEET_NO_AGENCY,
    SHEET_SCHEDULE_PREFIX,
    SHEET_SELF_ASSESSMENT,
    SHEET_SUMMARY,
    TEMPLATE_EVIDENCE_ROWS,
    TITLE_FOLLOWUP,
    TITLE_SCHEDULE,
    TITLE_SELF_ASSESSMENT,
    TITLE_SUMMARY,
    WORKBOOK_OPTIONS,
    Paper,
    check_paper,
)
from spbe_xl.writing.metrics import count_lines, text_height
from spbe_xl.writing.plan import write_plan_sheets
from spbe_xl.writing.recap import write_recap_sheets
from spbe_xl.writing.schedule import write_schedule
from spbe_xl.writing.sheetnames import agency_sheet_names, clean_sheet_text, unique_sheet_name
from spbe_xl.writing.summary import write_summary
from spbe_xl.writing.table import write_table_sheet
from spbe_xl.writing.tables import write_table_sheet as write_frame_sheet
from spbe_xl.writing.track import write_track_sheets
from spbe_xl.writing.workbook import open_workbook, set_properties

if TYPE_CHECKING:  # pragma: no cover
    from spbe_xl import rules

__all__ = [
    "HEADER_SIZE",
    "MARK",
    "MONTHS",
    "PAPER_SIZES",
    "SHEET_CRITERIA",
    "SHEET_FOLLOWUP",
    "SHEET_LISTS",
    "SHEET_NO_AGENCY",
    "SHEET_SCHEDULE_PREFIX",
    "SHEET_SELF_ASSESSMENT",
    "SHEET_SUMMARY",
    "TEMPLATE_EVIDENCE_ROWS",
    "TITLE_FOLLOWUP",
    "TITLE_SCHEDULE",
    "TITLE_SELF_ASSESSMENT",
    "TITLE_SUMMARY",
    "WORKBOOK_OPTIONS",
    "Paper",
    "agency_sheet_names",
    "atomic_output",
    "count_lines",
    "template_framework",
    "text_height",
    "write_followup",
    "write_plan",
    "write_recap",
    "write_table",
    "write_template",
    "write_track",
]


def write_followup(
    book: Book,
    path: str | os.PathLike[str],
    *,
    summary: rules.Summary | None = None,
    paper: Paper = "folio",
    signature: Signature | None = None,
    plan_years: Sequence[int] | None = None,
    schedule_year: int | None = None,
    fill_explanations: bool = True,
) -> Path:
    """Write ``book`` as the official follow-up workbook; return the path written.

    ``summary`` is what the RINGKASAN sheet shows (default :func:`spbe_xl.rules.summarize`
    of the book).  ``paper`` is ``"folio"`` (8.5 x 13 in, F4) or ``"a4"``.  ``signature``
    defaults to the book's (``book.meta.signature``); without either no block is written.
    ``plan_years`` are the RENCANA AKSI TAHUN ... columns (default: the book's plan years,
    else its year and the two after it, plus any year its actions have); ``schedule_year``
    the year of the JADWAL sheet (default: the book's own JADWAL year, else the last plan
    year).

    NILAI TINGKAT KEMATANGAN shows the follow-up's maturity levels; a book without any
    follow-up data (no maturity level or explanation at all) shows the evaluator's levels
    there instead.  With ``fill_explanations`` a level without its PENJELASAN LEVEL gets
    the framework's criterion of that level (where the framework has criteria), marked by a
    cell note and listed in RINGKASAN's notes.  The file is written atomically (see
    :func:`~spbe_xl.files.atomic_output`).
    """
    check_paper(paper)
    if book.indicators.empty:
        raise ValueError("the book has no indicators: nothing to write")
    catalog = resolve_framework(
        declared=book.meta.framework, indicator_numbers=indicator_numbers(book.indicators)
    )
    if book.meta.criteria_file:  # the office's criteria the book was read with
        from spbe_xl.framework.criteria import apply_criteria

        catalog = apply_criteria(catalog, Path(book.meta.criteria_file))
    years = followup.plan_years(book, plan_years)
    if schedule_year is None:
        # the JADWAL year the follow-up was read with, so its marked months are kept
        schedule_year = book.meta.schedule_year or (years[-1] if years else None)
    if summary is None:
        from spbe_xl import rules

        summary = rules.summarize(book)
    signature = signature if signature is not None else book.meta.signature
    plan = followup.plan_followup(
        book, catalog, years, schedule_year, signature, fill_explanations=fill_explanations
    )
    if plan.filled:
        note = followup.filled_note(catalog, plan.filled)
        summary = replace(summary, notes=(*summary.notes, note))

    with atomic_output(path) as tmp, open_workbook(tmp) as workbook:
        fm = Formats(workbook)
        set_properties(
            workbook, book.meta.instansi, book.meta.year, "Tindak lanjut hasil indeks SPBE"
        )
        for sheet in plan.sheets:
            write_table_sheet(workbook, fm, sheet, paper)
        write_summary(workbook, fm, summary, book, catalog, paper)
        if schedule_year is not None:
            write_schedule(workbook, fm, book, plan.rows, schedule_year, paper, plan.action_records)
        if plan.self_sheet is not None:
            write_table_sheet(workbook, fm, plan.self_sheet, paper)
    return Path(path)


def write_template(
    path: str | os.PathLike[str],
    *,
    framework: str | Framework | None = None,
    instansi: str | None = None,
    year: int | None = None,
    agencies: Sequence[str] | None = None,
    paper: Paper = "folio",
    plan_years: Sequence[int] | None = None,
) -> Path:
    """Write the blank follow-up workbook of a new evaluation round; return the path.

    Every indicator of ``framework`` with its number, name and question; empty level cells
    with a dropdown ``LEVEL <min>`` ... ``LEVEL <max>`` (under a score framework, Pemdi from
    2026: a value cell checked as a decimal 1.00-5.00, the scale and predicate bands under
    the title and in each value cell's note); three empty evidence sub-rows with
    a ✓ dropdown under ADA and BELUM ADA; one action per cell under RENCANA AKSI TAHUN ...
    (``plan_years``, default ``year`` and the two years after it); with ``agencies``, a
    dropdown of them in the PERANGKAT DAERAH column (other names are accepted after a
    warning).  The framework: ``framework`` when given, else the one in force in ``year``
    (FrameworkError for a year no packaged framework applies to, e.g. 2020 or a round not yet
    packaged), else ``spbe2018`` (:func:`template_framework`).  Without ``year`` the title
    has no year and the plan years default to the current year and the two after it.  A
    multi-instance indicator (2018's
    indicator 35, one per public-service system) gets one row numbered ``35``: number the
    copies ``35-1``, ``35-2`` ... when assessing several systems.
    """
    check_paper(paper)
    year = int(year) if year is not None else None
    catalog = template_framework(framework, year)
    first = year if year is not None else date.today().year
    years = (
        sorted({int(y) for y in plan_years})
        if plan_years is not None
        else [first, first + 1, first + 2]
    )
    agency_list = list(dict.fromkeys(fold(a) for a in (agencies or ()) if a and fold(a)))
    sheet = template.template_sheet(catalog, instansi, year, years, agency_list)

    with atomic_output(path) as tmp, open_workbook(tmp) as workbook:
        fm = Formats(workbook)
        set_properties(workbook, instansi, year, "Templat tindak lanjut hasil indeks SPBE")
        write_table_sheet(workbook, fm, sheet, paper)
        if agency_list:
            template.write_lists_sheet(workbook, agency_list)
        if catalog.has_criteria:
            template.write_criteria_sheet(workbook, fm, catalog)
    return Path(path)


def template_framework(framework: str | Framework | None, year: int | None) -> Framework:
    """The framework a template is written under (``resolve_framework``'s policy): the
    requested one, else the one in force in ``year`` (its ``[rounds]``), else without a
    year the oldest (``spbe2018``).  FrameworkError for a year no packaged framework
    applies to, naming those that exist and their years."""
    resolution = framework_resolution(framework, year=year)
    if resolution.year_uncovered:
        raise FrameworkError(
            f"no packaged framework applies to the {year} evaluation round (packaged: "
            f"{packaged_rounds()}); name one (framework=, --framework) to write it anyway"
        )
    return resolution.framework


def write_table(
    frame: pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    sheet_name: str = "TABEL",
    title: str | None = None,
    paper: Paper = "folio",
) -> Path:
    """Write one DataFrame as a formatted, print-ready workbook (one sheet); return the path.

    Column names are the headers; texts are written as text (never formulas), numbers as
    numbers (floats shown with 2 decimals, 3 for points, stored at full precision).  The file
    is written atomically.
    """
    check_paper(paper)
    name = unique_sheet_name(clean_sheet_text(sheet_name) or "TABEL", set())
    with atomic_output(path) as tmp, open_workbook(tmp) as workbook:
        fm = Formats(workbook)
        set_properties(workbook, None, None, title or sheet_name)
        write_frame_sheet(workbook, fm, frame, name, title, paper)
    return Path(path)


def write_recap(
    recap: rules.Recap, path: str | os.PathLike[str], *, paper: Paper = "folio"
) -> Path:
    """Write :func:`spbe_xl.rules.recap` (many instansi side by side) as a workbook.

    ``REKAP``: one row per instansi (index, predicate, rank, domain and aspect indices) with a
    column chart of the indices, the predicate distribution and the notes; ``DOMAIN ASPEK``:
    mean, lowest and highest index per domain and aspect; ``INDIKATOR TERLEMAH``: indicators
    by their mean official level, lowest first.  Written atomically.
    """
    check_paper(paper)
    with atomic_output(path) as tmp, open_workbook(tmp) as workbook:
        fm = Formats(workbook)
        set_properties(workbook, None, None, "Rekap hasil indeks SPBE")
        write_recap_sheets(workbook, fm, recap, paper)
    return Path(path)


def write_plan(plan: rules.Plan, path: str | os.PathLike[str], *, paper: Paper = "folio") -> Path:
    """Write :func:`spbe_xl.rules.plan` as a print-ready workbook; return the path.

    ``RINGKASAN RENCANA``: the target, the index and predicate now and after the plan, the
    steps per agency, a chart of the index climbing step by step, the steps in order and the
    indicators set apart (and why); then one sheet per agency with its steps, the criterion
    of the level to reach, the evidence listed today and the recommended one, and empty
    RENCANA AKSI cells for the next year with a month grid.  Written atomically.
    """
    check_paper(paper)
    with atomic_output(path) as tmp, open_workbook(tmp) as workbook:
        fm = Formats(workbook)
        set_properties(workbook, plan.instansi, plan.year, "Rencana peningkatan indeks SPBE")
        write_plan_sheets(workbook, fm, plan, paper)
    return Path(path)


def write_track(
    track: rules.Track, path: str | os.PathLike[str], *, paper: Paper = "folio"
) -> Path:
    """Write :func:`spbe_xl.rules.track` (one instansi over several rounds) as a workbook.

    ``INDEKS PER PUTARAN``: the index and predicate of each round with a chart over the
    predicate bands, and the notes; ``LINTASAN INDIKATOR``: every indicator's levels per
    round, whether it had an action plan and what came of it; ``TINDAK LANJUT PD``:
    planned versus achieved per agency, and the outcomes with and without a plan.
    Written atomically.
    """
    check_paper(paper)
    with atomic_output(path) as tmp, open_workbook(tmp) as workbook:
        fm = Formats(workbook)
        first = track.rounds["instansi"].dropna()
        instansi = str(first.iloc[0]) if len(first) else None
        set_properties(workbook, instansi, None, "Perkembangan indeks SPBE antar putaran")
        write_track_sheets(workbook, fm, track, paper)
    return Path(path)
