"""spbe_xl.writing.schedule: the JADWAL sheet."""

from __future__ import annotations

import openpyxl

from spbe_xl import writers
from spbe_xl.writers import MARK
from tests.writer_books import assert_round_trip, make_book


def test_schedule_sheet_marks_months(tmp_path):
    book = make_book(
        [{"indicator_id": "2", "maturity_level": 2}, {"indicator_id": "9", "maturity_level": 1}],
        actions=[
            {"indicator_id": "9", "year": 2021, "month": 3, "text": "Penyusunan SOP"},
            {"indicator_id": "9", "year": 2021, "month": 5, "text": "Penyusunan SOP"},
            {"indicator_id": "2", "year": 2021, "month": 12, "text": "Rapat evaluasi"},
            {"indicator_id": "2", "year": 2021, "text": "Tanpa bulan"},
            {"indicator_id": "2", "year": 2020, "month": 1, "text": "Tahun lain"},
        ],
    )
    path = tmp_path / "j.xlsx"
    back = assert_round_trip(book, path)
    assert back.meta.schedule_year == 2021
    ws = openpyxl.load_workbook(path)["JADWAL 2021"]
    header = [ws.cell(5, c).value for c in range(3, 15)]
    assert header == list(writers.MONTHS)
    assert ws["C4"].value == "TAHUN 2021"
    rows = {
        (ws.cell(r, 1).value, ws.cell(r, 2).value): [ws.cell(r, 2 + m).value for m in range(1, 13)]
        for r in range(6, ws.max_row + 1)
    }
    assert rows[(9, "Penyusunan SOP")] == [None, None, MARK, None, MARK] + [None] * 7
    assert rows[(2, "Rapat evaluasi")][11] == MARK
    assert rows[(2, "Tanpa bulan")] == [None] * 12
    assert (2, "Tahun lain") not in rows


def test_a_follow_up_keeps_its_own_jadwal_year_when_written_again(tmp_path):
    """A follow-up whose JADWAL is for an earlier plan year (2019 of 2019-2021) is written
    again with that JADWAL and its marked months, not an empty one for the last plan year
    (the writer's default was the last plan year: the office's months were lost)."""
    from spbe_xl.readers import read_workbook

    book = make_book(
        [{"indicator_id": "2", "maturity_level": 2}, {"indicator_id": "9", "maturity_level": 1}],
        actions=[
            {"indicator_id": "9", "year": 2019, "month": 3, "text": "Penyusunan SOP"},
            {"indicator_id": "9", "year": 2019, "month": 5, "text": "Penyusunan SOP"},
            {"indicator_id": "2", "year": 2021, "text": "Rapat evaluasi"},
        ],
    )
    read = read_workbook(writers.write_followup(book, tmp_path / "a.xlsx", schedule_year=2019))
    assert read.meta.plan_years[-1] == 2021 and read.meta.schedule_year == 2019
    again = read_workbook(writers.write_followup(read, tmp_path / "b.xlsx"))
    ws = openpyxl.load_workbook(tmp_path / "b.xlsx")["JADWAL 2019"]
    marks = {
        (ws.cell(r, 1).value, m)
        for r in range(6, ws.max_row + 1)
        for m in range(1, 13)
        if ws.cell(r, 2 + m).value == MARK
    }
    assert marks == {(9, 3), (9, 5)}
    assert again.meta.schedule_year == 2019
