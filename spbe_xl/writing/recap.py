"""The recap workbook of :func:`spbe_xl.rules.recap`: REKAP (one row per instansi, a chart,
the predicate distribution, the notes), DOMAIN ASPEK and INDIKATOR TERLEMAH."""

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

    from spbe_xl.scoring.results import Recap

_LABELS = {
    "instansi": "Instansi",
    "year": "Tahun",
    "framework": "Kerangka",
    "index": "Indeks",
    "predicate": "Predikat",
    "rank": "Peringkat",
}
_SPREAD_HEADERS = [
    "Kerangka",
    "No.",
    "{}",
    "Rata-rata indeks",
    "Terendah",
    "Tertinggi",
    "Jumlah instansi",
]
_WEAKEST_LABELS = {
    "framework": "Kerangka",
    "indicator_no": "No.",
    "name": "Nama",
    "mean_level": "Rata-rata level",
    "n_instansi": "Jumlah instansi",
}


def write_recap_sheets(workbook: Workbook, fm: Formats, recap: Recap, paper: Paper) -> None:
    """REKAP, DOMAIN ASPEK and INDIKATOR TERLEMAH, print-ready."""
    _write_rekap(workbook, fm, recap, paper)
    _write_domains_aspects(workbook, fm, recap, paper)
    _write_weakest(workbook, fm, recap.weakest, paper)


def _write_rekap(workbook: Workbook, fm: Formats, recap: Recap, paper: Paper) -> None:
    """REKAP: the table of instansi by rank, the chart, the predicates and the notes."""
    table = recap.table.copy()
    headers = [_LABELS.get(str(c)) or _part_label(str(c)) for c in table.columns]
    if "rank" in table:
        table = table.sort_values("rank", kind="stable")
    ws = workbook.add_worksheet("REKAP")
    heights = Heights()
    widths: list[float] = []
    units: list[tuple[int, int]] = []
    # predicates per framework: the books are on different scales (SPBE and Pemdi)
    mixed = "framework" in recap.predicates
    frameworks = list(table["framework"]) if "framework" in table else []
    title = recap_title(frameworks)
    put_merged(ws, 0, 0, 0, max(len(headers) - 1, 6), title, fm.title(13))
    heights.need(0, 22)
    r = write_frame(ws, fm, heights, 2, table, widths, headers=headers, units=units)
    if len(table) and "index" in table and not mixed:  # no one chart for two scales
        pemdi = _index_kinds(frameworks) == {"pemdi"}
        index_name = "Indeks Pemerintah Digital" if pemdi else "Indeks SPBE"
        r = _write_index_chart(workbook, ws, heights, r, table, units, index_name)
    if not recap.predicates.empty:
        r = write_frame(
            ws,
            fm,
            heights,
            r,
            recap.predicates,
            widths,
            title="SEBARAN PREDIKAT",
            headers=(["Kerangka"] if "framework" in recap.predicates else [])
            + ["Predikat", "Jumlah instansi"],
            units=units,
        )
    last = max(len(widths) - 1, 2)
    note_width = sum(widths[1:]) or 60
    for k, note in enumerate(recap.notes or ()):
        put(ws, r + k, 0, "Catatan" if k == 0 else None, fm.plain(bold=True))
        put_merged(ws, r + k, 1, r + k, last, str(note), fm.plain())
        heights.need(r + k, text_height(str(note), note_width))
        units.append((r + k, r + k))
    # the header row repeats on each printed page: the page breaks count it
    finish_sheet(ws, heights, widths, units, paper, repeat=(2, 2), freeze=3)


def _part_label(column: str) -> str:
    """A domain or aspect column's header: ``d2`` -> ``Domain 2``; in a recap of books of
    several frameworks ``pemdi2026 a1`` -> ``Kinerja Pemerintah Digital 2026 Aspek 1`` (the
    framework's title, not its id)."""
    from spbe_xl.framework import FrameworkError, load

    found = re.fullmatch(r"(?:(\S+) )?([da])(\d+)", column)
    if found is None:
        return column
    prefix, part, no = found.groups()
    label = f"{'Domain' if part == 'd' else 'Aspek'} {no}"
    if prefix is None:
        return label
    try:
        title = re.sub(r"^Evaluasi\s+", "", load(prefix).title)
    except FrameworkError:
        title = prefix
    return f"{title} {label}"


