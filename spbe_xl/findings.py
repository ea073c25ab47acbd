"""Findings: what a reader reports about a workbook instead of guessing or hiding it.

Every finding code is declared once, here, in :data:`REGISTRY`: its severity, a title, the
message template its findings are worded by, and what the user should do about it (the
title and the action in Indonesian too, for the web page).  A
reader makes a finding by calling the code's kind with the message's values::

    DUPLICATE_INDICATOR(file=..., source=..., indicator_id="7", first="TL!A9", second="TL!A12")

``docs/findings.md`` lists the same codes (a test keeps the two equal).  To add a code:
declare a :class:`FindingKind` below, add its row to that table, emit it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["REGISTRY", "Finding", "FindingKind", "Severity"]

#: "error": a value was not read; "warning": a value was read but should be checked;
#: "info": what the reader passed over on purpose (never counted as a problem).
Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    """One finding: a row of ``Book.findings`` (see ``book.FINDING_COLUMNS``)."""

    severity: Severity
    code: str
    message: str
    indicator_id: str | None
    file: str
    source: str | None

    def as_row(self) -> dict[str, Any]:
        """The finding as the record the findings frame is built from."""
        return {
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "indicator_id": self.indicator_id,
            "file": self.file,
            "source": self.source,
        }


@dataclass(frozen=True)
class FindingKind:
    """A finding code: its severity, title, message template and what the user should do.

    The template is a ``str.format`` string over the values the caller passes (and
    ``indicator_id``).  ``title_id`` and ``action_id`` are the title and the action in
    Indonesian, as the web page shows them (the message itself stays English: it carries the
    values).
    """

    code: str
    severity: Severity
    title: str
    template: str
    action: str
    title_id: str = ""
    action_id: str = ""

    def __call__(
        self, *, file: str, source: str | None, indicator_id: str | None = None, **values: Any
    ) -> Finding:
        message = self.template.format(indicator_id=indicator_id, **values)
        return Finding(self.severity, self.code, message, indicator_id, file, source)


REGISTRY: dict[str, FindingKind] = {}


def _declare(
    code: str,
    severity: Severity,
    title: str,
    template: str,
    action: str,
    *,
    title_id: str = "",
    action_id: str = "",
) -> FindingKind:
    kind = FindingKind(code, severity, title, template, action, title_id, action_id)
    assert code not in REGISTRY, code
    REGISTRY[code] = kind
    return kind


# --------------------------------------------------------------------------- cells

FORMULA_WITHOUT_VALUE = _declare(
    "formula_without_value",
    "warning",
    "a formula cell without a saved result, read as empty",
    "{cell} holds a formula with no saved result, read as empty "
    "(open the file in Excel or LibreOffice and save it to store the results)",
    "Open the workbook in Excel or LibreOffice, save it (this stores the results), read it again.",
    title_id="sel berisi rumus tanpa hasil tersimpan, dibaca kosong",
    action_id=(
        "Buka berkas di Excel atau LibreOffice, simpan (agar hasil rumus tersimpan), lalu baca "
        "ulang."
    ),
)
UNREADABLE_LEVEL = _declare(
    "unreadable_level",
    "error",
    "a level cell whose text holds no level",
    "{text!r} is not a level (expected one level, as LEVEL 3 or 3, or a blank cell); "
    "the level is left empty",
    "Write the level as LEVEL n or a number (or leave the cell blank).",
    title_id="sel level yang teksnya tidak memuat level",
    action_id="Tulis level sebagai LEVEL n atau angka saja (atau kosongkan selnya).",
)
LEVEL_IN_SUBROW = _declare(
    "level_in_subrow",
    "warning",
    "a second, different level in an indicator's sub-rows",
    "a second level {level} under the indicator's level {kept} ({kept_cell}); the first is kept",
    "Keep one level per indicator: delete the other, or merge the level cell over the sub-rows.",
    title_id="level kedua yang berbeda di baris bawah suatu indikator",
    action_id=(
        "Cukup satu level per indikator: hapus level yang lain, atau gabungkan (merge) sel level "
        "untuk semua baris indikator itu."
    ),
)
TEXT_OVER_EXCEL_LIMIT = _declare(
    "text_over_excel_limit",
    "warning",
    "a cell text longer than an Excel cell holds (32,767 characters)",
    "{cell} holds a text of {length:,} characters, more than an Excel cell holds (32,767); "
    "read whole",
    "Shorten the text (Excel cannot hold it in one cell; the file was not saved by Excel): "
    "keep the long part in a document and name the document in the cell.",
    title_id="teks sel melebihi batas satu sel Excel (32.767 karakter)",
    action_id=(
        "Persingkat teksnya (Excel tidak dapat memuatnya dalam satu sel; berkas ini tidak disimpan "
        "oleh Excel): simpan bagian yang panjang di dokumen tersendiri dan sebutkan dokumen itu di "
        "sel."
    ),
)

# --------------------------------------------------------------------------- columns and sheets

IGNORED_COLUMN = _declare(
    "ignored_column",
    "info",
    "a headed column the reader does not read",
    "column {column} ({header!r}) is not read",
    "Nothing, if the column holds nothing spbe-xl uses; else rename its header "
    "(docs/layouts.md lists the headers read).",
    title_id="kolom berjudul yang tidak dibaca",
    action_id=(
        "Tidak perlu apa-apa jika kolom itu tidak memuat data yang dipakai spbe-xl; jika memuat, "
        "ganti judul kolomnya (judul yang dibaca ada di docs/layouts.md)."
    ),
)
AMBIGUOUS_SHEET = _declare(
    "ambiguous_sheet",
    "error",
    "a sheet whose kind (self-assessment or follow-up) cannot be told",
    "sheet {sheet!r} could be a self-assessment or a follow-up ({reason}); "
    "its levels were not read",
    "Give the sheet the title and headers of its kind (PENILAIAN MANDIRI / HASIL EVALUASI "
    "for a self-assessment, TINDAK LANJUT / NILAI TINGKAT KEMATANGAN for a follow-up).",
    title_id="sheet yang jenisnya (penilaian mandiri atau tindak lanjut) tidak dapat ditentukan",
    action_id=(
        "Beri sheet itu judul dan kepala kolom sesuai jenisnya (PENILAIAN MANDIRI / HASIL EVALUASI "
        "untuk penilaian mandiri, TINDAK LANJUT / NILAI TINGKAT KEMATANGAN untuk tindak lanjut)."
    ),
)

# --------------------------------------------------------------------------- rows

DUPLICATE_INDICATOR = _declare(
    "duplicate_indicator",
    "error",
    "an indicator twice on one sheet",
    "indicator {indicator_id} appears twice on this sheet ({first} and {second}); "
    "the second row is ignored",
    "Correct the number of the second row (or delete the copy).",
    title_id="indikator tercantum dua kali dalam satu sheet",
    action_id="Perbaiki nomor indikator pada baris kedua (atau hapus salinannya).",
)
UNREADABLE_INDICATOR_ID = _declare(
    "unreadable_indicator_id",
    "warning",
    "a text in the INDIKATOR column that is no indicator number",
    "{text!r} in the INDIKATOR column is not an indicator number; "
    "the row is read as part of the indicator above",
    "Write the indicator's number (7, 35-1) in the cell, or move the text to its own column.",
    title_id="teks di kolom INDIKATOR yang bukan nomor indikator",
    action_id=(
        "Tulis nomor indikator (7, 35-1) di sel itu, atau pindahkan teksnya ke kolom tersendiri."
    ),
)
ROW_OUTSIDE_INDICATOR = _declare(
    "row_outside_indicator",
    "warning",
    "values in a row under a header or banner, before any indicator row",
    "row {row} has values but no indicator above it; it was not read",
    "Give the row its indicator number, or move its values under the indicator they belong to.",
    title_id=(
        "baris berisi nilai di bawah kepala tabel atau judul kelompok, sebelum baris indikator mana"
        " pun"
    ),
    action_id=(
        "Beri baris itu nomor indikatornya, atau pindahkan isinya ke bawah indikator yang sesuai."
    ),
)

INSTANCE_ROW_NUMBERED_ON = _declare(
    "instance_row_numbered_on",
    "info",
    "a row numbered on past a multi-instance indicator, read as one of its instances",
    "row numbered {number} ({name!r}) read as indicator {indicator_id}: instance {instance} of "
    "indicator {base} ({base_name}) of {framework}, its rows numbered on as the 2018-2020 "
    "reports number them",
    "Nothing to do if the row is that instance; else write its indicator number (for example "
    "35-2) in the number column.",
    title_id=(
        "baris bernomor lanjutan dari indikator yang dinilai per layanan, dibaca sebagai salah "
        "satu butirnya"
    ),
    action_id=(
        "Tidak perlu apa-apa jika baris itu memang butir tersebut; jika bukan, tulis nomor "
        "indikatornya (misalnya 35-2) di kolom nomor."
    ),
)

# --------------------------------------------------------------------------- evidence

BOTH_MARKS = _declare(
    "both_marks",
    "warning",
    "both ADA and BELUM ADA marked for one evidence item",
    "both ADA and BELUM ADA are marked; the status is left empty",
    "Clear one of the two marks.",
    title_id="ADA dan BELUM ADA sama-sama ditandai untuk satu data dukung",
    action_id="Hapus salah satu dari kedua tanda itu.",
)
MARK_WITHOUT_EVIDENCE = _declare(
    "mark_without_evidence",
    "warning",
    "an ADA/BELUM ADA mark on a row with no evidence item",
    "an ADA/BELUM ADA mark on a row without an evidence item",
    "Write the evidence item the mark is for, or clear the mark.",
    title_id="tanda ADA/BELUM ADA pada baris tanpa data dukung",
    action_id="Tulis data dukung yang dimaksud oleh tanda itu, atau hapus tandanya.",
)
EVIDENCE_NUMBERS_IN_ONE_CELL = _declare(
    "evidence_numbers_in_one_cell",
    "warning",
    "several evidence numbers in one cell whose text does not split",
    "evidence numbers {numbers} typed into one cell ({cell}) but the text does not split "
    "into {count} items; kept as one item",
    "Put each evidence item on its own row (or its own line of the cell).",
    title_id="beberapa nomor data dukung dalam satu sel yang teksnya tidak dapat dipisah",
    action_id=(
        "Tulis setiap data dukung di barisnya sendiri (atau di baris tersendiri dalam sel, "
        "Alt+Enter)."
    ),
)
EVIDENCE_WITHOUT_TEXT = _declare(
    "evidence_without_text",
    "warning",
    "an evidence number without its text",
    "evidence number {item_no} has no text",
    "Write the evidence item's text next to its number, or delete the number.",
    title_id="nomor data dukung tanpa uraiannya",
    action_id="Tulis uraian data dukung di samping nomornya, atau hapus nomornya.",
)

# --------------------------------------------------------------------------- the book

UNKNOWN_INDICATOR = _declare(
    "unknown_indicator",
    "error",
    "an indicator number the framework does not have",
    "indicator {indicator_id} is not in framework {framework} (indicators 1-{count}); "
    "it was not read",
    "Correct the number, or read the workbook under its framework (--framework).",
    title_id="nomor indikator yang tidak ada dalam kerangka penilaian",
    action_id="Perbaiki nomornya, atau baca berkas dengan kerangka penilaiannya (--framework).",
)
FRAMEWORK_CONTRADICTION = _declare(
    "framework_contradiction",
    "error",
    "the evaluation year and the indicators point to different frameworks",
    "the evaluation year {year} ({year_text}) is a round of {in_force} ({in_force_rounds}), "
    "but the indicators are {evidence}'s ({evidence_text}); read under {framework}",
    "Check the year in the title and the indicators: correct the wrong one, or read the "
    "workbook under the framework you mean (--framework).",
    title_id="tahun evaluasi dan indikatornya menunjuk ke kerangka penilaian yang berbeda",
    action_id=(
        "Periksa tahun pada judul dan indikatornya: perbaiki yang salah, atau baca berkas dengan "
        "kerangka penilaian yang dimaksud (--framework)."
    ),
)
FRAMEWORK_YEAR_UNCOVERED = _declare(
    "framework_year_uncovered",
    "warning",
    "an evaluation year no packaged framework applies to",
    "the evaluation year {year} ({year_text}) is a round of no packaged framework "
    "({packaged}); read under {framework} ({why})",
    "Check the year in the title; read under the framework you mean (--framework), or add "
    "the round's framework file (docs/frameworks.md).",
    title_id="tahun evaluasi yang tidak tercakup kerangka penilaian mana pun yang tersedia",
    action_id=(
        "Periksa tahun pada judul; baca berkas dengan kerangka penilaian yang dimaksud "
        "(--framework), atau tambahkan berkas kerangka untuk putaran itu (docs/frameworks.md)."
    ),
)
FRAMEWORK_UNDECIDED = _declare(
    "framework_undecided",
    "error",
    "a workbook whose framework cannot be told, its values left empty",
    "the framework is not certain: {reason}; the values ({count} cells) were left empty, "
    "the indicators read under {framework} (candidates: {candidates})",
    "Read the workbook under its framework (--framework pemdi2026, --framework spbe2020), "
    "or write the evaluation year in the title (TAHUN 2026).",
    title_id="berkas yang kerangka penilaiannya tidak dapat ditentukan, nilainya dikosongkan",
    action_id=(
        "Baca berkas dengan kerangka penilaiannya (--framework pemdi2026, --framework spbe2020), "
        "atau tulis tahun evaluasi pada judul (TAHUN 2026)."
    ),
)
FRAMEWORK_BY_VALUES = _declare(
    "framework_by_values",
    "warning",
    "a framework chosen by its decimal values or its title, nothing else deciding",
    "no evaluation year or indicator name decides the framework; {why}; and the indicator "
    "numbers (up to {highest}) fit it: read under {framework}, not {others}",
    "Check that the workbook is of the framework it was read under; write the evaluation year in the title "
    "(TAHUN 2026), or read it under the framework you mean (--framework).",
    title_id="kerangka penilaian dipilih hanya dari nilai desimal atau judulnya",
    action_id=(
        "Pastikan berkas memang memakai kerangka penilaian yang dipakai untuk membacanya; tulis "
        "tahun evaluasi pada judul (TAHUN 2026), atau baca dengan kerangka yang dimaksud "
        "(--framework)."
    ),
)
UNEXPECTED_INSTANCE = _declare(
    "unexpected_instance",
    "warning",
    "an instance number (N-M) for an indicator assessed once",
    "indicator {number} is assessed once, but {indicator_id} looks like one of several instances",
    "Write the indicator's plain number.",
    title_id="nomor berbentuk N-M untuk indikator yang hanya dinilai sekali",
    action_id="Tulis nomor indikatornya saja (tanpa -M).",
)
BANNER_MISMATCH = _declare(
    "banner_mismatch",
    "warning",
    "an indicator under a DOMAIN/ASPEK banner it does not belong to",
    "indicator {indicator_id} stands under the banner {label} {banner} ({cell}), "
    "but belongs to {label} {expected}",
    "Check the indicator's number and the banner above it.",
    title_id="indikator di bawah judul DOMAIN/ASPEK yang bukan kelompoknya",
    action_id="Periksa nomor indikator dan judul domain/aspek di atasnya.",
)
SHEET_DISAGREEMENT = _declare(
    "sheet_disagreement",
    "warning",
    "two sheets or files that say different things about one indicator",
    "indicator {indicator_id}: {what} is {kept!r} at {kept_file} {kept_cell} "
    "but {other!r} at {other_file} {other_cell}; the first is kept",
    "Correct the copy that is wrong (the first named is the one kept).",
    title_id="dua sheet atau berkas berisi hal yang berbeda untuk satu indikator",
    action_id="Perbaiki salinan yang salah (yang disebut pertama adalah yang dipakai).",
)
AGENCY_DISAGREEMENT = _declare(
    "agency_disagreement",
    "warning",
    "two responsible agencies named for one indicator",
    "indicator {indicator_id}: responsible agency {kept!r} at {kept_cell} but {other!r} at "
    "{other_cell}",
    "Name one responsible agency for the indicator in every sheet.",
    title_id="dua perangkat daerah penanggung jawab untuk satu indikator",
    action_id=(
        "Tulis satu perangkat daerah penanggung jawab yang sama untuk indikator itu di semua sheet."
    ),
)
AGENCY_UNIFIED = _declare(
    "agency_unified",
    "warning",
    "an agency spelling read as another, alike spelling",
    "agency {name!r} ({cells}) read as {canonical!r}: check that they are one agency",
    "Check that the two spellings name one agency; if not, make them clearly different.",
    title_id="ejaan nama perangkat daerah yang dibaca sama dengan ejaan lain yang mirip",
    action_id=(
        "Pastikan kedua ejaan itu memang satu perangkat daerah; jika bukan, bedakan namanya dengan "
        "jelas."
    ),
)
AGENCY_NOT_SPLIT = _declare(
    "agency_not_split",
    "warning",
    "an agency cell that may name several agencies, read as one",
    "agency {name!r} ({cells}) may name several agencies ({parts}), but not all of them "
    "are known agency names: read as one agency",
    "If it names several agencies, separate them with ';' (or name each in an agency alias "
    "file, --agency-aliases); if it is one agency, nothing to do.",
    title_id=(
        "sel perangkat daerah yang mungkin menyebut beberapa perangkat daerah, dibaca sebagai satu"
    ),
    action_id=(
        "Jika menyebut beberapa perangkat daerah, pisahkan dengan ';' (atau daftarkan masing-masing"
        " di berkas alias perangkat daerah, --agency-aliases); jika memang satu, tidak perlu apa-"
        "apa."
    ),
)
AGENCY_SHARED_BY_SHEETS = _declare(
    "agency_shared_by_sheets",
    "warning",
    "an indicator on the sheets of several agencies, read as shared by them",
    "indicator {indicator_id} is listed on the agency sheets of {agencies} ({cells}) but "
    "{kept_cell} names {kept!r}: read as shared by {shared}",
    "Name every responsible agency in the indicator's agency cell (separated by ';'), or "
    "remove the indicator from the sheet of an agency that is not responsible.",
    title_id=(
        "indikator tercantum di sheet beberapa perangkat daerah, dibaca sebagai tanggung jawab "
        "bersama"
    ),
    action_id=(
        "Tulis semua perangkat daerah penanggung jawab di sel perangkat daerah indikator itu "
        "(pisahkan dengan ';'), atau hapus indikator dari sheet perangkat daerah yang tidak "
        "bertanggung jawab."
    ),
)
EVALUATOR_VS_MATURITY = _declare(
    "evaluator_vs_maturity",
    "warning",
    "the evaluator's level differs from the follow-up's maturity level",
    "indicator {indicator_id}: the evaluator's level is {evaluator_level} ({evaluator_file} "
    "{evaluator_cell}) but the follow-up's maturity level is {maturity_level} "
    "({maturity_file} {maturity_cell})",
    "Check which level the evaluation published and correct the other.",
    title_id="level dari evaluator berbeda dengan nilai tingkat kematangan di tindak lanjut",
    action_id="Periksa level mana yang diterbitkan dalam hasil evaluasi, lalu perbaiki yang lain.",
)
MISSING_LEVEL = _declare(
    "missing_level",
    "warning",
    "a level column left empty for an indicator",
    "indicator {indicator_id} has no {label}: {cells} is empty",
    "Fill in the level (until then the indicator has no level of that kind).",
    title_id="kolom level yang kosong untuk suatu indikator",
    action_id=(
        "Isi levelnya (selama masih kosong, indikator itu tidak memiliki level jenis tersebut)."
    ),
)
LEVEL_OUT_OF_RANGE = _declare(
    "level_out_of_range",
    "error",
    "a level outside the framework's range",
    "indicator {indicator_id}: level {level} is outside {framework}'s range "
    "{level_min}-{level_max}; it was left empty",
    "Correct the level (or read the workbook under its framework).",
    title_id="level di luar rentang kerangka penilaian",
    action_id="Perbaiki levelnya (atau baca berkas dengan kerangka penilaiannya).",
)
LEVEL_TEXT_MISMATCH = _declare(
    "level_text_mismatch",
    "warning",
    "a level label whose explanation quotes another level's criterion",
    "indicator {indicator_id}: the label says LEVEL {label_level} ({label_cell}) but the "
    "explanation is the level-{text_level} criterion (match {text_score:.2f} against "
    "{label_score:.2f} for level {label_level}); the label is kept{confidence}",
    "Check the level: correct the label or the explanation.",
    title_id="label level yang penjelasannya mengutip kriteria level lain",
    action_id="Periksa levelnya: perbaiki label atau penjelasannya.",
)


# --------------------------------------------------------------------------- files

EXTENSION_MISMATCH = _declare(
    "extension_mismatch",
    "warning",
    "a file whose content is another kind of workbook than its extension says",
    "the file is named {suffix} but holds an {kind} workbook; read as {kind}",
    "Rename the file to the extension of what it holds (Excel may refuse to open it as it is).",
    title_id="berkas lembar kerja yang isinya tidak sesuai dengan ekstensi namanya",
    action_id=(
        "Ganti ekstensi nama berkas sesuai isinya (Excel mungkin menolak membukanya seperti "
        "sekarang)."
    ),
)
