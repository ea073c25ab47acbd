"""Readers: the Bontang samples, hand-made variants of them, and broken files."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from spbe_xl import ReadError, read_workbook
from spbe_xl.book import (
    ACTION_COLUMNS,
    EVIDENCE_COLUMNS,
    FINDING_COLUMNS,
    INDICATOR_COLUMNS,
    RESPONSIBILITY_COLUMNS,
)
from tests import variants
from tests.conftest import FOLLOWUP_XLSX, SELF_ASSESSMENT_XLSX

DATA = Path(__file__).parent / "data"


def _fold(text: str | None) -> str | None:
    return None if text is None else re.sub(r"\s+", " ", text).strip()


def _expected_followup(indicator: dict, field: str):
    """The all-indicators sheet's value, or (where the printout lost it) an agency sheet's."""
    value = (indicator["followup"] or {}).get(field)
    if value in (None, []):
        for record in indicator["agency_sheets"].values():
            if record.get(field) not in (None, []):
                return record[field]
    return value


# --------------------------------------------------------------------------- the samples


def test_frames_have_the_contract_columns_and_dtypes(bontang_book):
    for frame, columns in (
        (bontang_book.indicators, INDICATOR_COLUMNS),
        (bontang_book.evidence, EVIDENCE_COLUMNS),
        (bontang_book.actions, ACTION_COLUMNS),
        (bontang_book.findings, FINDING_COLUMNS),
        (bontang_book.responsibilities, RESPONSIBILITY_COLUMNS),
    ):
        assert list(frame.columns) == list(columns)
        for name, dtype in columns.items():
            assert frame[name].dtype == pd.Series(dtype=dtype).dtype, name


def test_every_indicator_once_with_levels_agency_and_evidence_as_transcribed(
    bontang_book, bontang_data
):
    ind = bontang_book.indicators.set_index("indicator_id")
    assert list(ind.index) == [rec["indicator_id"] for rec in bontang_data["indicators"]]
    counts = bontang_book.evidence.groupby(["indicator_id", "kind"]).size()
    for rec in bontang_data["indicators"]:
        iid, sa = rec["indicator_id"], rec["self_assessment"]
        row = ind.loc[iid]
        assert _na(row.self_level) == sa["self_level"], iid
        assert _na(row.evaluator_level) == sa["evaluator_level"], iid
        assert _na(row.maturity_level) == _expected_followup(rec, "maturity_level"), iid
        assert row.responsible_agency == _fold(_expected_followup(rec, "responsible_agency")), iid
        assert counts.get((iid, "self"), 0) == len(sa["self_evidence"]), iid
        assert counts.get((iid, "optimal"), 0) == len(sa["optimal_evidence"] or []), iid
        recommended = _expected_followup(rec, "recommended_evidence") or []
        assert counts.get((iid, "recommended"), 0) == len(recommended), iid
        assert row.domain_no == rec_domain(iid)


def rec_domain(indicator_id: str) -> int:
    number = int(indicator_id.split("-")[0])
    return 1 if number <= 17 else 2 if number <= 24 else 3


def _na(value):
    return None if pd.isna(value) else int(value)


def test_meta_instansi_year_sheets_and_signature(bontang_book):
    meta = bontang_book.meta
    assert meta.instansi == "Pemerintah Kota Bontang"
    assert meta.year == 2018
    assert meta.framework == "spbe2018"
    kinds = Counter(sheet.kind for sheet in meta.sheets)
    assert kinds == {"self_assessment": 1, "followup": 1, "agency_followup": 9}
    agencies = {sheet.agency for sheet in meta.sheets if sheet.kind == "agency_followup"}
    assert "Inspektorat Daerah" in agencies and "Bagian Hukum Setda" in agencies
    assert meta.signature.name == "Hj. AJIZAH, SE, MM"
    assert meta.signature.place == "BONTANG" and meta.signature.date == "29 OKTOBER 2018"
    assert meta.signature.nip.startswith("NIP.")
    assert meta.plan_years == (2018, 2019, 2020)


def test_evaluator_and_follow_up_levels_that_differ_are_findings(bontang_book, bontang_data):
    expected = set()
    for rec in bontang_data["indicators"]:
        evaluator = rec["self_assessment"]["evaluator_level"]
        maturity = _expected_followup(rec, "maturity_level")
        if evaluator is not None and maturity is not None and evaluator != maturity:
            expected.add(rec["indicator_id"])
    found = bontang_book.findings
    got = set(found.loc[found.code == "evaluator_vs_maturity", "indicator_id"])
    assert got == expected
    assert len(expected) > 15  # the seed has many: this is not a vacuous check
    message = found.loc[
        (found.code == "evaluator_vs_maturity") & (found.indicator_id == "7"), "message"
    ].iloc[0]
    assert "'PENILAIAN MANDIRI'!H" in message and "'TL SEMUA'!D" in message


def test_cross_sheet_disagreements_name_both_cells(bontang_book):
    found = bontang_book.findings
    agency = found[found.code == "agency_disagreement"]
    # The Badan Kepegawaian sheet names the agency differently from the all-indicators sheet.
    assert {"9", "12", "19", "26"} <= set(agency.indicator_id)
    text = found[found.code == "sheet_disagreement"]
    row = text[text.indicator_id == "24"].iloc[0]
    assert "SPRF" in row.message and "SPBE" in row.message
    assert re.search(r"'TL SEMUA'!F\d+", row.message) and re.search(r"DKIS!F\d+", row.message)


def test_lost_follow_up_level_is_a_finding_not_a_guess(bontang_book):
    ind = bontang_book.indicators.set_index("indicator_id")
    assert pd.isna(ind.loc["13", "maturity_level"])
    found = bontang_book.findings
    missing = found[(found.code == "missing_level") & (found.indicator_id == "13")]
    assert len(missing) == 1 and "NILAI TINGKAT KEMATANGAN" in missing.message.iloc[0]


def test_agency_spellings_unified_with_a_finding(bontang_book):
    agencies = set(bontang_book.indicators.responsible_agency.dropna())
    assert "Badan Pengelolaan Keuangan Daerah" in agencies
    assert not any("  " in a or "\n" in a for a in agencies)
    unified = bontang_book.findings[bontang_book.findings.code == "agency_unified"]
    assert any("Keuangan Aset Daerah" in m for m in unified.message)
    assert (
        any(
            "Keuangan Aset Daerah" in a
            for a in bontang_book.indicators.responsible_agency_raw.dropna()
        )
        is False
    )


def test_responsibilities_give_each_indicator_exactly_its_agency_as_lead(bontang_book):
    ind = bontang_book.indicators
    resp = bontang_book.responsibilities
    assert ind.responsible_agency.notna().all()  # every Bontang indicator names one
    assert list(resp.indicator_id) == list(ind.indicator_id)  # one row each: none shared
    assert (resp.order == 1).all()
    assert list(resp.agency) == list(ind.responsible_agency)
    assert list(resp.agency_raw) == [raw.strip() for raw in ind.responsible_agency_raw]
    assert set(resp.file) == {FOLLOWUP_XLSX.name}
    assert resp.source.str.match(r"^'TL SEMUA'![A-Z]+\d+$").all()


def test_a_cell_that_may_name_two_agencies_is_read_as_one_with_a_finding(bontang_book):
    # "KOPERASI-DUKCAPIL": the sheet of two agencies, the first not a known agency name
    found = bontang_book.findings[bontang_book.findings.code == "agency_not_split"]
    assert len(found) == 1
    assert (
        "(Dinas Koperasi, Usaha Kecil, Menengah dan Perdagangan | Dinas Kependudukan dan "
        in (found.message.iloc[0])
    )
    assert "'KOPERASI-DUKCAPIL'!" in found.message.iloc[0]


def _agency_cells(old: str, new: str):
    def change(grid):
        variants.map_cells(grid, lambda v: new if isinstance(v, str) and _fold(v) == old else v)

    return change


def test_an_agency_cell_naming_two_known_agencies_is_a_shared_indicator(tmp_path, bontang_book):
    joined = "Bagian Hukum Setda dan\nInspektorat Daerah"  # both known (packaged aliases)
    book = read_workbook(_variant(tmp_path, "shared", _agency_cells("Bagian Hukum Setda", joined)))
    hukum = set(
        bontang_book.indicators.loc[
            bontang_book.indicators.responsible_agency == "Bagian Hukum Setda", "indicator_id"
        ]
    )
    assert hukum == {"15", "33"}
    resp = book.responsibilities
    shared = resp[resp.indicator_id.isin(hukum)]
    rows = zip(shared.indicator_id, shared.agency, shared.order, shared.agency_raw, strict=True)
    assert list(rows) == [
        ("15", "Bagian Hukum Setda", 1, "Bagian Hukum Setda"),
        ("15", "Inspektorat Daerah", 2, "Inspektorat Daerah"),
        ("33", "Bagian Hukum Setda", 1, "Bagian Hukum Setda"),
        ("33", "Inspektorat Daerah", 2, "Inspektorat Daerah"),
    ]
    # the lead stays the indicators frame's responsible agency; the other rows are as before
    ind = book.indicators.set_index("indicator_id")
    assert ind.loc["15", "responsible_agency"] == "Bagian Hukum Setda"
    assert ind.loc["15", "responsible_agency_raw"] == joined
    rest = resp[~resp.indicator_id.isin(hukum)].drop(columns="file").reset_index(drop=True)
    before = bontang_book.responsibilities.drop(columns="file")
    before = before[~before.indicator_id.isin(hukum)].reset_index(drop=True)
    pd.testing.assert_frame_equal(rest, before)
    codes = Counter(book.findings.code)
    assert codes == Counter(bontang_book.findings.code)  # no disagreement: the sheets agree
    sheets = {s.name: s.agency for s in book.meta.sheets}
    assert sheets["HUKUM"] == "Bagian Hukum Setda" and sheets["INSPEKTORAT"] == "Inspektorat Daerah"
    from spbe_xl import rules

    roll = rules.agency_rollup(book).set_index("responsible_agency")
    assert roll.at["Inspektorat Daerah", "indicator_ids"] == "15, 16, 33, 34"
    assert roll.at["Inspektorat Daerah", "n_shared"] == 2
    assert roll.at["Inspektorat Daerah", "shared_with"] == "Bagian Hukum Setda"
    assert roll.at["Bagian Hukum Setda", "shared_with"] == "Inspektorat Daerah"


def _also_on_inspektorat(grid, *, main_blank: bool = False):
    """Indicator 16's row on the INSPEKTORAT sheet made indicator 15's (15 is also on the
    HUKUM sheet); with ``main_blank``, 15's agency cell on the all-indicators sheet emptied."""
    if grid.name == "INSPEKTORAT":
        for row in grid.rows:
            if row and row[0] in (16, "16"):
                row[0] = 15
    if grid.name == "TL SEMUA" and main_blank:
        for row in grid.rows:
            if row and row[0] in (15, "15"):
                row[:] = [None if v == "Bagian Hukum Setda" else v for v in row]


