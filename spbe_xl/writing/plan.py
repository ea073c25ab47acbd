"""The plan workbook of :func:`spbe_xl.rules.plan`: RINGKASAN RENCANA (target, index now
and after, predicate now and after, steps per agency, a chart of the index climbing step by
step, the steps in order, the indicators set apart) and one sheet per agency with its
steps, the criterion of the level to reach, the evidence listed today and empty
action-plan cells for the next year with a month grid.  Writers lay out the
:class:`~spbe_xl.scoring.plans.Plan` they are given; they compute nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from spbe_xl.text import fold
from spbe_xl.writing.cells import Formats, put, put_merged
from spbe_xl.writing.layout import HEADER_SIZE, MONTHS, Paper
from spbe_xl.writing.metrics import text_height
from spbe_xl.writing.pages import Heights, finish_sheet
from spbe_xl.writing.sheetnames import agency_sheet_names
from spbe_xl.writing.values import as_float, as_int, as_text, id_value, records

if TYPE_CHECKING:  # pragma: no cover
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

    from spbe_xl.scoring.plans import Plan

__all__ = [
    "PLAN_ACTION_HEADER",
    "PLAN_ID_HEADER",
    "SHEET_PLAN_SUMMARY",
    "TITLE_PLAN",
    "TITLE_PLAN_AGENCY",
    "TITLE_PLAN_AGENCY_PEMDI",
    "TITLE_PLAN_PEMDI",
    "plan_year",
    "write_plan_sheets",
]

SHEET_PLAN_SUMMARY = "RINGKASAN RENCANA"
TITLE_PLAN = "RENCANA PENINGKATAN INDEKS SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK (SPBE)"
TITLE_PLAN_AGENCY = "RENCANA AKSI PENINGKATAN INDEKS SPBE"
#: The titles of a Pemdi plan (a decimal-score framework).
TITLE_PLAN_PEMDI = "RENCANA PENINGKATAN INDEKS PEMERINTAH DIGITAL (INDEKS PEMDI)"
TITLE_PLAN_AGENCY_PEMDI = "RENCANA AKSI PENINGKATAN INDEKS PEMERINTAH DIGITAL"
#: The agency sheets' headers that ``readers.read_plan_actions`` looks for.
PLAN_ID_HEADER = "NO. INDIKATOR"
PLAN_ACTION_HEADER = "RENCANA AKSI TAHUN"

_REASONS = {
    "excluded": "dikecualikan",
    "external": "indikator eksternal (dinilai dari indeks instansi lain)",
    "top level": "sudah di level tertinggi",
    "no level": "belum ada level",
}
_SUMMARY_WIDTHS = [7, 12, 40, 30, 11, 11, 12, 12]
# No., NO. INDIKATOR, NAMA, LEVEL SAAT INI, LEVEL TARGET, KRITERIA, DATA DUKUNG SAAT INI,
# DATA DUKUNG REKOMENDASI, RENCANA AKSI, JAN ... DES, KETERANGAN
_AGENCY_WIDTHS = [5, 9, 22, 8, 8, 34, 26, 26, 30, *([4.2] * 12), 14]


def plan_year(plan: Plan) -> int | None:
    """The year the plan's actions are for: the one after the evaluation year."""
    return plan.year + 1 if plan.year else None


def _step_text(plan: Plan) -> str:
    """A step's size in words: "satu level", "0.25 (nilai paling tinggi 5.00)"."""
    if not plan.decimal and plan.increment == 1:
        return "satu level"
    if not plan.decimal:
        return f"{plan.increment:g} level"
    return f"{plan.increment:.2f} (nilai paling tinggi 5.00)"


def _level(value: Any) -> Any:
    """A level as written: a whole number as an int."""
    v = as_float(value)
    if v is None:
        return None
    return int(v) if v.is_integer() else v


