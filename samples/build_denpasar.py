"""Build Kota Denpasar's 2021 SPBE workbooks from its public data, in an office layout.

Usage::

    python samples/build_denpasar.py [DATA_CSV] [OUT_DIR]

``DATA_CSV`` defaults to ``../shared/real/denpasar-2021.csv`` beside the repository (its
provenance: ``shared/real/README.md``; a copy of it is kept in ``samples/denpasar-2021.csv``,
which is used when the shared folder is absent), ``OUT_DIR`` to this script's folder.
Two workbooks are written, laid out the way 2021-2025 offices lay theirs out (unlike the
Bontang 2018 sample):

``denpasar-2021-penilaian-mandiri.xlsx``
    one sheet, ``PM SPBE 2021``: two title lines (``... TAHUN 2021`` / ``PEMERINTAH KOTA
    DENPASAR``, no "DI LINGKUNGAN"), a two-row header whose groups span sub-columns
    (NO | INDIKATOR | PENILAIAN MANDIRI over TINGKAT KEMATANGAN, PENJELASAN, DATA DUKUNG |
    HASIL EVALUASI over NILAI EVALUATOR, CATATAN | PERANGKAT DAERAH PENANGGUNG JAWAB), a row
    of column numbers ``(1)`` ... ``(8)``, DOMAIN / ASPEK banners; the indicator number under
    NO and its name under INDIKATOR; shared indicators list their agencies on separate lines.

``denpasar-2021-tindak-lanjut.xlsx``
    the follow-up as the office's monitoring application exports it: ``TL SPBE 2021``, one
    flat table with a one-row header (No | Domain | Aspek | Indikator | Penilaian Mandiri |
    Nilai Kematangan | Rekomendasi | Keterangan | Target Waktu | OPD Terkait), agencies joined
    with ``; ``, and then one sheet per OPD with the rows it shares.

Levels are typed the way offices type them, varying by indicator: the number ``3``,
``Level 3`` or ``LEVEL III``.  The evaluator's level of the self-assessment and the
follow-up's maturity level are both the ``maturity_level`` of the data (the level the
evaluator set); the published result (Indeks SPBE 3.19 Baik; domains 3.00 / 3.30 / 2.18 /
3.55) follows from them under the 2020 weights.  Names, notes and agencies are kept as the
office wrote them (typos included).  The ministry's recommendations had not arrived: the
office's placeholder is kept.  No signature block: the data names no signatory.

Written with openpyxl only (never with spbe_xl), deterministically (fixed properties and
zip timestamps). Domain and aspect names and membership come from the packaged 2020
framework data file (``spbe_xl/data/spbe2020.toml``), read as plain TOML.
"""

from __future__ import annotations

import csv
import sys
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent))
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from reproducible import save, set_properties

HERE = Path(__file__).resolve().parent
SHARED_DATA = HERE.parent.parent / "shared" / "real" / "denpasar-2021.csv"
LOCAL_DATA = HERE / "denpasar-2021.csv"
FRAMEWORK_TOML = HERE.parent / "spbe_xl" / "data" / "spbe2020.toml"

PM_FILE = "denpasar-2021-penilaian-mandiri.xlsx"
TL_FILE = "denpasar-2021-tindak-lanjut.xlsx"

CREATOR = "Pemerintah Kota Denpasar"
FIXED_TIME = datetime(2021, 12, 31, 8, 0, 0)

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(wrap_text=True, horizontal="center", vertical="center")
BOLD = Font(bold=True)

# Short names the office uses on its per-OPD sheet tabs (31 characters at most).
SHEET_OF_AGENCY = {
    "Dinas Komunikasi, Informatika dan Statistik": "DISKOMINFOS",
    "Badan Perencanaan Pembangunan Daerah": "BAPPEDA",
    "Badan Pengelola Keuangan dan Aset Daerah": "BPKAD",
    "Bagian Organisasi": "BAG ORGANISASI",
    "Inspektorat": "INSPEKTORAT",
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia": "BKPSDM",
    "Bagian Pengadaan Barang dan Jasa": "BAG PBJ",
    "Dinas Perpustakaan dan Kearsipan": "DISPUSIP",
    "Bagian Hukum Setda Kota Denpasar": "BAG HUKUM",
    "Badan Pendapatan Daerah": "BAPENDA",
    "Dinas Tenaga Kerja dan Sertifikasi Kompetensi": "DISNAKER",
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu": "DPMPTSP",
}