def test_where_the_all_indicators_sheet_names_the_agency_it_decides(tmp_path):
    book = read_workbook(_variant(tmp_path, "two-sheets", _also_on_inspektorat))
    resp = book.responsibilities
    assert list(resp.loc[resp.indicator_id == "15", "agency"]) == ["Bagian Hukum Setda"]
    found = book.findings[book.findings.code == "agency_disagreement"]
    assert "15" in set(found.indicator_id)
    assert "agency_shared_by_sheets" not in set(book.findings.code)


def test_an_indicator_on_the_sheets_of_two_agencies_is_shared_by_them(tmp_path):
    def change(grid):
        _also_on_inspektorat(grid, main_blank=True)

    book = read_workbook(_variant(tmp_path, "two-sheets-blank", change))
    resp = book.responsibilities
    fifteen = resp[resp.indicator_id == "15"]
    # the first sheet that names an agency for it is the lead (INSPEKTORAT is before HUKUM)
    assert list(fifteen.agency) == ["Inspektorat Daerah", "Bagian Hukum Setda"]
    assert list(fifteen.order) == [1, 2]
    assert fifteen.source.iloc[0].startswith("INSPEKTORAT!")
    assert fifteen.source.iloc[1].startswith("HUKUM!")
    assert book.indicators.set_index("indicator_id").loc["15", "responsible_agency"] == (
        "Inspektorat Daerah"
    )
    found = book.findings[book.findings.code == "agency_shared_by_sheets"]
    assert list(found.indicator_id) == ["15"]
    assert found.message.iloc[0].startswith(
        "indicator 15 is listed on the agency sheets of 'Inspektorat Daerah', 'Bagian Hukum "
        "Setda' (INSPEKTORAT!"
    )
    assert found.message.iloc[0].endswith(
        "names 'Inspektorat Daerah': read as shared by Inspektorat Daerah; Bagian Hukum Setda"
    )
    disagreements = book.findings[book.findings.code == "agency_disagreement"]
    assert "15" not in set(disagreements.indicator_id)


