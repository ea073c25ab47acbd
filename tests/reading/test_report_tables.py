"""The tables of KemenPANRB's reports, typed into Excel as offices do: "Perolehan Nilai
Tingkat Kematangan Indikator" (No | Indikator | Nilai Tingkat Kematangan 2024, one year) and
the monitoring report's two-year table (NILAI TINGKAT KEMATANGAN over 2021 | 2022).  Built
with openpyxl from the published levels of Kota Bandar Lampung (tests/data/published), read
back, and scored to the figures the reports print."""

from __future__ import annotations

import openpyxl
import pytest

import spbe_xl
from tests.published_tables import levels as _levels
from tests.published_tables import printed as _printed
from tests.published_tables import report_table


def _assert_reproduces(book: spbe_xl.Book, case: str) -> None:
    got = spbe_xl.rules.index_scores(book.indicators).rounded()
    for (scope, no), value in _printed(case).items():
        if scope == "index":
            assert got["total"] == value
        else:
            assert got[f"by_{scope}"][int(no)] == value, (scope, no)


def test_the_evaluation_reports_table_reads_and_scores(tmp_path):
    path = report_table("bandar-lampung-2024", tmp_path / "lhe-2024.xlsx", year=2024)

    book = spbe_xl.read_workbook(path)
    assert book.meta.framework == "spbe2020"
    assert not (book.findings["severity"] == "error").any()
    _assert_reproduces(book, "bandar-lampung-2024")  # 2.98 Baik, its domains and aspects


@pytest.mark.parametrize("title_year", [True, False])
def test_of_the_monitoring_reports_two_years_the_latest_is_read(tmp_path, title_year):
    """NILAI TINGKAT KEMATANGAN over 2021 | 2022: the 2022 column is the maturity level, the
    2021 column is reported as not read (before: "no SPBE table" at all)."""
    earlier = {r["indicator_id"]: int(r["maturity_level"]) for r in _levels("bandar-lampung-2021")}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Nilai Indikator"
    ws.append(["LAPORAN HASIL PEMANTAUAN SPBE PEMERINTAH KOTA BANDAR LAMPUNG TAHUN 2022"
               if title_year else "Perolehan Nilai Tingkat Kematangan Indikator"])  # fmt: skip
    ws.append([])
    ws.append(["No", "Indikator", "Nilai Tingkat Kematangan", None])
    ws.append([None, None, 2021, 2022])  # the years typed as numbers
    for cells in ("A3:A4", "B3:B4", "C3:D3"):
        ws.merge_cells(cells)
    for row in _levels("bandar-lampung-2022"):
        n = row["indicator_id"]
        ws.append([int(n), row["indicator_name"], earlier[n], int(row["maturity_level"])])
    path = tmp_path / "lhp-2022.xlsx"
    wb.save(path)

    book = spbe_xl.read_workbook(path)
    assert book.meta.year == (2022 if title_year else None)
    levels = book.indicators.set_index("indicator_id")["maturity_level"]
    assert levels["1"] == 2 and earlier["1"] == 1  # the 2022 value, not 2021's
    ignored = book.findings[book.findings["code"] == "ignored_column"]
    assert ignored["message"].tolist() == ["column C ('Nilai Tingkat Kematangan 2021') is not read"]
    _assert_reproduces(book, "bandar-lampung-2022")  # 1.50 Kurang