def level_text(level: int, indicator_no: int, shift: int) -> int | str:
    """A level typed as offices type it: ``3``, ``Level 3`` or ``LEVEL III``, by indicator."""
    form = (indicator_no + shift) % 3
    if form == 0:
        return level
    if form == 1:
        return f"Level {level}"
    return f"LEVEL {ROMAN[level]}"


def agencies_of(row: dict[str, str]) -> list[str]:
    return [a.strip() for a in row["responsible_agencies"].split(";") if a.strip()]


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if [int(r["indicator_no"]) for r in rows] != list(range(1, 48)):
        raise SystemExit(f"{path}: expected indicators 1-47 in order")
    return rows


def read_structure() -> tuple[dict[int, str], list[dict[str, Any]]]:
    """Domain names by number and the aspects (no, name, domain, indicator numbers)."""
    data = tomllib.loads(FRAMEWORK_TOML.read_text(encoding="utf-8"))
    domains = {d["no"]: d["name"] for d in data["domains"]}
    aspects = []
    for a in data["aspects"]:
        first, _, last = a["indicators"].partition("-")
        numbers = range(int(first), int(last or first) + 1)
        aspects.append(
            {"no": a["no"], "name": a["name"], "domain": a["domain"], "numbers": numbers}
        )
    return domains, aspects


def put(
    ws: Worksheet, row: int, col: int, value: Any, *, align: Alignment = WRAP, bold: bool = False
) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    cell.border = BOX
    cell.alignment = align
    if bold:
        cell.font = BOLD