def test_a_user_alias_file_names_the_agencies(tmp_path, bontang_book):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text(
        "alias,agency\nInspektorat Daerah,Inspektorat Kota Bontang\n", encoding="utf-8"
    )
    book = read_workbook([SELF_ASSESSMENT_XLSX, FOLLOWUP_XLSX], agency_aliases=aliases)
    agencies = set(book.indicators.responsible_agency)
    assert "Inspektorat Kota Bontang" in agencies and "Inspektorat Daerah" not in agencies
    assert set(book.responsibilities.agency) == agencies
    sheets = {s.name: s.agency for s in book.meta.sheets}
    assert sheets["INSPEKTORAT"] == "Inspektorat Kota Bontang"
    bad = tmp_path / "bad.csv"
    bad.write_text("alias,agency\nInspektorat\n", encoding="utf-8")
    from spbe_xl.readers import AgencyAliasError

    with pytest.raises(AgencyAliasError, match=r"bad\.csv, line 2: expected two columns"):
        read_workbook([FOLLOWUP_XLSX], agency_aliases=bad)


def test_sources_point_at_the_cells(bontang_book):
    ind = bontang_book.indicators.set_index("indicator_id")
    assert re.fullmatch(r"'TL SEMUA'!A\d+", ind.loc["1", "source"])
    workbook = openpyxl.load_workbook(FOLLOWUP_XLSX, read_only=True)
    sheet, cell = ind.loc["35-2", "source"].split("!")
    assert str(workbook[sheet.strip("'")][cell].value) == "35-2"
    ev = bontang_book.evidence
    one = ev[(ev.indicator_id == "21") & (ev.kind == "recommended")].iloc[0]
    sheet, cell = one.source.split("!")
    assert one.text in str(workbook[sheet.strip("'")][cell].value)


