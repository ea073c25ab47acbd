"""The indicator table sheet: columns, title, DOMAIN and ASPEK banners, header, blocks.

The follow-up sheet, its agency sheets, the self-assessment copy and the template are all
this sheet with other columns and blocks: a :class:`TableSheet` says what, and
:func:`write_table_sheet` writes it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from spbe_xl.book import Signature
from spbe_xl.framework import Framework
from spbe_xl.writing.cells import Formats, Formula, put, put_merged
from spbe_xl.writing.layout import BLOCK_ROW_PT, HEADER_SIZE, Paper
from spbe_xl.writing.metrics import (
    CELL_PADDING_PX,
    COLUMN_UNIT_PX,
    cached_text_height,
    text_height,
    text_px,
)
from spbe_xl.writing.pages import Heights, page_breaks, print_setup
from spbe_xl.writing.signature import write_signature
from spbe_xl.writing.values import as_int, as_text

if TYPE_CHECKING:  # pragma: no cover
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet


@dataclass(frozen=True)
class Col:
    """A column of the table: its key in the blocks, header, width and alignment."""

    key: str
    header: str
    width: float
    align: str = "left"
    group: str | None = None  # a header over several columns (one header row)
    span_header: bool = False  # the header merges with the next column (number + text)
    num_format: str | None = None  # the cells' number format (Pemdi's values: "0.00")


@dataclass
class Block:
    """One indicator: cells merged down over its sub-rows, and cells per sub-row."""

    merged: dict[str, Any]
    rows: list[dict[str, Any]]
    n_rows: int = 1
    min_row_pt: float = 0.0  # the template's empty sub-rows: room to type or write in
    comments: dict[str, str] = field(default_factory=dict)  # column key -> note on its first cell


@dataclass
class Aspect:
    """An ASPEK banner and the blocks under it."""

    number: int | None
    name: str | None
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Domain:
    """A DOMAIN banner and its aspects."""

    number: int | None
    name: str | None
    aspects: list[Aspect] = field(default_factory=list)


@dataclass
class TableSheet:
    """What a table sheet shows: its name, title lines, columns, blocks and signature."""

    name: str
    title: list[str]
    columns: list[Col]
    domains: list[Domain]
    signature: Signature | None = None
    validations: dict[str, dict[str, Any]] = field(default_factory=dict)  # column key -> options


def _fit_header_words(columns: list[Col]) -> list[Col]:
    """Widen columns so that no header word is broken inside (Excel does not hyphenate)."""
    out = []
    for i, col in enumerate(columns):
        spanned = i > 0 and columns[i - 1].span_header
        words = [] if col.span_header or spanned else col.header.split()
        if col.group is None and not words:
            out.append(col)
            continue
        px = max((text_px(w, HEADER_SIZE, True) for w in words), default=0.0)
        need = (px + CELL_PADDING_PX + 2 - 5) / COLUMN_UNIT_PX
        out.append(replace(col, width=max(col.width, math.ceil(need * 2) / 2)))
    return out


def followup_columns(plan_years: Sequence[int]) -> list[Col]:
    """The follow-up table's columns, one RENCANA AKSI TAHUN column per plan year."""
    return _fit_header_words(
        [
            Col("id", "INDIKATOR", 8, "center"),
            Col("name", "URAIAN INDIKATOR", 20),
            Col("question", "PERTANYAAN", 24),
            Col("level", "NILAI TINGKAT KEMATANGAN", 11.5, "center"),
            Col("explanation", "PENJELASAN LEVEL", 26),
            Col("recommendation", "REKOMENDASI MENPAN", 28),
            Col("ev_no", "DATA DUKUNG REKOMENDASI MENPAN", 4, "center", span_header=True),
            Col("ev_text", "DATA DUKUNG REKOMENDASI MENPAN", 30),
            Col("ada", "ADA", 7, "center", group="KELENGKAPAN DATA DUKUNG SAAT INI"),
            Col("belum", "BELUM ADA", 7, "center", group="KELENGKAPAN DATA DUKUNG SAAT INI"),
            *(Col(f"action:{y}", f"RENCANA AKSI TAHUN {y}", 21) for y in plan_years),
            Col("agency", "PERANGKAT DAERAH PENANGGUNG JAWAB", 19),
        ]
    )


