"""The RINGKASAN sheet: the index and predicate, the notes, the domain and aspect indices
with a column chart, the level deltas and the agency rollup, all from
:func:`spbe_xl.rules.summarize` -- writers never compute scores.

Only the summary's numbers are written, never a header the reader takes for a table:
indicator-number columns are headed "No." (never INDIKATOR / KODE / ID).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from spbe_xl.book import Book
from spbe_xl.framework import Framework
from spbe_xl.text import fold
from spbe_xl.writing.cells import Formats, put, put_merged
from spbe_xl.writing.layout import (
    HEADER_SIZE,
    INSTANCE_LABELS,
    LEVEL_LABELS,
    SHEET_SUMMARY,
    TITLE_SUMMARY,
    Paper,
)
from spbe_xl.writing.metrics import text_height
from spbe_xl.writing.pages import Heights, page_breaks, print_setup
from spbe_xl.writing.scores import index_name, number, summary_title
from spbe_xl.writing.values import as_float, as_int, as_text, is_missing, records

if TYPE_CHECKING:  # pragma: no cover
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

    from spbe_xl.scoring.results import IndexResult, Summary

#: A row of a summary table: (value, cell format) per column.
_Row = list[tuple[Any, Any]]

_OFFICIAL_COLUMNS = {
    "maturity_level": "Tindak lanjut",
    "evaluator_level": "Evaluator",
    "self_level": "Mandiri",
}


@dataclass
class _Sheet:
    """The RINGKASAN worksheet being written, with its formats and what it has placed."""

    ws: Worksheet
    fm: Formats
    widths: list[int]
    last: int  # the last column
    heights: Heights = field(default_factory=Heights)
    units: list[tuple[int, int]] = field(default_factory=list)  # rows kept on one page
    # The formats of the tables, created before anything is written (their order in the
    # workbook's styles).
    head: Any = None
    num2: Any = None
    num0: Any = None
    text: Any = None
    center: Any = None
    section: Any = None

    def __post_init__(self) -> None:
        fm = self.fm
        self.head = fm.header()
        self.num2 = fm.cell("right", num_format="0.00")
        self.num0 = fm.cell("center", num_format="0")
        self.text = fm.cell("left")
        self.center = fm.cell("center")
        self.section = fm.get(bold=True, font_size=11, valign="vcenter")

    def table(self, r: int, title: str, headers: list[str], data: Sequence[_Row]) -> int:
        """A titled table from row ``r``: the header row, then a row per ``data`` row (each
        kept on one page, the first with the title and header); returns the row after a
        blank one."""
        ws, heights, widths = self.ws, self.heights, self.widths
        start = r
        put_merged(ws, r, 0, r, len(headers) - 1, title, self.section)
        heights.need(r, 20)
        r += 1
        for c, h in enumerate(headers):
            put(ws, r, c, h, self.head)
            heights.need(r, text_height(h, widths[c], size=HEADER_SIZE, bold=True))
        r += 1
        for k, values in enumerate(data):
            for c, (value, fmt) in enumerate(values):
                put(ws, r, c, value, fmt)
                if isinstance(value, str):
                    heights.need(r, text_height(value, widths[c]))
            self.units.append((start if k == 0 else r, r))
            r += 1
        if not data:
            self.units.append((start, r - 1))
        return r + 1


def write_summary(
    workbook: Workbook,
    fm: Formats,
    summary: Summary,
    book: Book,
    catalog: Framework,
    paper: Paper,
) -> None:
    """Write RINGKASAN, print-ready (see the module docstring)."""
    ws = workbook.add_worksheet(SHEET_SUMMARY)
    widths = [7, 44, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13]
    action_cols = [c for c in summary.rollup.columns if str(c).startswith("actions_")]
    n_cols = max(10, 10 + len(action_cols))
    widths += [13] * (n_cols - len(widths))
    for i, w in enumerate(widths[:n_cols]):
        ws.set_column(i, i, w)
    sheet = _Sheet(ws, fm, widths, n_cols - 1)
    r = _write_title(sheet, book, catalog)
    r = _write_index_cards(sheet, r, summary, index_name(catalog))
    r = _write_notes(sheet, r, summary)
    sheet.units.append((0, r - 1))
    with_self = summary.self_scores is not None
    if catalog.has_domains:  # Pemdi: aspects at the top, no domain table
        r = _write_domains(sheet, r, summary)
    aspect_table_row = r + 2  # first data row of the aspect table
    r, n_aspects = _write_aspects(sheet, r, summary)
    if n_aspects:
        chart_row = r
        r = _write_aspect_chart(
            workbook, ws, sheet.heights, r, aspect_table_row, n_aspects, with_self, catalog
        )
        sheet.units.append((chart_row, r - 1))
    r = _write_deltas(sheet, r, summary)
    _write_rollup(sheet, r, summary.rollup, action_cols)
    applied = sheet.heights.apply(ws)
    print_setup(ws, paper)
    page_breaks(ws, sheet.heights, applied, sheet.units, widths[:n_cols], paper)


def _write_title(sheet: _Sheet, book: Book, catalog: Framework) -> int:
    """The title, the instansi and year under it, a blank row; returns the row after."""
    ws, fm, heights, last = sheet.ws, sheet.fm, sheet.heights, sheet.last
    full = sum(sheet.widths[: last + 1])
    r = 0
    title, evaluation = summary_title(catalog, TITLE_SUMMARY)
    put_merged(ws, r, 0, r, last, title, fm.title(13))
    heights.need(r, text_height(title, full, size=13, bold=True) + 2)
    r += 1
    sub = " - ".join(
        p
        for p in (
            fold(book.meta.instansi).upper() if book.meta.instansi else None,
            f"{evaluation} {book.meta.year}" if book.meta.year else None,
        )
        if p
    )
    if sub:
        put_merged(ws, r, 0, r, last, sub, fm.title(12))
        heights.need(r, 18)
        r += 1
    return r + 1


def _write_index_cards(
    sheet: _Sheet, r: int, summary: Summary, index_label: str = "INDEKS SPBE"
) -> int:
    """The index and predicate, big: the official ones, and the self-assessment's."""
    ws, fm, head = sheet.ws, sheet.fm, sheet.head
    big = fm.get(
        bold=True, font_size=22, align="center", valign="vcenter", border=1, num_format="0.00"
    )
    big_text = fm.get(
        bold=True, font_size=18, align="center", valign="vcenter", border=1, text_wrap=True
    )
    label = fm.get(bold=True, valign="vcenter", border=1, text_wrap=True, bg_color="#D9D9D9")
    cards: list[tuple[str, IndexResult]] = [(f"{index_label} (hasil resmi)", summary.scores)]
    if summary.self_scores is not None:
        cards.append((f"{index_label} (penilaian mandiri)", summary.self_scores))
    put(ws, r, 1, "", head)
    put_merged(ws, r, 2, r, 3, "INDEKS", head)
    put_merged(ws, r, 4, r, 6, "PREDIKAT", head)
    r += 1
    for caption, result in cards:
        put(ws, r, 1, caption, label)
        put_merged(ws, r, 2, r, 3, as_float(result.total), big)
        put_merged(ws, r, 4, r, 6, as_text(result.predicate), big_text)
        sheet.heights.fix(r, 36)
        r += 1
    return r + 1