def recap_title(frameworks: list[str]) -> str:
    """REKAP's title: the SPBE index, the Pemdi index, or both (books of both rounds)."""
    kinds = _index_kinds(frameworks)
    if kinds == {"pemdi"}:
        return "REKAP HASIL INDEKS PEMERINTAH DIGITAL"
    if kinds == {"pemdi", "spbe"}:
        return "REKAP HASIL INDEKS SPBE DAN INDEKS PEMERINTAH DIGITAL (TIDAK SEBANDING)"
    return "REKAP HASIL INDEKS SPBE"


def _index_kinds(frameworks: list[str]) -> set[str]:
    """Which indices the books' frameworks give: ``"spbe"`` (whole levels), ``"pemdi"``
    (scores); a framework id not packaged counts as SPBE."""
    from spbe_xl.framework import FrameworkError, load

    kinds = set()
    for framework_id in dict.fromkeys(frameworks):
        try:
            kinds.add("pemdi" if load(framework_id).is_score else "spbe")
        except FrameworkError:
            kinds.add("spbe")
    return kinds


def _write_index_chart(
    workbook: Workbook,
    ws: Worksheet,
    heights: Heights,
    r: int,
    table: pd.DataFrame,
    units: list[tuple[int, int]],
    index_name: str,
) -> int:
    """A column chart of the instansi's indices under the table; returns the row after."""
    first = 3  # the table's first data row
    chart = workbook.add_chart({"type": "column"})
    c_index = list(table.columns).index("index")
    c_name = list(table.columns).index("instansi") if "instansi" in table else 0
    chart.add_series(
        {
            "name": index_name,
            "categories": ["REKAP", first, c_name, first + len(table) - 1, c_name],
            "values": ["REKAP", first, c_index, first + len(table) - 1, c_index],
            "fill": {"color": "#2F5597"},
            "data_labels": {"value": True, "num_format": "0.00"},
        }
    )
    chart.set_title({"name": f"{index_name} per instansi", "name_font": {"size": 12}})
    chart.set_y_axis({"min": 0, "max": 5, "major_unit": 1})
    chart.set_legend({"none": True})
    chart.set_size({"width": 860, "height": 360})
    ws.insert_chart(r, 1, chart, {"object_position": 1})
    for k in range(19):
        heights.fix(r + k, 15)
    units.append((r, r + 18))
    return r + 20


def _write_domains_aspects(workbook: Workbook, fm: Formats, recap: Recap, paper: Paper) -> None:
    """DOMAIN ASPEK: mean, lowest and highest index per domain, then per aspect."""
    ws = workbook.add_worksheet("DOMAIN ASPEK")
    heights = Heights()
    widths: list[float] = []
    units: list[tuple[int, int]] = []
    r = 0
    for frame, title in ((recap.domains, "Domain"), (recap.aspects, "Aspek")):
        if frame.empty:
            continue
        names = [h.format(title) for h in _SPREAD_HEADERS][: len(frame.columns)]
        r = write_frame(
            ws,
            fm,
            heights,
            r,
            frame,
            widths,
            title=f"INDEKS PER {title.upper()}",
            headers=names,
            units=units,
        )
    finish_sheet(ws, heights, widths, units, paper)


def _write_weakest(workbook: Workbook, fm: Formats, weakest: pd.DataFrame, paper: Paper) -> None:
    """INDIKATOR TERLEMAH: indicators by their mean official level, lowest first."""
    ws = workbook.add_worksheet("INDIKATOR TERLEMAH")
    heights = Heights()
    widths: list[float] = []
    units: list[tuple[int, int]] = []
    names = [
        _WEAKEST_LABELS.get(str(c))
        or re.sub(r"^n_below_level_(\d+)$", r"Jumlah di bawah level \1", str(c))
        for c in weakest.columns
    ]
    write_frame(ws, fm, heights, 0, weakest, widths, headers=names, units=units)
    finish_sheet(ws, heights, widths, units, paper, repeat=(0, 0), freeze=1)