def test_follow_up_workbook_alone(followup_book):
    ind = followup_book.indicators
    assert len(ind) == 37
    assert ind.self_level.isna().all() and ind.evaluator_level.isna().all()
    assert ind.maturity_level.notna().sum() == 36  # all but indicator 13


def test_input_files_are_not_modified(tmp_path):
    copies = [shutil.copy(p, tmp_path / p.name) for p in (SELF_ASSESSMENT_XLSX, FOLLOWUP_XLSX)]
    before = [(Path(p).read_bytes(), Path(p).stat().st_mtime_ns) for p in copies]
    read_workbook(copies)
    assert [(Path(p).read_bytes(), Path(p).stat().st_mtime_ns) for p in copies] == before


# --------------------------------------------------------------------------- values


# --------------------------------------------------------------------------- variants


def _comparable(book):
    def strip(frame):
        return frame.drop(columns=["file", "source"]).reset_index(drop=True)

    return strip(book.indicators), strip(book.evidence), strip(book.actions)


def _assert_same_frames(book, reference):
    for got, want in zip(_comparable(book), _comparable(reference), strict=True):
        pd.testing.assert_frame_equal(got, want)


HEADER_WORDS = (
    "INDIKATOR",
    "URAIAN",
    "PERTANYAAN",
    "PENJELASAN",
    "DATA DUKUNG",
    "RENCANA",
    "PERANGKAT",
)


def _is_header_row(row) -> bool:
    return sum(isinstance(v, str) and v.upper().startswith(HEADER_WORDS) for v in row) >= 3


def _variant(tmp_path: Path, name: str, change) -> list[Path]:
    out = []
    for source in (SELF_ASSESSMENT_XLSX, FOLLOWUP_XLSX):
        grids = variants.load(source)
        for grid in grids:
            change(grid)
        out.append(variants.save(grids, tmp_path / f"{name}-{source.name}"))
    return out