def _notes(summary: Summary) -> list[tuple[str, str]]:
    """(caption, text) lines: how the index was taken, the indicators left out, the notes."""
    scores = summary.scores
    info: list[tuple[str, str]] = []
    level = as_text(scores.level)
    if level:
        info.append(("Sumber level resmi", f"{LEVEL_LABELS.get(level, level)} [{level}]"))
    instances = as_text(scores.instances)
    if instances:
        info.append(
            (
                "Indikator multi-instans",
                f"{INSTANCE_LABELS.get(instances, instances)} [{instances}]",
            )
        )
    skipped = tuple(scores.skipped or ())
    if skipped:
        info.append(("Indikator tanpa level (tidak dihitung)", ", ".join(map(str, skipped))))
    for k, note in enumerate(summary.notes or ()):
        info.append(("Catatan" if k == 0 else "", str(note)))
    return info


def _write_notes(sheet: _Sheet, r: int, summary: Summary) -> int:
    """:func:`_notes`, a caption beside each text; returns the row after a blank one."""
    ws, fm, widths, last = sheet.ws, sheet.fm, sheet.widths, sheet.last
    note_width = sum(widths[2 : last + 1])
    for caption, value in _notes(summary):
        put(ws, r, 1, caption, fm.plain(bold=True))
        put_merged(ws, r, 2, r, last, value, fm.plain())
        sheet.heights.need(
            r, max(text_height(value, note_width), text_height(caption, widths[1], bold=True))
        )
        r += 1
    return r + 1