@dataclass
class _Sheet:
    ws: Worksheet
    fm: Formats
    widths: list[float]
    heights: Heights = field(default_factory=Heights)
    units: list[tuple[int, int]] = field(default_factory=list)

    def title_rows(self, lines: list[str | None], last: int) -> int:
        full = sum(self.widths[: last + 1])
        r = 0
        for k, line in enumerate(x for x in lines if x):
            size = 13 if k == 0 else 12
            put_merged(self.ws, r, 0, r, last, line, self.fm.title(size))
            self.heights.need(r, text_height(line, full, size=size, bold=True) + 2)
            r += 1
        return r + 1

    def header_row(self, r: int, headers: list[str]) -> None:
        head = self.fm.header()
        for c, h in enumerate(headers):
            put(self.ws, r, c, h, head)
            self.heights.need(r, text_height(h, self.widths[c], size=HEADER_SIZE, bold=True))

    def row(
        self, r: int, values: list[tuple[Any, Any]], small: frozenset[int] = frozenset()
    ) -> None:
        """One table row; the columns in ``small`` are set in 9 pt."""
        for c, (value, fmt) in enumerate(values):
            put(self.ws, r, c, value, fmt)
            if isinstance(value, str):
                size = 9 if c in small else 10
                self.heights.need(r, text_height(value, self.widths[c], size=size) + 2)

    def finish(self, paper: Paper, repeat: tuple[int, int] | None = None) -> None:
        units = sorted(self.units)  # the chart's rows are kept before the table above it
        finish_sheet(self.ws, self.heights, self.widths, units, paper, repeat=repeat)


def write_plan_sheets(workbook: Workbook, fm: Formats, plan: Plan, paper: Paper) -> None:
    """RINGKASAN RENCANA and one sheet per agency with steps, print-ready."""
    _write_summary(workbook, fm, plan, paper)
    agencies = plan.by_agency["agency"].tolist()
    names = agency_sheet_names(agencies, reserved=[SHEET_PLAN_SUMMARY])
    for agency in agencies:
        _write_agency(workbook, fm, plan, agency, names[agency], paper)


# --------------------------------------------------------------------------- the summary


def _subtitle(plan: Plan) -> str | None:
    parts = [
        fold(plan.instansi).upper() if plan.instansi else None,
        (
            f"HASIL EVALUASI KINERJA PEMERINTAH DIGITAL {plan.year}"
            if plan.decimal
            else f"HASIL EVALUASI SPBE {plan.year}"
        )
        if plan.year
        else None,
    ]
    return " - ".join(p for p in parts if p) or None


def _write_summary(workbook: Workbook, fm: Formats, plan: Plan, paper: Paper) -> None:
    ws = workbook.add_worksheet(SHEET_PLAN_SUMMARY)
    sheet = _Sheet(ws, fm, list(_SUMMARY_WIDTHS))
    last = len(sheet.widths) - 1
    title = TITLE_PLAN_PEMDI if plan.decimal else TITLE_PLAN
    r = sheet.title_rows([title, _subtitle(plan)], last)
    r = _write_cards(sheet, r, plan)
    r = _write_notes(sheet, r, plan, last)
    sheet.units.append((0, r - 1))
    chart_rows = 14
    chart_at = r
    if len(plan.steps):  # the chart first, on the first page: its rows are kept for it
        r += chart_rows + 1
    r = _write_agency_table(sheet, r, plan)
    if len(plan.steps):
        # the step table follows: its title, its header, then row 0 (the index now)
        _write_chart(workbook, sheet, chart_at, r + 2, plan, chart_rows)
    r = _write_step_table(sheet, r, plan)
    _write_apart(sheet, r, plan)
    sheet.finish(paper)