def _reorder(grid):
    # agency second, question before name, evaluator block before the self block / the
    # action years reversed on the follow-up sheets
    if grid.width >= 14:
        variants.reorder_columns(grid, [0, 13, 2, 1, 3, 4, 5, 6, 7, 8, 9, 12, 11, 10])
    else:
        variants.reorder_columns(grid, [0, 11, 2, 1, 7, 8, 9, 10, 3, 4, 5, 6])


def _header_case_and_typos(grid):
    typos = {"PENAGGUNG": "Penanggung", "KEMATANGAN": "kematangn", "PERTANYAAN": "Pertanyaan "}

    def change(row):
        if not _is_header_row(row):
            return row
        out = []
        for value in row:
            if isinstance(value, str):
                for wrong, right in typos.items():
                    value = value.replace(wrong, right)
                value = value.title()
            out.append(value)
        return out

    grid.rows = [change(row) for row in grid.rows]


def _levels_as_numbers(grid):
    forms = [lambda n: n, lambda n: f"Level {n}", lambda n: f"{n}.0", lambda n: float(n)]
    counter = iter(range(10**6))

    def change(value):
        if isinstance(value, str) and (m := re.fullmatch(r"LEVEL (\d)", value)):
            return forms[next(counter) % len(forms)](int(m.group(1)))
        return value

    variants.map_cells(grid, change)


def _without_banners(grid):
    drop = set()
    for i, row in enumerate(grid.rows):
        first = next((v for v in row if v not in (None, "")), None)
        if isinstance(first, str) and re.match(r"(DOMAIN|ASPEK)\s*\d", first):
            drop.add(i)
            nxt = grid.rows[i + 1] if i + 1 < len(grid.rows) else []
            texts = [v for v in nxt if v not in (None, "")]
            if len(texts) == 1 and isinstance(texts[0], str) and not _is_header_row(nxt):
                drop.add(i + 1)
    rows = iter(range(len(grid.rows)))
    variants.drop_rows(grid, lambda _row: next(rows) in drop)


def _blank_rows_and_columns(grid):
    variants.insert_blank_rows(grid, 0, 4)  # the table starts lower
    variants.insert_blank_columns(grid, 0, 1)  # and one column to the right
    variants.insert_blank_columns(grid, 6, 1)  # an empty spacer column in the middle
    for at in range(len(grid.rows) - 5, 10, -17):
        variants.insert_blank_rows(grid, at, 1)


def _rows_of_spaces(grid):
    """Rows that look blank but hold spaces, a tab or a line break in some cells (typed
    over, or left by a deleted text), under the header and between indicators."""
    for at in range(len(grid.rows) - 3, 10, -13):
        variants.insert_blank_rows(grid, at, 1)
        for c, blank in ((0, " "), (2, "   "), (5, "\t"), (7, " \n ")):
            if c < grid.width:
                grid.rows[at][c] = blank


def _renamed(grid):
    grid.name = f"Sheet {id(grid) % 9973}"


def _unmerged(grid):
    variants.unmerge(grid)


