"""spbe_xl.writing.sheetnames: agency sheet names."""

from __future__ import annotations

import re

import openpyxl
import pandas as pd

from spbe_xl.readers import normalize_agency, read_workbook
from spbe_xl.writers import agency_sheet_names, write_followup
from tests.writer_books import NASTY_AGENCIES, expected_indicators, make_book


def test_sheet_names_are_valid_unique_and_readable():
    reserved = ["TINDAK LANJUT", "RINGKASAN", "PENILAIAN MANDIRI", "TANPA PENANGGUNG JAWAB"]
    names = agency_sheet_names(NASTY_AGENCIES, reserved)
    assert set(names) == set(NASTY_AGENCIES)
    seen = {r.casefold() for r in reserved}
    for agency, name in names.items():
        assert 1 <= len(name.encode("utf-16-le")) // 2 <= 31, (agency, name)
        assert not re.search(r"[\[\]:*?/\\]", name), (agency, name)
        assert not name.startswith("'") and not name.endswith("'"), (agency, name)
        assert name.casefold() != "history"
        assert name.casefold() not in seen, (agency, name)
        seen.add(name.casefold())
    assert names["Bagian Organisasi Setda"] == "BAG ORGANISASI"
    assert names["Dinas Komunikasi, Informatika dan Statistik"] == "DKIS"
    assert names["Dinas Kesehatan, Informatika dan Sosial"] == "DKIS (2)"
    assert names["Bagian Organisasi Sekretariat Daerah"] == "BAG ORGANISASI (2)"
    assert names["../../etc"] == "ETC"
    assert names["A/B:C*?"] == "A-B-C"
    assert names["Ringkasan"] == "RINGKASAN (2)"
    assert names["CON"] == "CON"
    assert names["x" * 40] == "X" * 31
    assert names["X" * 40] == "X" * 27 + " (2)"


def test_nasty_agency_names_make_a_valid_workbook(tmp_path):
    # (Not "Bagian Organisasi Sekretariat Daerah" nor "X" * 40: the reader reads those as
    # the same agencies as "Bagian Organisasi Setda" and "x" * 40.)
    agencies = [
        a
        for a in NASTY_AGENCIES
        if a.strip() and a not in ("Bagian Organisasi Sekretariat Daerah", "X" * 40)
    ]
    book = make_book(
        [
            {"indicator_id": str(k + 1), "maturity_level": 1, "responsible_agency_raw": agency}
            for k, agency in enumerate(agencies)
        ]
    )
    path = tmp_path / "n.xlsx"
    back = read_workbook(write_followup(book, path, fill_explanations=False))
    # *_level_by_text are the reader's reading of the explanations, not data of the book
    derived = [c for c in back.indicators.columns if c.endswith("_level_by_text")]
    pd.testing.assert_frame_equal(
        back.indicators.drop(columns=["file", "source", *derived]),
        expected_indicators(book).drop(columns=derived),
    )
    wb = openpyxl.load_workbook(path)
    titles = {wb[s.name]["A3"].value for s in back.meta.sheets if s.kind == "agency_followup"}
    assert {f"PERANGKAT DAERAH: {normalize_agency(a)}" for a in agencies} == titles