def test_the_2020_reports_rows_numbered_on_are_indicator_35s_instances(tmp_path):
    """Kabupaten Madiun's 2020 report (5/2018) numbers its table's rows 1-37: rows 35-37 are
    "Layanan Publik Instansi Pemerintah 1/2/3", the instances of indicator 35.  Read as
    35-1..35-3 (an info finding each), under spbe2018 as the year says, and scored to the
    printed 3.30 Baik (before: numbers up to 37, read under spbe2020 with a
    framework_contradiction error)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["INDEKS SPBE PEMERINTAH KABUPATEN MADIUN TAHUN 2020"])
    ws.append(["No", "Indikator", "Nilai Tingkat Kematangan"])
    rows = _levels("madiun-2020")
    for running, row in enumerate(rows, 1):  # the report's running number, not the id
        ws.append([running, row["indicator_name"], int(row["maturity_level"])])
    path = tmp_path / "indeks-2020.xlsx"
    wb.save(path)

    book = spbe_xl.read_workbook(path)
    assert (book.meta.framework, book.meta.year) == ("spbe2018", 2020)
    assert book.indicators["indicator_id"].tolist() == [r["indicator_id"] for r in rows]
    found = book.findings
    assert not (found["severity"] == "error").any()
    renumbered = found[found["code"] == "instance_row_numbered_on"]
    assert renumbered["indicator_id"].tolist() == ["35-1", "35-2", "35-3"]
    assert "row numbered 37" in renumbered["message"].iloc[2]
    _assert_reproduces(book, "madiun-2020")


def test_a_row_beyond_the_catalog_named_otherwise_is_not_renumbered(tmp_path):
    """A row is renumbered only when the count from 35 gives its instance number and the
    table then fits the framework: in a 47-indicator table, 36 "Layanan Publik Instansi
    Pemerintah 3" (the count says 2) and 37 "... 3" (the count fits, but 38-47 are no
    2018 indicators) keep their numbers."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["No", "Indikator", "Nilai Tingkat Kematangan"])
    for row in _levels("bandar-lampung-2024"):
        ws.append([int(row["indicator_id"]), row["indicator_name"], int(row["maturity_level"])])
    ws["B37"] = ws["B38"] = "Layanan Publik Instansi Pemerintah 3"  # indicators 36 and 37
    path = tmp_path / "t.xlsx"
    wb.save(path)
    book = spbe_xl.read_workbook(path)
    assert book.meta.framework == "spbe2020"
    assert book.indicators["indicator_id"].tolist() == [str(n) for n in range(1, 48)]
    assert "instance_row_numbered_on" not in set(book.findings["code"])


def test_a_level_group_whose_sub_headers_say_whose(tmp_path):
    """An office's recap nobody else lays out so: TINGKAT KEMATANGAN over Mandiri |
    Evaluator 2023 | Evaluator 2024, ids typed "1.", a PIC column naming two agencies.  The
    columns are the self level and the evaluator's latest year (2023 reported as not read);
    no column is taken for the follow-up's maturity level (before: Mandiri was read as it,
    a confident wrong official level, and both evaluator columns were dropped)."""
    earlier = {r["indicator_id"]: int(r["maturity_level"]) for r in _levels("bandar-lampung-2023")}
    rows = _levels("bandar-lampung-2024")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Rekap 2024"
    ws.append(["REKAPITULASI TINDAK LANJUT EVALUASI SPBE KAB. CONTOH TAHUN 2024"])
    ws.append([])
    ws.append(
        ["Kode", "Indikator SPBE", "Tingkat Kematangan", None, None, "PIC", "Rencana Aksi 2025"]
    )
    ws.append([None, None, "Mandiri", "Evaluator 2023", "Evaluator 2024", None, None])
    for cells in ("A3:A4", "B3:B4", "C3:E3", "F3:F4", "G3:G4"):
        ws.merge_cells(cells)
    for row in rows:
        n, level = row["indicator_id"], int(row["maturity_level"])
        agency = "Diskominfo" if int(n) % 2 else "Bappeda / BPKAD"
        ws.append(
            [f"{n}.", row["indicator_name"], min(level + 1, 5), earlier[n], level, agency, "Reviu"]
        )
    path = tmp_path / "rekap.xlsx"
    wb.save(path)

    book = spbe_xl.read_workbook(path)
    got = book.indicators.set_index("indicator_id")
    for row in rows:
        n, level = row["indicator_id"], int(row["maturity_level"])
        assert got.loc[n, "evaluator_level"] == level, n
        assert got.loc[n, "self_level"] == min(level + 1, 5), n
    assert got["maturity_level"].isna().all()
    ignored = book.findings[book.findings["code"] == "ignored_column"]["message"].tolist()
    assert ignored == ["column D ('Tingkat Kematangan Evaluator 2023') is not read"]
    shared = book.responsibilities[book.responsibilities["indicator_id"] == "2"]
    assert shared["agency"].tolist() == ["Bappeda", "BPKAD"]
    _assert_reproduces(book, "bandar-lampung-2024")  # the official index from the evaluator's