def _write_cards(sheet: _Sheet, r: int, plan: Plan) -> int:
    ws, fm = sheet.ws, sheet.fm
    head = fm.header()
    label = fm.get(bold=True, valign="vcenter", border=1, text_wrap=True, bg_color="#D9D9D9")
    big = fm.get(
        bold=True, font_size=18, align="center", valign="vcenter", border=1, num_format="0.00"
    )
    big_text = fm.get(
        bold=True, font_size=14, align="center", valign="vcenter", border=1, text_wrap=True
    )
    put_merged(ws, r, 0, r, 2, "", head)
    put_merged(ws, r, 3, r, 4, "INDEKS", head)
    put_merged(ws, r, 5, r, 7, "PREDIKAT", head)
    r += 1
    cards = [
        ("Indeks saat ini", plan.index_before, plan.predicate_before),
        ("Target", plan.target, plan.target_label if not plan.target_label[0].isdigit() else ""),
        ("Indeks setelah rencana", plan.index_after, plan.predicate_after),
    ]
    for caption, value, predicate in cards:
        put_merged(ws, r, 0, r, 2, caption, label)
        put_merged(ws, r, 3, r, 4, as_float(value), big)
        put_merged(ws, r, 5, r, 7, predicate or None, big_text)
        sheet.heights.fix(r, 26)
        r += 1
    facts = [
        (f"Jumlah langkah (naik {_step_text(plan)} per langkah)", len(plan.steps)),
        ("Target tercapai", "YA" if plan.reached else "TIDAK"),
        ("Indeks tertinggi yang dapat dicapai", as_float(plan.best_reachable)),
        ("Langkah maksimum per indikator", plan.max_step),
    ]
    num = fm.cell("center", num_format="0.00")
    whole = fm.cell("center", num_format="0")
    for caption, fact in facts:
        put_merged(ws, r, 0, r, 2, caption, label)
        if isinstance(fact, float):
            fmt = num
        else:
            fmt = whole if isinstance(fact, int) else fm.cell("center")
        put_merged(ws, r, 3, r, 4, fact, fmt)
        r += 1
    return r + 1


def _write_notes(sheet: _Sheet, r: int, plan: Plan, last: int) -> int:
    width = sum(sheet.widths[1 : last + 1])
    lines = [
        f"Satu langkah menaikkan satu indikator {_step_text(plan)}. Rencana ini memakai langkah "
        "sesedikit mungkin; di antara rencana dengan jumlah langkah yang sama dipilih yang "
        "paling merata antar perangkat daerah, lalu nomor indikator terkecil. Target "
        "tercapai bila indeks yang dibulatkan dua desimal mencapainya.",
        *plan.notes,
    ]
    for k, text in enumerate(lines):
        put(sheet.ws, r, 0, "Catatan" if k == 0 else None, sheet.fm.plain(bold=True))
        put_merged(sheet.ws, r, 1, r, last, text, sheet.fm.plain())
        sheet.heights.need(r, text_height(text, width))
        r += 1
    return r + 1


def _section(sheet: _Sheet, r: int, title: str, last: int) -> None:
    put_merged(
        sheet.ws, r, 0, r, last, title, sheet.fm.get(bold=True, font_size=11, valign="vcenter")
    )
    sheet.heights.need(r, 20)


def _write_agency_table(sheet: _Sheet, r: int, plan: Plan) -> int:
    fm = sheet.fm
    start = r
    _section(sheet, r, "LANGKAH PER PERANGKAT DAERAH", 7)
    r += 1
    sheet.header_row(
        r, ["No.", "Jumlah langkah", "Perangkat daerah", "", "Tambahan indeks", "Indikator", "", ""]
    )
    put_merged(sheet.ws, r, 2, r, 3, "Perangkat daerah", fm.header())
    put_merged(sheet.ws, r, 5, r, 7, "Indikator", fm.header())
    r += 1
    text, center = fm.cell("left"), fm.cell("center")
    points = fm.cell("right", num_format="0.000")
    for k, a in enumerate(records(plan.by_agency), start=1):
        put(sheet.ws, r, 0, k, center)
        put(sheet.ws, r, 1, as_int(a.get("n_steps")), center)
        agency = as_text(a.get("agency")) or ""
        put_merged(sheet.ws, r, 2, r, 3, agency, text)
        put(sheet.ws, r, 4, as_float(a.get("points")), points)
        ids = as_text(a.get("indicator_ids")) or ""
        put_merged(sheet.ws, r, 5, r, 7, ids, text)
        sheet.heights.need(
            r,
            max(
                text_height(agency, sheet.widths[2] + sheet.widths[3]),
                text_height(ids, sum(sheet.widths[5:8])),
            )
            + 2,
        )
        sheet.units.append((start if k == 1 else r, r))
        r += 1
    if not len(plan.by_agency):
        sheet.units.append((start, r - 1))
    return r + 1