def fit_rows(ws: Worksheet, widths: list[float], first_row: int) -> None:
    """Row heights for the wrapped texts (openpyxl does not compute them), and a landscape
    page one sheet wide, as offices print these tables."""
    merged_rows = {r.min_row for r in ws.merged_cells.ranges if r.min_row == r.max_row}
    for row in ws.iter_rows(min_row=first_row):
        lines = 1
        if row[0].row in merged_rows:  # a banner across the table: one line
            ws.row_dimensions[row[0].row].height = 16
            continue
        for cell, width in zip(row, widths, strict=False):
            if isinstance(cell.value, str):
                chars = max(int(width * 1.1), 1)
                lines = max(
                    lines, sum(-(-len(part) // chars) or 1 for part in cell.value.split("\n"))
                )
        ws.row_dimensions[row[0].row].height = 13 * lines + 2
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def build_penilaian_mandiri(rows: list[dict[str, str]]) -> Workbook:
    domains, aspects = read_structure()
    wb = Workbook()
    ws = wb.active
    ws.title = "PM SPBE 2021"
    widths = [6, 38, 14, 60, 20, 14, 24, 34]
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws["A1"] = "LEMBAR KERJA EVALUASI SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK (SPBE) TAHUN 2021"
    ws["A2"] = "PEMERINTAH KOTA DENPASAR"
    for r in (1, 2):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(widths))
        ws.cell(row=r, column=1).font = BOLD
        ws.cell(row=r, column=1).alignment = CENTER
    top, sub, numbers = 4, 5, 6
    for col, text in ((1, "NO"), (2, "INDIKATOR"), (8, "PERANGKAT DAERAH PENANGGUNG JAWAB")):
        put(ws, top, col, text, align=CENTER, bold=True)
        put(ws, sub, col, None, align=CENTER)
        ws.merge_cells(start_row=top, start_column=col, end_row=sub, end_column=col)
    for first, last, text in ((3, 5, "PENILAIAN MANDIRI"), (6, 7, "HASIL EVALUASI")):
        put(ws, top, first, text, align=CENTER, bold=True)
        for col in range(first + 1, last + 1):
            put(ws, top, col, None)
        ws.merge_cells(start_row=top, start_column=first, end_row=top, end_column=last)
    subs = {
        3: "TINGKAT KEMATANGAN",
        4: "PENJELASAN",
        5: "DATA DUKUNG",
        6: "NILAI EVALUATOR",
        7: "CATATAN",
    }
    for col, text in subs.items():
        put(ws, sub, col, text, align=CENTER, bold=True)
    for col in range(1, len(widths) + 1):
        put(ws, numbers, col, f"({col})", align=CENTER)
    ws.row_dimensions[sub].height = 28
    by_no = {int(r["indicator_no"]): r for r in rows}
    row_no = numbers + 1
    last_domain = None
    for aspect in aspects:
        if aspect["domain"] != last_domain:
            last_domain = aspect["domain"]
            banner = f"DOMAIN {last_domain} : {domains[last_domain].upper()}"
            put(ws, row_no, 1, banner, bold=True)
            ws.merge_cells(start_row=row_no, start_column=1, end_row=row_no, end_column=len(widths))
            row_no += 1
        put(ws, row_no, 1, f"ASPEK {aspect['no']} : {aspect['name']}", bold=True)
        ws.merge_cells(start_row=row_no, start_column=1, end_row=row_no, end_column=len(widths))
        row_no += 1
        for n in aspect["numbers"]:
            r = by_no[n]
            values = [
                n,
                r["indicator_name"],
                level_text(int(r["self_level"]), n, 0),
                r["note"] or None,
                None,
                level_text(int(r["maturity_level"]), n, 1),
                None,
                "\n".join(agencies_of(r)),
            ]
            for col, value in enumerate(values, 1):
                put(ws, row_no, col, value, align=CENTER if col in (1, 3, 6) else WRAP)
            row_no += 1
    ws.freeze_panes = f"C{numbers + 1}"
    fit_rows(ws, widths, numbers + 1)
    return wb


TL_HEADERS = [
    "No",
    "Domain",
    "Aspek",
    "Indikator",
    "Penilaian Mandiri",
    "Nilai Kematangan",
    "Rekomendasi",
    "Keterangan",
    "Target Waktu",
    "OPD Terkait",
]


def write_flat_table(ws: Worksheet, rows: list[dict[str, str]], structure: Any) -> None:
    domains, aspects = structure
    aspect_of = {n: a for a in aspects for n in a["numbers"]}
    widths = [5, 22, 26, 36, 11, 11, 28, 60, 10, 34]
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws["A1"] = "MONITORING TINDAK LANJUT EVALUASI SPBE"
    ws["A2"] = "PEMERINTAH KOTA DENPASAR"
    ws["A3"] = "Tahun Penilaian: 2021"
    header = 5
    for col, text in enumerate(TL_HEADERS, 1):
        put(ws, header, col, text, align=CENTER, bold=True)
    for i, r in enumerate(rows, header + 1):
        n = int(r["indicator_no"])
        aspect = aspect_of[n]
        values = [
            n,
            domains[aspect["domain"]],
            aspect["name"],
            r["indicator_name"],
            level_text(int(r["self_level"]), n, 2),
            level_text(int(r["maturity_level"]), n, 0),
            r["recommendation"],
            r["note"] or None,
            int(r["target_year"]),
            "; ".join(agencies_of(r)),
        ]
        for col, value in enumerate(values, 1):
            put(ws, i, col, value, align=CENTER if col in (1, 5, 6, 9) else WRAP)
    ws.freeze_panes = f"A{header + 1}"
    fit_rows(ws, widths, header + 1)


def build_tindak_lanjut(rows: list[dict[str, str]]) -> Workbook:
    structure = read_structure()
    wb = Workbook()
    ws = wb.active
    ws.title = "TL SPBE 2021"
    write_flat_table(ws, rows, structure)
    order: list[str] = []
    for r in rows:
        for agency in agencies_of(r):
            if agency not in order:
                order.append(agency)
    for agency in order:
        sheet = wb.create_sheet(SHEET_OF_AGENCY[agency])
        write_flat_table(sheet, [r for r in rows if agency in agencies_of(r)], structure)
        sheet["A3"] = f"OPD: {agency} - Tahun Penilaian: 2021"
    return wb


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 2 or any(a in ("-h", "--help") for a in args):
        print("\n\n".join((__doc__ or "").split("\n\n")[1:3]))
        return 0 if args and args[0] in ("-h", "--help") else 2
    data_path = Path(args[0]) if args else (SHARED_DATA if SHARED_DATA.is_file() else LOCAL_DATA)
    out_dir = Path(args[1]) if len(args) > 1 else HERE
    rows = read_rows(data_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    pm = build_penilaian_mandiri(rows)
    set_properties(
        pm,
        when=FIXED_TIME,
        creator=CREATOR,
        title="Evaluasi SPBE Kota Denpasar 2021: penilaian mandiri",
    )
    save(pm, out_dir / PM_FILE, FIXED_TIME)
    tl = build_tindak_lanjut(rows)
    set_properties(
        tl,
        when=FIXED_TIME,
        creator=CREATOR,
        title="Monitoring tindak lanjut evaluasi SPBE Kota Denpasar 2021",
    )
    save(tl, out_dir / TL_FILE, FIXED_TIME)
    print(f"wrote {out_dir / PM_FILE}")
    print(f"wrote {out_dir / TL_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
