"""spbe_xl.reading.titles: instansi and year from the title rows offices write."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from spbe_xl.readers import peek_title, peek_title_info
from spbe_xl.reading.titles import (
    TitleInfo,
    instansi_key,
    normalize_instansi,
    read_title,
    title_meta,
)
from tests import variants
from tests.conftest import FOLLOWUP_XLSX, ROOT, SAMPLES, SELF_ASSESSMENT_XLSX

DENPASAR_CSV = SAMPLES / "denpasar-2021.csv"

# Title rows as offices write them: (lines, sheet names) -> (instansi, year).
TITLES = [
    # Bontang 2018, the follow-up
    (
        ["TINDAK LANJUT HASIL INDEKS SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK (SPBE)",
         "DI LINGKUNGAN PEMERINTAH KOTA BONTANG TAHUN 2018"],
        [], "Pemerintah Kota Bontang", 2018,
    ),
    # without DI LINGKUNGAN, the year on its own line
    (
        ["EVALUASI SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK (SPBE)",
         "PEMERINTAH KABUPATEN BADUNG TAHUN 2023"],
        [], "Pemerintah Kabupaten Badung", 2023,
    ),
    # KAB. X in a plain line, EVALUASI SPBE 2023 above it
    (
        ["PENILAIAN MANDIRI EVALUASI SPBE 2023", "KAB. BADUNG"],
        [], "Pemerintah Kabupaten Badung", 2023,
    ),
    (["TINDAK LANJUT EVALUASI SPBE 2022", "KAB BANGLI"], [], "Pemerintah Kabupaten Bangli", 2022),
    # KOTA X in a plain line, the year only in the sheet name
    (
        ["EVALUASI SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK (SPBE)", "KOTA TANJUNG PINANG"],
        ["TL SEMUA 2024"], "Pemerintah Kota Tanjung Pinang", 2024,
    ),
    # Denpasar 2021: PEMERINTAH KOTA X in a plain line, "Tahun Penilaian: 2021"
    (
        ["MONITORING TINDAK LANJUT EVALUASI SPBE", "PEMERINTAH KOTA DENPASAR",
         "Tahun Penilaian: 2021"],
        [], "Pemerintah Kota Denpasar", 2021,
    ),
    (
        ["LEMBAR KERJA EVALUASI SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK (SPBE) TAHUN 2021",
         "PEMERINTAH KOTA DENPASAR"],
        ["PM SPBE 2021"], "Pemerintah Kota Denpasar", 2021,
    ),
    # a province, mixed case, DI LINGKUNGAN
    (
        ["Tindak Lanjut Hasil Evaluasi SPBE Tahun 2022",
         "di Lingkungan Pemerintah Provinsi Kalimantan Timur"],
        [], "Pemerintah Provinsi Kalimantan Timur", 2022,
    ),
    (["EVALUASI SPBE PROVINSI DKI JAKARTA 2023"], [], "Pemerintah Provinsi DKI Jakarta", 2023),
    # PEMERINTAH DAERAH, PEMKAB, a comma after the place
    (
        ["PEMERINTAH DAERAH KABUPATEN KUTAI KARTANEGARA", "INDEKS SPBE 2024"],
        [], "Pemerintah Kabupaten Kutai Kartanegara", 2024,
    ),
    (["PEMKAB KOTABARU, KALIMANTAN SELATAN", "TAHUN 2021"], [], "Pemerintah Kabupaten Kotabaru", 2021),
    # a regulation's year is not the evaluation's
    (
        ["HASIL EVALUASI SPBE (PERMENPANRB NOMOR 59 TAHUN 2020)", "KOTA SAMARINDA"],
        ["TL 2021"], "Pemerintah Kota Samarinda", 2021,
    ),
    # an instansi pusat: whatever follows DI LINGKUNGAN
    (
        ["DI LINGKUNGAN KEMENTERIAN KOMUNIKASI DAN INFORMATIKA TAHUN 2019"],
        [], "Kementerian Komunikasi dan Informatika", 2019,
    ),
    # a number in a place name, a line of the instansi and its year, an office after it
    (["DI LINGKUNGAN PEMERINTAH KABUPATEN CONTOH 07 TAHUN 2018"], [], "Pemerintah Kabupaten Contoh 07", 2018),
    (["KOTA BONTANG 2018"], [], "Pemerintah Kota Bontang", 2018),
    (["PEMERINTAH KOTA DENPASAR DINAS KOMUNIKASI DAN INFORMATIKA", "TAHUN 2021"], [], "Pemerintah Kota Denpasar", 2021),
    (["PEMERINTAH PROVINSI NUSA TENGGARA BARAT", "TAHUN 2020"], [], "Pemerintah Provinsi Nusa Tenggara Barat", 2020),
    # nothing named
    (["TINDAK LANJUT HASIL INDEKS SPBE"], ["Sheet1"], None, None),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "sheets", "instansi", "year"), TITLES)
def test_every_title_variant(lines, sheets, instansi, year):
    info = read_title(lines, sheets)
    assert (info.instansi, info.year) == (instansi, year)


def test_the_texts_read_from_are_kept():
    info = read_title(["PENILAIAN MANDIRI EVALUASI SPBE 2023", "KAB.  BADUNG"], ["PM 2023"])
    assert info == TitleInfo(
        "Pemerintah Kabupaten Badung", 2023, "KAB. BADUNG", "PENILAIAN MANDIRI EVALUASI SPBE 2023"
    )
    info = read_title(["KOTA TANJUNG PINANG"], ["REKAP", "TL SEMUA 2024"])
    assert info.year_text == "sheet name 'TL SEMUA 2024'"
    assert info.key == "pemerintah kota tanjung pinang"


def test_the_title_year_beats_the_sheet_name():
    assert read_title(["KOTA BONTANG TAHUN 2018"], ["TL 2019"]).year == 2018


def test_spellings_of_one_instansi_compare_equal():
    spellings = [
        "DI LINGKUNGAN PEMERINTAH KABUPATEN BADUNG",
        "PEMERINTAH KABUPATEN BADUNG",
        "Pemerintah Kabupaten Badung",
        "KAB. BADUNG",
        "KAB BADUNG",
        "KABUPATEN BADUNG",
        "PEMKAB BADUNG",
    ]
    names = {normalize_instansi(text) for text in spellings}
    assert names == {"Pemerintah Kabupaten Badung"}
    assert instansi_key("PEMERINTAH KOTA BONTANG") == instansi_key("Pemerintah Kota Bontang")
    assert normalize_instansi("KOTA BONTANG") == normalize_instansi("PEMERINTAH KOTA BONTANG")
    # one place, two kinds: two instansi
    assert normalize_instansi("KAB. MALANG") != normalize_instansi("KOTA MALANG")
    # a word that only starts like a kind is not one
    assert normalize_instansi("KOTABARU") is None


def test_the_best_form_wins_over_an_earlier_bare_one():
    lines = ["DINAS KOMINFO KOTA DENPASAR", "PEMERINTAH KOTA DENPASAR TAHUN 2021"]
    info = read_title(lines)
    assert (info.instansi, info.instansi_text) == (
        "Pemerintah Kota Denpasar",
        "PEMERINTAH KOTA DENPASAR TAHUN 2021",
    )


def test_title_meta_keeps_its_shape():
    assert title_meta(["DI LINGKUNGAN PEMERINTAH KOTA BONTANG TAHUN 2018"]) == (
        "Pemerintah Kota Bontang",
        2018,
    )


# -------------------------------------------------------------------- from workbooks


def test_the_bontang_samples_titles():
    assert peek_title(FOLLOWUP_XLSX) == ("Pemerintah Kota Bontang", 2018)
    # the self-assessment's title names no year
    info = peek_title_info(SELF_ASSESSMENT_XLSX)
    assert (info.instansi, info.year) == ("Pemerintah Kota Bontang", None)
    assert info.instansi_text == "DI LINGKUNGAN PEMERINTAH KOTA BONTANG"


def _build_denpasar(folder: Path) -> list[Path]:
    spec = importlib.util.spec_from_file_location(
        "build_denpasar", ROOT / "samples" / "build_denpasar.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main([str(DENPASAR_CSV), str(folder)]) == 0
    return sorted(folder.glob("*.xlsx"))


@pytest.mark.skipif(not DENPASAR_CSV.is_file(), reason="the Denpasar data is not bundled")
def test_the_denpasar_workbooks_titles(tmp_path):
    paths = _build_denpasar(tmp_path)
    assert len(paths) == 2
    for path in paths:
        info = peek_title_info(path)
        assert (info.instansi, info.year) == ("Pemerintah Kota Denpasar", 2021), path.name


def test_a_title_line_holding_a_header_word_is_still_a_title(tmp_path):
    # "PENILAIAN MANDIRI" is a header word; a one-cell line holding it is not the header
    grids = variants.load(SELF_ASSESSMENT_XLSX)
    for grid in grids:
        variants.map_cells(
            grid,
            lambda v: (
                "PENILAIAN MANDIRI EVALUASI SPBE 2018"
                if isinstance(v, str) and v.startswith("EVALUASI SISTEM")
                else "KOTA BONTANG"
                if isinstance(v, str) and "DI LINGKUNGAN" in v
                else v
            ),
        )
    path = tmp_path / "pm.xlsx"
    variants.save(grids, path)
    info = peek_title_info(path)
    assert (info.instansi, info.year) == ("Pemerintah Kota Bontang", 2018)
    assert info.instansi_text == "KOTA BONTANG"
