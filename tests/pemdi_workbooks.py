"""Pemdi (2026) workbooks as an office builds them, written with openpyxl for the tests.

The layout follows the SPBE follow-up workbooks offices send (title rows, a header row,
ASPEK banners, one row per indicator with its recommendation, action plan per year and
responsible agency) with what Pemdi changes: no DOMAIN banners, 20 indicators in 7
aspects, and decimal values typed as Indonesian Excel users type them ("2,00", "1,26"
as text, some as numbers).  The values are the Aceh Tengah 2026 assessor's
(/work/shared/pemdi-framework.md §6), indicator 13 written as its full value 1,1667.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

import spbe_xl.framework as fw

PEMDI = fw.load("pemdi2026")

#: indicator -> the value as typed in the cell
TYPED_VALUES: dict[int, object] = {
    1: "2,00", 2: "1,50", 3: "1,26", 4: "1,30", 5: 1, 6: 1, 7: 1, 8: "1,00",
    9: "1,00", 10: "1,00", 11: "1,50", 12: "1,25", 13: "1,1667", 14: 1.0,
    15: "1", 16: "1,00", 17: 2.5, 18: 1, 19: "1,00", 20: "1,30",
}  # fmt: skip
AGENCIES = {1: "Bagian Organisasi", 2: "Dinas Komunikasi dan Informatika", 20: "Bagian Organisasi"}


def pemdi_followup(
    path: Path,
    *,
    instansi: str = "PEMERINTAH KABUPATEN ACEH TENGAH",
    year: int | None = 2026,
    names: bool = True,
    values: dict[int, object] | None = None,
    heading: str = "TINDAK LANJUT HASIL EVALUASI KINERJA PEMERINTAH DIGITAL",
) -> Path:
    """An office's Pemdi follow-up workbook (one sheet, office layout).  Variants: without
    the evaluation year (``year=None``: in neither the title nor the sheet name), without
    the indicator names (``names=False``: the INDIKATOR column holds the numbers only),
    other values (``values``: indicator -> the value as typed, default TYPED_VALUES), another
    first title row (``heading``)."""
    values = TYPED_VALUES if values is None else values
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "TL PEMDI 2026" if year is not None else "TL PEMDI"
    ws["A1"] = heading
    ws["A2"] = f"{instansi} TAHUN {year}" if year is not None else instansi
    header = [
        "NO", "INDIKATOR", "NILAI INDIKATOR", "REKOMENDASI", "RENCANA AKSI TAHUN 2027",
        "RENCANA AKSI TAHUN 2028", "PERANGKAT DAERAH PENANGGUNG JAWAB",
    ]  # fmt: skip
    for c, text in enumerate(header, start=1):
        cell = ws.cell(4, c, text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True)
    r = 5
    for a in PEMDI.aspects.itertuples(index=False):
        ws.cell(r, 1, f"ASPEK {a.aspect_no} {a.name.upper()}")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(header))
        r += 1
        members = PEMDI.indicators[PEMDI.indicators["aspect_no"] == a.aspect_no]
        for ind in members.itertuples(index=False):
            no = int(ind.indicator_no)
            ws.cell(r, 1, no)
            ws.cell(r, 2, ind.name if names else None)
            ws.cell(r, 3, values.get(no))
            ws.cell(r, 4, f"Rekomendasi asesor untuk indikator {no}.")
            ws.cell(r, 5, f"Menyusun rencana peningkatan indikator {no}.")
            ws.cell(r, 6, f"Melaksanakan dan memantau indikator {no}.")
            ws.cell(r, 7, AGENCIES.get(no, "Dinas Komunikasi dan Informatika"))
            r += 1
    wb.save(path)
    return path


#: indicator -> the self-assessed value as typed (an office's own, above the assessor's)
SELF_VALUES: dict[int, object] = {n: "1,50" for n in range(1, 21)} | {1: "2,50", 17: "3,00", 20: 2}


def pemdi_self_assessment(
    path: Path, *, instansi: str = "PEMERINTAH KABUPATEN ACEH TENGAH"
) -> Path:
    """An office's Pemdi self-assessment (penilaian mandiri): value, explanation and the
    evidence items uploaded per level, coded I{n}-L{level}-{nn} (pemdi-framework.md §8)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "PENILAIAN MANDIRI"
    ws["A1"] = "PENILAIAN MANDIRI EVALUASI KINERJA PEMERINTAH DIGITAL"
    ws["A2"] = f"{instansi} TAHUN 2026"
    header = ["NO", "INDIKATOR", "PENILAIAN MANDIRI", "PENJELASAN", "NO", "DATA DUKUNG"]
    for c, text in enumerate(header, start=1):
        ws.cell(4, c, text).font = Font(bold=True)
    r = 5
    for a in PEMDI.aspects.itertuples(index=False):
        ws.cell(r, 1, f"ASPEK {a.aspect_no} {a.name.upper()}")
        r += 1
        members = PEMDI.indicators[PEMDI.indicators["aspect_no"] == a.aspect_no]
        for ind in members.itertuples(index=False):
            no = int(ind.indicator_no)
            ws.cell(r, 1, no)
            ws.cell(r, 2, ind.name)
            ws.cell(r, 3, SELF_VALUES[no])
            ws.cell(r, 4, f"Bukti level 1 lengkap untuk indikator {no}.")
            for k in (1, 2):
                ws.cell(r + k - 1, 5, k)
                ws.cell(r + k - 1, 6, f"I{no}-L1-{k:02d} Dokumen pendukung {k}")
            r += 2
    wb.save(path)
    return path