class _SelfIndex:
    """The self-assessment's index of a domain or aspect, by its number."""

    def __init__(self, frame: pd.DataFrame | None, key: str) -> None:
        self.frame = frame
        self.key = key
        self._table: dict[Any, Any] | None = None

    def __call__(self, number: Any) -> float | None:
        frame, key = self.frame, self.key
        if frame is None or frame.empty or key not in frame:
            return None
        if type(number) is int and "index" in frame:
            # The first row whose key equals the number, from a {key: index} built once
            # (instead of a frame filter per row).
            if self._table is None:
                self._table = {}
                for k, v in zip(frame[key].tolist(), frame["index"].tolist(), strict=True):
                    if not is_missing(k):
                        self._table.setdefault(k, v)
            return as_float(self._table[number]) if number in self._table else None
        hit = frame.loc[frame[key] == number, "index"]
        return as_float(hit.iloc[0]) if len(hit) else None


def _write_domains(sheet: _Sheet, r: int, summary: Summary) -> int:
    """INDEKS PER DOMAIN."""
    self_scores = summary.self_scores
    self_index = _SelfIndex(self_scores.by_domain if self_scores is not None else None, "domain_no")
    rows = []
    for d in records(summary.scores.by_domain):
        row = [
            (as_int(d.get("domain_no")), sheet.center),
            (as_text(d.get("domain")), sheet.text),
            (as_float(d.get("weight")), sheet.num2),
            (as_float(d.get("index")), sheet.num2),
        ]
        if self_scores is not None:
            row.append((self_index(d.get("domain_no")), sheet.num2))
        row.append((as_int(d.get("n_indicators")), sheet.num0))
        rows.append(row)
    headers = ["No.", "Domain", "Bobot (%)", "Indeks"]
    if self_scores is not None:
        headers.append("Indeks mandiri")
    headers.append("Jumlah indikator dinilai")
    return sheet.table(r, "INDEKS PER DOMAIN", headers, rows)


def _write_aspects(sheet: _Sheet, r: int, summary: Summary) -> tuple[int, int]:
    """INDEKS PER ASPEK; returns the row after it and the number of aspects."""
    self_scores = summary.self_scores
    self_index = _SelfIndex(self_scores.by_aspect if self_scores is not None else None, "aspect_no")
    rows = []
    for a in records(summary.scores.by_aspect):
        row = [
            (as_int(a.get("aspect_no")), sheet.center),
            (as_text(a.get("aspect")), sheet.text),
            (as_int(a.get("domain_no")), sheet.center),
            (as_float(a.get("weight")), sheet.num2),
            (as_float(a.get("index")), sheet.num2),
        ]
        if self_scores is not None:
            row.append((self_index(a.get("aspect_no")), sheet.num2))
        row.append((as_int(a.get("n_indicators")), sheet.num0))
        rows.append(row)
    headers = ["No.", "Aspek", "Domain", "Bobot (%)", "Indeks"]
    if self_scores is not None:
        headers.append("Indeks mandiri")
    headers.append("Jumlah indikator dinilai")
    return sheet.table(r, "INDEKS PER ASPEK", headers, rows), len(rows)


