"""The track workbook of :func:`spbe_xl.rules.track`: INDEKS PER PUTARAN (the rounds, a
chart of the index per round over its predicate bands, the notes), LINTASAN INDIKATOR (the
levels of every indicator per round, plans and outcomes) and TINDAK LANJUT PD (planned
versus achieved per agency, and the outcomes with and without a plan).  Writers lay out
the :class:`~spbe_xl.scoring.plans.Track` they are given; they compute nothing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from spbe_xl.writing.cells import Formats, put, put_merged
from spbe_xl.writing.layout import Paper
from spbe_xl.writing.metrics import text_height
from spbe_xl.writing.pages import Heights, finish_sheet
from spbe_xl.writing.tables import write_frame

if TYPE_CHECKING:  # pragma: no cover
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

    from spbe_xl.scoring.plans import Track

__all__ = [
    "SHEET_TRACK_AGENCIES",
    "SHEET_TRACK_INDICATORS",
    "SHEET_TRACK_ROUNDS",
    "track_headers",
    "write_track_sheets",
]

SHEET_TRACK_ROUNDS = "INDEKS PER PUTARAN"
SHEET_TRACK_INDICATORS = "LINTASAN INDIKATOR"
SHEET_TRACK_AGENCIES = "TINDAK LANJUT PD"
TITLE_TRACK = "PERKEMBANGAN INDEKS SPBE DAN TINDAK LANJUT ANTAR PUTARAN EVALUASI"

_LABELS = {
    "round": "Putaran",
    "year": "Tahun",
    "framework": "Kerangka",
    "instansi": "Instansi",
    "index": "Indeks",
    "predicate": "Predikat",
    "self_index": "Indeks mandiri",
    "indicator_id": "No.",
    "indicator_no": "No. indikator",
    "name": "Nama indikator",
    "round_from": "Dari putaran",
    "round_to": "Ke putaran",
    "agency": "Perangkat daerah",
    "indicators": "Jumlah indikator",
    "planned": "Direncanakan",
    "planned_raised": "Direncanakan dan naik",
    "steps_achieved": "Level naik (direncanakan)",
    "unplanned_raised": "Naik tanpa rencana",
    "fell": "Turun",
    "raised": "Naik",
    "held": "Tetap",
}
_PREFIXES = {
    "self": "Mandiri",
    "evaluator": "Evaluator",
    "official": "Resmi",
    "planned": "Ada rencana aksi",
    "plan_years": "Tahun rencana",
    "plan_agencies": "PD rencana",
    "outcome": "Hasil",
}
_OUTCOMES = {"raised": "naik", "held": "tetap", "fell": "turun"}


def track_headers(columns: list[str]) -> list[str]:
    """The Indonesian headers of a track frame's columns (``official_2019`` -> ``Resmi
    2019``)."""
    out = []
    for column in columns:
        if column in _LABELS:
            out.append(_LABELS[column])
            continue
        m = re.fullmatch(
            r"(self|evaluator|official|planned|plan_years|plan_agencies|outcome)_(.+)", column
        )
        out.append(f"{_PREFIXES[m.group(1)]} {m.group(2)}" if m else column)
    return out


def write_track_sheets(workbook: Workbook, fm: Formats, track: Track, paper: Paper) -> None:
    """INDEKS PER PUTARAN, LINTASAN INDIKATOR and TINDAK LANJUT PD, print-ready."""
    _write_rounds(workbook, fm, track, paper)
    _write_indicators(workbook, fm, track, paper)
    _write_agencies(workbook, fm, track, paper)


def _write_rounds(workbook: Workbook, fm: Formats, track: Track, paper: Paper) -> None:
    ws = workbook.add_worksheet(SHEET_TRACK_ROUNDS)
    heights = Heights()
    widths: list[float] = []
    units: list[tuple[int, int]] = []
    table = track.rounds
    last = max(len(table.columns) - 1, 6)
    put_merged(ws, 0, 0, 0, last, TITLE_TRACK, fm.title(13))
    instansi = next((str(v) for v in table["instansi"].dropna()), None) if len(table) else None
    if instansi:
        put_merged(ws, 1, 0, 1, last, instansi.upper(), fm.title(12))
    first = 4  # the table's first data row (title at 3, header at 3)
    r = write_frame(
        ws, fm, heights, 3, table, widths, headers=track_headers(list(table.columns)), units=units
    )
    heights.need(0, text_height(TITLE_TRACK, sum(widths[: last + 1]), size=13, bold=True) + 4)
    if len(table):
        r = _write_chart(workbook, ws, heights, r, first, track, units)
    note_width = sum(widths[1:]) or 60
    for k, note in enumerate(track.notes):
        put(ws, r + k, 0, "Catatan" if k == 0 else None, fm.plain(bold=True))
        put_merged(ws, r + k, 1, r + k, last, note, fm.plain())
        heights.need(r + k, text_height(note, note_width))
        units.append((r + k, r + k))
    units.insert(0, (0, 3))
    finish_sheet(ws, heights, widths, units, paper)


def _write_chart(
    workbook: Workbook,
    ws: Worksheet,
    heights: Heights,
    r: int,
    first: int,
    track: Track,
    units: list[tuple[int, int]],
) -> int:
    """A column chart of the index per round, with a dashed line at the lower edge of
    each predicate band (the bands of the latest round's framework, in hidden columns)."""
    table = track.rounds
    n = len(table)
    c_round = list(table.columns).index("round")
    c_index = list(table.columns).index("index")
    latest = str(table["framework"].iloc[-1])
    bands = track.bands[track.bands["framework"] == latest]
    chart = workbook.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": "Indeks SPBE",
            "categories": [SHEET_TRACK_ROUNDS, first, c_round, first + n - 1, c_round],
            "values": [SHEET_TRACK_ROUNDS, first, c_index, first + n - 1, c_index],
            "fill": {"color": "#2F5597"},
            "data_labels": {"value": True, "num_format": "0.00"},
        }
    )
    hidden = workbook.add_format({"font_color": "#FFFFFF"})
    colours = ["#C00000", "#ED7D31", "#FFC000", "#70AD47", "#00B050"]
    lines = workbook.add_chart({"type": "line"})
    col = len(table.columns) + 1
    for k, band in enumerate(bands.itertuples(index=False)):
        if float(band.lower) <= 0:
            continue
        put(ws, first - 1, col, str(band.name), hidden)
        for i in range(n):
            put(ws, first + i, col, float(band.lower), hidden)
        lines.add_series(
            {
                "name": f"{band.name} ({float(band.lower):.2f})",
                "categories": [SHEET_TRACK_ROUNDS, first, c_round, first + n - 1, c_round],
                "values": [SHEET_TRACK_ROUNDS, first, col, first + n - 1, col],
                "line": {"color": colours[k % len(colours)], "width": 1.25, "dash_type": "dash"},
            }
        )
        col += 1
    chart.combine(lines)
    chart.set_title(
        {"name": "Indeks SPBE per putaran dan batas predikat", "name_font": {"size": 12}}
    )
    top = float(bands["upper"].max()) if len(bands) else 5.0
    chart.set_y_axis({"min": 0, "max": top, "major_unit": 1, "num_format": "0.0"})
    chart.set_legend({"position": "right"})
    chart.set_size({"width": 820, "height": 340})
    ws.insert_chart(r, 0, chart, {"object_position": 1})
    for k in range(18):
        heights.fix(r + k, 15)
    units.append((r, r + 17))
    return r + 19