def _write_chart(
    workbook: Workbook, sheet: _Sheet, r: int, first: int, plan: Plan, rows: int
) -> None:
    """A line chart of the index after each step (the step table's rows from ``first``),
    with the target as a second line."""
    n = len(plan.steps) + 1  # with step 0, the index now
    name = SHEET_PLAN_SUMMARY
    chart = workbook.add_chart({"type": "line"})
    chart.add_series(
        {
            "name": "Indeks setelah langkah",
            "categories": [name, first, 0, first + n - 1, 0],
            "values": [name, first, 7, first + n - 1, 7],
            "line": {"color": "#2F5597", "width": 2.25},
            "marker": {"type": "circle", "size": 5, "fill": {"color": "#2F5597"}},
        }
    )
    chart.add_series(
        {
            "name": f"Target {plan.target:.2f}",
            "categories": [name, first, 0, first + n - 1, 0],
            "values": [name, first, 8, first + n - 1, 8],
            "line": {"color": "#C00000", "width": 1.5, "dash_type": "dash"},
        }
    )
    low = min(plan.index_before, plan.target)
    high = max(plan.index_after, plan.target)
    chart.set_title({"name": "Indeks naik langkah demi langkah", "name_font": {"size": 12}})
    chart.set_x_axis({"name": "Langkah ke-", "name_font": {"size": 9}})
    chart.set_y_axis(
        {
            "min": max(0.0, int(low * 10 - 1) / 10),
            "max": int(high * 10 + 2) / 10,
            "num_format": "0.00",
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
        }
    )
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 900, "height": rows * 20})
    sheet.ws.insert_chart(r, 0, chart, {"object_position": 1, "x_offset": 8})
    for k in range(rows):
        sheet.heights.fix(r + k, 15)
    sheet.units.append((r, r + rows - 1))


def _write_step_table(sheet: _Sheet, r: int, plan: Plan) -> int:
    fm = sheet.fm
    start = r
    _section(sheet, r, "URUTAN LANGKAH", 7)
    r += 1
    headers = [
        "Langkah",
        "No. indikator",
        "Nama indikator",
        "Perangkat daerah",
        "Level saat ini",
        "Level target",
        "Tambahan indeks",
        "Indeks setelah langkah",
    ]
    sheet.header_row(r, headers)
    r += 1
    text, center = fm.cell("left"), fm.cell("center")
    lvl = fm.cell("center", num_format="0.00") if plan.decimal else center
    points = fm.cell("right", num_format="0.000")
    num2 = fm.cell("right", num_format="0.00")
    hidden = fm.get(font_color="#FFFFFF", num_format="0.00")
    sheet.row(
        r,
        [
            (0, center),
            (None, center),
            ("Indeks saat ini", text),
            (None, text),
            (None, center),
            (None, center),
            (None, points),
            (as_float(plan.index_before), num2),
        ],
    )
    put(sheet.ws, r, 8, plan.target, hidden)
    sheet.units.append((start, r))
    r += 1
    for s in records(plan.steps):
        sheet.row(
            r,
            [
                (as_int(s.get("order")), center),
                (id_value(str(s.get("indicator_id"))), center),
                (as_text(s.get("name")), text),
                (as_text(s.get("agencies")), text),
                (_level(s.get("level_from")), lvl),
                (_level(s.get("level_to")), lvl),
                (as_float(s.get("points")), points),
                (as_float(s.get("index_after")), num2),
            ],
        )
        put(sheet.ws, r, 8, plan.target, hidden)  # the chart's target line
        sheet.units.append((r, r))
        r += 1
    return r + 1


def _write_apart(sheet: _Sheet, r: int, plan: Plan) -> int:
    if not len(plan.apart):
        return r
    fm = sheet.fm
    start = r
    _section(sheet, r, "INDIKATOR DI LUAR RENCANA", 7)
    r += 1
    sheet.header_row(
        r, ["No.", "No. indikator", "Perangkat daerah", "Alasan", "Level", "Keterangan", "", ""]
    )
    put_merged(sheet.ws, r, 5, r, 7, "Keterangan", fm.header())
    r += 1
    text, center = fm.cell("left"), fm.cell("center")
    lvl = fm.cell("center", num_format="0.00") if plan.decimal else center
    for k, a in enumerate(records(plan.apart), start=1):
        reason = as_text(a.get("reason")) or ""
        sheet.row(
            r,
            [
                (k, center),
                (id_value(str(a.get("indicator_id"))), center),
                (as_text(a.get("agencies")), text),
                (_REASONS.get(reason, reason), text),
                (_level(a.get("level")), lvl),
            ],
        )
        note = as_text(a.get("note"))
        put_merged(sheet.ws, r, 5, r, 7, note, text)
        if note:
            sheet.heights.need(r, text_height(note, sum(sheet.widths[5:8])) + 2)
        sheet.units.append((start if k == 1 else r, r))
        r += 1
    return r + 1