def _write_aspect_chart(
    workbook: Workbook,
    ws: Worksheet,
    heights: Heights,
    r: int,
    first_data_row: int,
    n: int,
    with_self: bool,
    catalog: Framework,
) -> int:
    """A column chart of the aspect table's indices (official and self side by side)."""
    chart = workbook.add_chart({"type": "column"})
    name = SHEET_SUMMARY
    last = first_data_row + n - 1
    chart.add_series(
        {
            "name": "Hasil resmi",
            "categories": [name, first_data_row, 1, last, 1],
            "values": [name, first_data_row, 4, last, 4],
            "fill": {"color": "#2F5597"},
            "data_labels": {"value": True, "num_format": "0.00"},
        }
    )
    if with_self:
        chart.add_series(
            {
                "name": "Penilaian mandiri",
                "categories": [name, first_data_row, 1, last, 1],
                "values": [name, first_data_row, 5, last, 5],
                "fill": {"color": "#F4B183"},
                "data_labels": {"value": True, "num_format": "0.00"},
            }
        )
    chart.set_title({"name": "Indeks per aspek", "name_font": {"size": 12}})
    chart.set_y_axis(
        {
            "min": 0,
            "max": catalog.level_max,
            "major_unit": 1,
            "num_format": "0",
            "major_gridlines": {"visible": True},
        }
    )
    chart.set_x_axis({"num_font": {"size": 8}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 900, "height": 380})
    ws.insert_chart(r, 1, chart, {"object_position": 1})
    rows = 20  # 20 rows of 15 pt (20 px) = 400 px: the chart and a margin
    for k in range(rows):
        heights.fix(r + k, 15)
    return r + rows + 1


def _write_deltas(sheet: _Sheet, r: int, summary: Summary) -> int:
    """SELISIH LEVEL PER INDIKATOR: the level deltas per indicator."""
    fm, center = sheet.fm, sheet.center
    rows = []
    for d in records(summary.deltas.table):
        column = as_text(d.get("official_column"))
        rows.append(
            [
                (as_text(d.get("indicator_id")), center),
                (as_text(d.get("name")), sheet.text),
                (as_int(d.get("aspect_no")), center),
                (number(d.get("self_level")), center),
                (number(d.get("official_level")), center),
                (_OFFICIAL_COLUMNS.get(column or "", column), center),
                (number(d.get("self_minus_official")), center),
                (number(d.get("gap_to_target")), center),
                (as_float(d.get("points_to_target")), fm.cell("right", num_format="0.000")),
                (as_float(d.get("points_to_next_level")), fm.cell("right", num_format="0.000")),
            ]
        )
    return sheet.table(
        r,
        "SELISIH LEVEL PER INDIKATOR (mandiri dikurangi resmi; tambahan indeks bila naik level)",
        [
            "No.",
            "Nama",
            "Aspek",
            "Level mandiri",
            "Level resmi",
            "Sumber level resmi",
            "Selisih",
            "Jarak ke target",
            "Tambahan indeks ke target",
            "Tambahan indeks naik 1 level",
        ],
        rows,
    )


def _write_rollup(sheet: _Sheet, r: int, rollup: pd.DataFrame, action_cols: list[Any]) -> int:
    """REKAP PER PERANGKAT DAERAH: the agency rollup, the most to win first."""
    fm, center, num0 = sheet.fm, sheet.center, sheet.num0
    if not rollup.empty and "points_to_win" in rollup:
        rollup = rollup.sort_values(
            "points_to_win", ascending=False, kind="stable", na_position="last"
        )
    rows = []
    for k, a in enumerate(records(rollup), start=1):
        ids = a.get("indicator_ids")
        if isinstance(ids, list | tuple):
            ids = ", ".join(map(str, ids))
        rows.append(
            [
                (k, center),
                (as_text(a.get("responsible_agency")), sheet.text),
                (as_int(a.get("n_indicators")), num0),
                (as_text(ids), sheet.text),
                (as_float(a.get("mean_level")), sheet.num2),
                (as_float(a.get("points_now")), fm.cell("right", num_format="0.000")),
                (as_float(a.get("points_to_win")), fm.cell("right", num_format="0.000")),
                (as_int(a.get("evidence_items")), num0),
                (as_int(a.get("evidence_ada")), num0),
                (as_int(a.get("evidence_belum_ada")), num0),
                *((as_int(a.get(c)), num0) for c in action_cols),
                (as_int(a.get("indicators_without_action")), num0),
            ]
        )
    return sheet.table(
        r,
        "REKAP PER PERANGKAT DAERAH (urut menurut potensi tambahan indeks)",
        [
            "No.",
            "Perangkat Daerah",
            "Jumlah indikator",
            "Daftar No.",
            "Rata-rata level",
            "Sumbangan indeks saat ini",
            "Potensi tambahan indeks",
            "Data dukung",
            "Ada",
            "Belum ada",
            *(f"Rencana aksi {str(c).removeprefix('actions_')}" for c in action_cols),
            "Tanpa rencana aksi",
        ],
        rows,
    )