def _readable(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if str(column).startswith("outcome_"):
            out[column] = out[column].map(
                lambda v: _OUTCOMES.get(v, v) if isinstance(v, str) else v
            )
    return out


def _write_indicators(workbook: Workbook, fm: Formats, track: Track, paper: Paper) -> None:
    ws = workbook.add_worksheet(SHEET_TRACK_INDICATORS)
    heights = Heights()
    widths: list[float] = []
    units: list[tuple[int, int]] = []
    frame = _readable(track.trajectory)
    write_frame(
        ws, fm, heights, 0, frame, widths, headers=track_headers(list(frame.columns)), units=units
    )
    finish_sheet(ws, heights, widths, units, paper, repeat=(0, 0), freeze=1)


def _write_agencies(workbook: Workbook, fm: Formats, track: Track, paper: Paper) -> None:
    ws = workbook.add_worksheet(SHEET_TRACK_AGENCIES)
    heights = Heights()
    widths: list[float] = []
    units: list[tuple[int, int]] = []
    r = write_frame(
        ws,
        fm,
        heights,
        0,
        track.follow_through,
        widths,
        title="RENCANA DAN CAPAIAN PER PERANGKAT DAERAH",
        headers=track_headers(list(track.follow_through.columns)),
        units=units,
    )
    write_frame(
        ws,
        fm,
        heights,
        r,
        track.outcomes,
        widths,
        title="HASIL DENGAN DAN TANPA RENCANA AKSI",
        headers=track_headers(list(track.outcomes.columns)),
        units=units,
    )
    finish_sheet(ws, heights, widths, units, paper)
