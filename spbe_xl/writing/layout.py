"""The fixed layout of the written workbooks: sheet names, titles, paper sizes, labels, limits."""

from __future__ import annotations

from typing import Literal

from spbe_xl.text import MONTH_LABELS

Paper = Literal["folio", "a4"]

#: xlsxwriter paper codes: 14 is Folio 8.5 x 13 in (what Indonesian offices call F4), 9 is A4.
PAPER_SIZES = {"folio": 14, "a4": 9}

SHEET_FOLLOWUP = "TINDAK LANJUT"
SHEET_SUMMARY = "RINGKASAN"
SHEET_SELF_ASSESSMENT = "PENILAIAN MANDIRI"
SHEET_NO_AGENCY = "TANPA PENANGGUNG JAWAB"
SHEET_SCHEDULE_PREFIX = "JADWAL"
SHEET_LISTS = "DAFTAR"  # hidden: the template's dropdown lists
SHEET_CRITERIA = "KRITERIA"  # hidden: the level criteria the template's lookups read

TITLE_FOLLOWUP = "TINDAK LANJUT HASIL INDEKS SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK (SPBE)"
TITLE_SELF_ASSESSMENT = "EVALUASI SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK (SPBE)"
TITLE_SCHEDULE = "JADWAL PELAKSANAAN RENCANA AKSI TINDAK LANJUT HASIL INDEKS SPBE"
TITLE_SUMMARY = "RINGKASAN HASIL INDEKS SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK (SPBE)"

#: Month abbreviations as Indonesian offices write them (PEB, AGS, NOP): the reader's own.
MONTHS = MONTH_LABELS
MARK = "✓"
#: The level criteria's statuses (framework.CRITERION_STATUSES) as the sheets word them.
CRITERION_STATUS_LABELS = {
    "agree": "sumber sepakat",
    "differ": "rumusan sumber berbeda (lihat rumusan lain)",
    "single source": "hanya dari satu sumber",
    "suspect": "diragukan (tampak tertukar levelnya)",
    "custom": "dari berkas kriteria instansi",
}
HEADER_SIZE = 9  # column headers: bold 9 pt, so that KEMATANGAN fits a narrow column
TEMPLATE_EVIDENCE_ROWS = 3

# The Normal font: Arial 10, as Indonesian office documents use. font_scheme "none": the
# fonts are Arial itself, not the theme's font (the theme says Calibri: fonts tied to it
# would change with a theme in Excel).
DEFAULT_FORMAT: dict[str, object] = {"font_name": "Arial", "font_size": 10, "font_scheme": "none"}

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "nan_inf_to_errors": False,
    # Arial 10 as the workbook's Normal font (with its default row height and column
    # width in pixels), as Indonesian office documents use: LibreOffice renders it with the
    # metric-compatible Liberation Sans, so widths and wrapped heights agree with Excel's.
    "default_format_properties": DEFAULT_FORMAT,
    "default_row_height": 17,
    "default_column_width": 64,
}

EXCEL_MAX_TEXT = 32_767
EXCEL_MAX_ROW_PT = 409.0
BLOCK_ROW_PT = 400.0  # split a merged cell's text over more sub-rows beyond this per row

#: What the RINGKASAN sheet says of :attr:`spbe_xl.rules.IndexResult.level`.
LEVEL_LABELS = {
    "official": "NILAI TINGKAT KEMATANGAN (tindak lanjut); bila kosong, HASIL PENILAIAN TIM EVALUATOR",
    "maturity": "NILAI TINGKAT KEMATANGAN (tindak lanjut)",
    "evaluator": "HASIL PENILAIAN TIM EVALUATOR",
    "self": "PENILAIAN MANDIRI",
    "maturity_level": "NILAI TINGKAT KEMATANGAN (tindak lanjut)",
    "evaluator_level": "HASIL PENILAIAN TIM EVALUATOR",
    "self_level": "PENILAIAN MANDIRI",
}
#: What the RINGKASAN sheet says of :attr:`spbe_xl.rules.IndexResult.instances`.
INSTANCE_LABELS = {
    "items": "setiap instans (mis. 35-1, 35-2) dihitung sebagai satu butir dalam rata-rata aspeknya",
    "mean": "level indikator = rata-rata level instansnya",
    "max": "level indikator = level tertinggi instansnya",
    "min": "level indikator = level terendah instansnya",
}


def check_paper(paper: str) -> None:
    """Raise ValueError unless ``paper`` is one of :data:`PAPER_SIZES`."""
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {paper!r}")