def self_assessment_columns() -> list[Col]:
    """The self-assessment table's columns (PENILAIAN MANDIRI)."""
    return _fit_header_words(
        [
            Col("id", "INDIKATOR", 8, "center"),
            Col("name", "URAIAN INDIKATOR", 20),
            Col("question", "PERTANYAAN", 24),
            Col("self_level", "PENILAIAN MANDIRI", 11.5, "center"),
            Col("self_explanation", "PENJELASAN LEVEL", 25),
            Col("self_no", "DATA DUKUNG", 4, "center", span_header=True),
            Col("self_text", "DATA DUKUNG", 28),
            Col("evaluator_level", "HASIL PENILAIAN TIM EVALUATOR", 11.5, "center"),
            Col("evaluator_explanation", "PENJELASAN LEVEL", 25),
            Col(
                "optimal_no", "DATA DUKUNG PENCAPAIAN LEVEL OPTIMAL", 4, "center", span_header=True
            ),
            Col("optimal_text", "DATA DUKUNG PENCAPAIAN LEVEL OPTIMAL", 28),
            Col("agency", "PERANGKAT DAERAH PENANGGUNG JAWAB", 19),
        ]
    )


def column_widths(columns: Sequence[Col]) -> dict[str, float]:
    """``{key: width}`` of a sheet's columns, for :func:`finish_block`."""
    return {col.key: col.width for col in columns}


def finish_block(block: Block, widths: Mapping[str, float]) -> Block:
    """Give the block enough sub-rows for its tallest merged text (409 pt per row at most);
    ``widths`` is :func:`column_widths` of the sheet's columns."""
    tallest = max(
        (
            text_height(v, widths[k])
            for k, v in block.merged.items()
            if isinstance(v, str) and k in widths
        ),
        default=0.0,
    )
    block.n_rows = max(len(block.rows), 1, math.ceil(tallest / BLOCK_ROW_PT))
    return block


def write_table_sheet(
    workbook: Workbook, fm: Formats, sheet: TableSheet, paper: Paper
) -> Worksheet:
    """Write ``sheet`` as a new worksheet, print-ready: the title rows, per domain its banner
    and the column header, per aspect its banner and the blocks, then the signature block."""
    ws = workbook.add_worksheet(sheet.name)
    cols = sheet.columns
    for i, col in enumerate(cols):
        ws.set_column(i, i, col.width)
    heights = Heights()
    r = _write_title(ws, fm, heights, sheet.title, cols)
    # The cells of the columns that get a dropdown (only those: naming cells costs time).
    validation_cells: dict[str, list[str]] = {key: [] for key in sheet.validations}
    units: list[tuple[int, int]] = []  # rows kept on one printed page
    first_header, end_of_table = _write_domains(ws, fm, heights, r, sheet, validation_cells, units)
    if sheet.signature is not None:
        end = write_signature(ws, fm, heights, end_of_table + 1, cols, sheet.signature)
        units.append((end_of_table, end - 1))
    _write_validations(ws, sheet.validations, validation_cells)
    applied = heights.apply(ws)
    print_setup(ws, paper, repeat=first_header, freeze=first_header[1] + 1)
    page_breaks(ws, heights, applied, units, [c.width for c in cols], paper, first_header)
    return ws


def _write_title(
    ws: Worksheet, fm: Formats, heights: Heights, title: Sequence[str], cols: Sequence[Col]
) -> int:
    """The title rows over the whole width and a thin spacer row; returns the row after."""
    last = len(cols) - 1
    total_width = sum(c.width for c in cols)
    r = 0
    for i, line in enumerate(title):
        size = 13 if i == 0 else 12
        put_merged(ws, r, 0, r, last, line, fm.title(size))
        heights.need(r, text_height(line, total_width, size=size, bold=True) + 2)
        r += 1
    heights.fix(r, 9)
    return r + 1