VARIANTS = {
    "reordered": _reorder,
    "header-case-typos": _header_case_and_typos,
    "levels-as-numbers": _levels_as_numbers,
    "no-banners": _without_banners,
    "blank-rows-columns": _blank_rows_and_columns,
    "rows-of-spaces": _rows_of_spaces,
    "renamed-sheets": _renamed,
    "unmerged": _unmerged,
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_hand_made_variants_read_to_the_same_frames(tmp_path, bontang_book, name):
    paths = _variant(tmp_path, name, VARIANTS[name])
    book = read_workbook(paths)
    _assert_same_frames(book, bontang_book)
    ignored = {"banner_mismatch"}
    codes = Counter(
        (c, i)
        for c, i in zip(book.findings.code, book.findings.indicator_id, strict=True)
        if c not in ignored
    )
    want = Counter(
        (c, i)
        for c, i in zip(bontang_book.findings.code, bontang_book.findings.indicator_id, strict=True)
        if c not in ignored
    )
    assert codes == want


def test_banner_that_contradicts_the_catalog_is_a_finding(tmp_path):
    def swap(grid):
        variants.map_cells(grid, lambda v: "ASPEK 2" if v == "ASPEK 1" else v)

    book = read_workbook(_variant(tmp_path, "banner", swap))
    found = book.findings[book.findings.code == "banner_mismatch"]
    assert {"1", "2", "3"} <= set(found.indicator_id)
    assert "ASPEK 2" in found.message.iloc[0]


def test_level_outside_the_framework_range_is_a_finding(tmp_path):
    def change(grid):
        variants.map_cells(grid, lambda v: "LEVEL 7" if v == "LEVEL 5" else v)

    book = read_workbook(_variant(tmp_path, "range", change))
    found = book.findings[book.findings.code == "level_out_of_range"]
    assert "35-1" in set(found.indicator_id)
    assert (found.severity == "error").all()
    assert pd.isna(book.indicators.set_index("indicator_id").loc["35-1", "maturity_level"])


def test_unreadable_level_names_the_cell(tmp_path):
    grids = variants.load(FOLLOWUP_XLSX)
    sheet = grids[0]
    for row in sheet.rows:
        if row[0] == 8 or row[0] == "8":
            row[3] = "sedang"
            break
    path = variants.save(grids, tmp_path / "bad-level.xlsx")
    book = read_workbook(path)
    found = book.findings[book.findings.code == "unreadable_level"]
    assert len(found) == 1 and found.indicator_id.iloc[0] == "8"
    assert re.fullmatch(r"'TL SEMUA'!D\d+", found.source.iloc[0])
    assert "sedang" in found.message.iloc[0]


def test_several_evidence_numbers_in_one_cell_are_split(tmp_path):
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.append(["TINDAK LANJUT HASIL INDEKS SPBE"])
    ws.append(["DI LINGKUNGAN PEMERINTAH KABUPATEN CONTOH TAHUN 2019"])
    ws.append([])
    ws.append(["INDIKATOR", "URAIAN INDIKATOR", "PERTANYAAN", "NILAI TINGKAT KEMATANGAN", "PENJELASAN LEVEL",
               "REKOMENDASI MENPAN", "DATA DUKUNG REKOMENDASI MENPAN", None, "PERANGKAT DAERAH PENANGGUNG JAWAB"])  # fmt: skip
    ws.append(
        [
            1,
            "Kebijakan",
            "Apakah?",
            "Level 2",
            "…",
            "Tetapkan",
            "1 2 3",
            "Perwali\nSOP\nLaporan",
            "Bagian Organisasi",
        ]
    )
    ws.append(
        [
            2,
            "Kebijakan 2",
            "Apakah?",
            3,
            "…",
            "…",
            "1 2",
            "Perwali SOP tanpa pemisah",
            "Bagian Organisasi",
        ]
    )
    path = tmp_path / "one-cell.xlsx"
    workbook.save(path)
    book = read_workbook(path)
    ev = book.evidence
    assert list(ev[ev.indicator_id == "1"].text) == ["Perwali", "SOP", "Laporan"]
    assert list(ev[ev.indicator_id == "1"].item_no) == [1, 2, 3]
    assert len(ev[ev.indicator_id == "2"]) == 1
    assert "evidence_numbers_in_one_cell" in set(book.findings.code)
    assert book.meta.instansi == "Pemerintah Kabupaten Contoh" and book.meta.year == 2019


# --------------------------------------------------------------------------- broken files


def test_empty_workbook(tmp_path):
    path = tmp_path / "blank.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(ReadError, match=r"blank\.xlsx: the workbook has no data"):
        read_workbook(path)


def test_workbook_of_another_topic(tmp_path):
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "Penjualan"
    ws.append(["Tanggal", "Barang", "Jumlah", "Harga"])
    for day in range(1, 20):
        ws.append([f"2024-01-{day:02d}", "Beras", day * 3, 12000])
    path = tmp_path / "penjualan.xlsx"
    workbook.save(path)
    with pytest.raises(ReadError, match=r"penjualan\.xlsx: no sheet has an SPBE indicator table"):
        read_workbook(path)


def test_no_spbe_table_says_which_sheets_were_looked_at_and_their_headers(tmp_path):
    """Issue 15: the error names each sheet and the row that looks most like its header
    (its first texts, each clipped), so that the user sees what was read instead."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "Penjualan"
    ws.append(["LAPORAN PENJUALAN BERAS BULANAN TOKO SUMBER REJEKI KECAMATAN UTARA TAHUN 2024"])
    ws.append(["Tanggal", "Barang", "Jumlah", "Harga per kilogram, termasuk pajak daerah", "Kasir"])
    for day in range(1, 20):
        ws.append([f"2024-01-{day:02d}", "Beras", day * 3, 12000, "Ani"])
    workbook.create_sheet("Kosong")
    workbook.create_sheet("Catatan")["B3"] = "Hanya satu catatan"
    path = tmp_path / "penjualan.xlsx"
    workbook.save(path)
    with pytest.raises(ReadError) as raised:
        read_workbook(path)
    message = str(raised.value)
    assert message.startswith("penjualan.xlsx: no sheet has an SPBE indicator table (")
    assert message.endswith(
        "; sheets looked at: 'Penjualan' row 2: Tanggal | Barang | Jumlah | "
        "Harga per kilogram, termasuk … | …; 'Kosong' empty; 'Catatan' row 3: Hanya satu catatan"
    )


def test_level_labels_contradicting_their_text_are_flagged_and_kept(bontang_book):
    found = bontang_book.findings[bontang_book.findings.code == "level_text_mismatch"]
    flagged = {
        (src.split("!")[0].strip("'"), iid)
        for src, iid in zip(found.source, found.indicator_id, strict=True)
    }
    # The ten cells of the seed (lines 174, 209, 330, 406, 411, 564, 565, 590, 592, 993) ...
    seed_cells = {
        ("PENILAIAN MANDIRI", "3"), ("PENILAIAN MANDIRI", "13"),
        ("TL SEMUA", "6"), ("TL SEMUA", "22"), ("TL SEMUA", "24"),
        ("DKIS", "5"), ("DKIS", "6"), ("DKIS", "22"), ("DKIS", "24"), ("HUKUM", "15"),
    }  # fmt: skip
    # ... and the two all-indicators cells that build_samples.py fills from the DKIS and
    # HUKUM sheets because the printout lost them (indicators 5 and 15).
    reconstructed = {("TL SEMUA", "5"), ("TL SEMUA", "15")}
    assert flagged == seed_cells | reconstructed
    assert all("level-4 criterion" in m for m in found.message)
    ind = bontang_book.indicators.set_index("indicator_id")
    assert ind.loc["13", "evaluator_level"] == 3  # never changed on the strength of the text
    assert ind.loc["13", "evaluator_level_by_text"] == 4
    assert ind.loc["22", "maturity_level_by_text"] == 4 and ind.loc["22", "maturity_level"] == 3
    # an evaluator's reason is not a criterion: no level by text, no finding
    assert pd.isna(ind.loc["20", "evaluator_level_by_text"])


def test_2018_texts_read_under_the_2020_criteria_give_no_level(tmp_path):
    """The 2018 criteria texts are not the 2020 ones: no level by text, no finding."""
    import dataclasses

    from spbe_xl.writers import write_followup

    book = read_workbook(FOLLOWUP_XLSX)
    indicators = book.indicators[book.indicators.indicator_no <= 10]
    small = dataclasses.replace(
        book, indicators=indicators, meta=dataclasses.replace(book.meta, framework="spbe2020")
    )
    path = write_followup(small, tmp_path / "x.xlsx")
    back = read_workbook(path, framework="spbe2020")
    assert back.meta.framework == "spbe2020"
    assert back.indicators.maturity_level_by_text.isna().all()
    assert "level_text_mismatch" not in set(back.findings.code)


@pytest.mark.parametrize("suffix", [".ods", ".xls"])
def test_opendocument_and_legacy_excel_read_like_the_xlsx(suffix, followup_book):
    """tests/data holds the follow-up sample saved by LibreOffice as .ods and .xls."""
    book = read_workbook(DATA / f"bontang-2018-tindak-lanjut{suffix}")
    _assert_same_frames(book, followup_book)
    assert book.meta.signature == followup_book.meta.signature.__class__(
        **{**followup_book.meta.signature.__dict__, "source": book.meta.signature.source}
    )
    assert [s.name for s in book.meta.sheets] == [s.name for s in followup_book.meta.sheets]