# --------------------------------------------------------------------------- agency sheets


def _agency_steps(plan: Plan, agency: str) -> list[dict[str, Any]]:
    return [s for s in records(plan.steps) if agency in str(s.get("agencies") or "").split("; ")]


def _write_agency(
    workbook: Workbook, fm: Formats, plan: Plan, agency: str, sheet_name: str, paper: Paper
) -> None:
    ws = workbook.add_worksheet(sheet_name)
    sheet = _Sheet(ws, fm, list(_AGENCY_WIDTHS))
    last = len(sheet.widths) - 1
    year = plan_year(plan)
    title = (TITLE_PLAN_AGENCY_PEMDI if plan.decimal else TITLE_PLAN_AGENCY) + (
        f" TAHUN {year}" if year else ""
    )
    r = sheet.title_rows([title, fold(agency).upper(), _subtitle(plan)], last)
    h0 = r
    # two header rows: the month grid under its year
    headers = [
        "No.",
        PLAN_ID_HEADER,
        "NAMA INDIKATOR",
        "LEVEL SAAT INI",
        "LEVEL TARGET",
        "KRITERIA LEVEL TARGET",
        "DATA DUKUNG SAAT INI",
        "DATA DUKUNG REKOMENDASI",
        f"{PLAN_ACTION_HEADER} {year}" if year else PLAN_ACTION_HEADER,
    ]
    head = fm.header()
    for c, h in enumerate(headers):
        put_merged(ws, r, c, r + 1, c, h, head)
        sheet.heights.need_span(
            r, r + 1, text_height(h, sheet.widths[c], size=HEADER_SIZE, bold=True)
        )
    first_month = len(headers)
    put_merged(
        ws, r, first_month, r, first_month + 11, f"JADWAL PELAKSANAAN {year or ''}".strip(), head
    )
    for m, label in enumerate(MONTHS):
        put(ws, r + 1, first_month + m, label, fm.header(font_size=7))
    put_merged(ws, r, last, r + 1, last, "KETERANGAN", head)
    r += 2
    text, center = fm.cell("left"), fm.cell("center")
    lvl = fm.cell("center", num_format="0.00") if plan.decimal else center
    small = fm.cell("left", font_size=9)
    todo = fm.cell("left", bg_color="#FFF2CC")
    grid = fm.cell("center", valign="vcenter")
    sheet.units.append((0, r - 1))
    steps = _agency_steps(plan, agency)
    for k, s in enumerate(steps, start=1):
        level_to = _level(s.get("level_to"))
        criterion = as_text(s.get("criterion"))
        sheet.row(
            r,
            [
                (k, center),
                (id_value(str(s.get("indicator_id"))), center),
                (as_text(s.get("name")), text),
                (_level(s.get("level_from")), lvl),
                (level_to, lvl),
                (criterion if criterion else None, small),
                (as_text(s.get("evidence_now")), small),
                (as_text(s.get("evidence_recommended")), small),
                (None, todo),
                *((None, grid) for _ in MONTHS),
                (None, text),
            ],
            small=frozenset({5, 6, 7}),
        )
        sheet.heights.need(r, 48)
        sheet.units.append((r, r))
        r += 1
    r += 1
    put_merged(
        ws,
        r,
        0,
        r,
        last,
        "Isi kolom RENCANA AKSI dan beri tanda pada bulan pelaksanaannya. "
        "Kolom KRITERIA LEVEL TARGET memuat kriteria resmi level yang dituju.",
        fm.plain(italic=True, font_size=9),
    )
    sheet.units.append((r, r))
    sheet.finish(paper, repeat=(h0, h0 + 1))