def _write_domains(
    ws: Worksheet,
    fm: Formats,
    heights: Heights,
    r: int,
    sheet: TableSheet,
    validation_cells: dict[str, list[str]],
    units: list[tuple[int, int]],
) -> tuple[tuple[int, int], int]:
    """The table from row ``r``; returns the rows of the first column header and the row
    after the table.  ``units`` gets the rows of each indicator with the banners over it."""
    cols = sheet.columns
    last = len(cols) - 1
    total_width = sum(c.width for c in cols)
    two_rows = any(c.group for c in cols)
    first_header: tuple[int, int] | None = None
    # What _write_block needs per column, made once per sheet.  Made at the first block, not
    # here: the cell formats must be created after the title, banner and header ones, in
    # the order the first block asks for them, as the workbook's styles list them.
    plan: list[tuple[int, str, Any, float, list[str] | None]] | None = None
    level_col = next((i for i, col in enumerate(cols) if col.key == "level"), None)
    for domain in sheet.domains:
        unit_start: int | None = r
        if domain.number is not None:
            r = _write_banner(ws, fm, heights, r, last, total_width, "domain", domain)
        h0 = r
        r = _write_header(ws, fm, heights, r, cols, two_rows)
        if first_header is None:
            first_header = (h0, r - 1)
            unit_start = 0  # the title stays with the first indicator
        for aspect in domain.aspects:
            if aspect.number is not None:
                if unit_start is None:
                    unit_start = r
                r = _write_banner(ws, fm, heights, r, last, total_width, "aspect", aspect)
            for block in aspect.blocks:
                start = r if unit_start is None else unit_start
                if plan is None:
                    plan = [
                        (
                            c,
                            col.key,
                            fm.cell(col.align, num_format=col.num_format),
                            col.width,
                            validation_cells.get(col.key),
                        )
                        for c, col in enumerate(cols)
                    ]
                r = _write_block(ws, heights, r, plan, level_col, block)
                units.append((start, r - 1))
                unit_start = None
    assert first_header is not None
    return first_header, r


def _write_validations(
    ws: Worksheet,
    validations: Mapping[str, dict[str, Any]],
    validation_cells: Mapping[str, list[str]],
) -> None:
    """One dropdown per column that has one, over all of its cells (one multi-range)."""
    for key, options in validations.items():
        cells = validation_cells.get(key)
        if not cells:
            continue
        first = cells[0]
        ws.data_validation(first, {**options, "multi_range": " ".join(cells)})


def _write_banner(
    ws: Worksheet,
    fm: Formats,
    heights: Heights,
    r: int,
    last: int,
    total_width: float,
    level: str,
    group: Domain | Aspect,
) -> int:
    label = "DOMAIN" if level == "domain" else "ASPEK"
    fmt = fm.banner(level)
    put_merged(ws, r, 0, r, last, f"{label} {group.number}", fmt)
    name = (group.name or "").upper() or None
    put_merged(ws, r + 1, 0, r + 1, last, name, fmt)
    heights.need(r, 16)
    heights.need(r + 1, max(16, text_height(name, total_width, bold=True)))
    return r + 2


def _write_header(
    ws: Worksheet, fm: Formats, heights: Heights, r: int, cols: Sequence[Col], two_rows: bool
) -> int:
    fmt = fm.header()
    bottom = r + 1 if two_rows else r
    c = 0
    while c < len(cols):
        col = cols[c]
        if col.group:
            c1 = c
            while c1 + 1 < len(cols) and cols[c1 + 1].group == col.group:
                c1 += 1
            span_width = sum(x.width for x in cols[c : c1 + 1])
            put_merged(ws, r, c, r, c1, col.group, fmt)
            heights.need(r, text_height(col.group, span_width, size=HEADER_SIZE, bold=True))
            for k in range(c, c1 + 1):
                put(ws, bottom, k, cols[k].header, fmt)
                heights.need(
                    bottom, text_height(cols[k].header, cols[k].width, size=HEADER_SIZE, bold=True)
                )
            c = c1 + 1
            continue
        c1 = c + 1 if col.span_header and c + 1 < len(cols) else c
        span_width = sum(x.width for x in cols[c : c1 + 1])
        put_merged(ws, r, c, bottom, c1, col.header, fmt)
        heights.need_span(
            r, bottom, text_height(col.header, span_width, size=HEADER_SIZE, bold=True)
        )
        c = c1 + 1
    return bottom + 1


def _write_block(
    ws: Worksheet,
    heights: Heights,
    r: int,
    plan: Sequence[tuple[int, str, Any, float, list[str] | None]],
    level_col: int | None,
    block: Block,
) -> int:
    """One indicator from row ``r``; returns the row after it.  ``plan`` has per column its
    index, key, cell format, width and the list of cells that get its dropdown (or None)."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    n = block.n_rows
    last = r + n - 1
    need = heights.need
    for k in range(r, r + n):
        need(k, block.min_row_pt)
    merged = block.merged
    sub_rows = block.rows
    comments = block.comments
    for c, key, fmt, width, dropdown in plan:
        if comments and key in comments:
            ws.write_comment(r, c, comments[key], {"x_scale": 3, "y_scale": 3})
        if key in merged:
            value = merged[key]
            if isinstance(value, Formula) and level_col is not None:
                value = replace(
                    value, text=value.text.replace("{level}", xl_rowcol_to_cell(r, level_col))
                )
            put_merged(ws, r, c, last, c, value, fmt)
            if isinstance(value, str):
                # cached_text_height directly, not text_height(value, width): this is the
                # hottest call of a write (per text cell), and the wrapper's test and str()
                # are done here already: two calls less per cell.
                heights.need_span(
                    r, last, cached_text_height(value, width, 10, False) if value else 0.0
                )
            if dropdown is not None:
                dropdown.append(xl_rowcol_to_cell(r, c))
        else:
            for k in range(n):
                value = sub_rows[k].get(key) if k < len(sub_rows) else None
                put(ws, r + k, c, value, fmt)
                if isinstance(value, str):
                    # (cached_text_height directly: as for the merged cells above)
                    need(r + k, cached_text_height(value, width, 10, False) if value else 0.0)
                if dropdown is not None:
                    dropdown.append(xl_rowcol_to_cell(r + k, c))
    return r + n


def group_names(
    catalog: Framework, rows: list[dict[str, Any]]
) -> tuple[dict[int, str], dict[int, str]]:
    """The DOMAIN and ASPEK banners' names by number: the catalog's, and the book's for
    numbers the catalog does not have."""
    domains: dict[int, str] = {}
    aspects: dict[int, str] = {}
    for frame, key, out in (
        (catalog.domains, "domain_no", domains),
        (catalog.aspects, "aspect_no", aspects),
    ):
        # column lists, not itertuples(): the same values, without a tuple per row
        out.update(
            {
                int(n): str(name)
                for n, name in zip(frame[key].tolist(), frame["name"].tolist(), strict=True)
            }
        )
    for row in rows:
        d, a = as_int(row.get("domain_no")), as_int(row.get("aspect_no"))
        if d is not None and as_text(row.get("domain")):
            domains.setdefault(d, str(row["domain"]))
        if a is not None and as_text(row.get("aspect")):
            aspects.setdefault(a, str(row["aspect"]))
    return domains, aspects


def group_blocks(
    rows: list[dict[str, Any]],
    blocks: list[Block],
    names: tuple[dict[int, str], dict[int, str]],
) -> list[Domain]:
    """The blocks under their DOMAIN and ASPEK banners, a new banner where the number changes
    (``rows`` in order, one block per row)."""
    domains: list[Domain] = []
    for row, block in zip(rows, blocks, strict=True):
        d, a = as_int(row.get("domain_no")), as_int(row.get("aspect_no"))
        if not domains or domains[-1].number != d:
            domains.append(Domain(d, names[0].get(d) if d is not None else None))
        domain = domains[-1]
        if not domain.aspects or domain.aspects[-1].number != a:
            domain.aspects.append(Aspect(a, names[1].get(a) if a is not None else None))
        domain.aspects[-1].blocks.append(block)
    return domains
