"""The track workbook (writers.write_track), read back with openpyxl."""

from __future__ import annotations

import openpyxl
import pytest

from spbe_xl import rules, writers
from spbe_xl.writing.track import (
    SHEET_TRACK_AGENCIES,
    SHEET_TRACK_INDICATORS,
    SHEET_TRACK_ROUNDS,
    track_headers,
)
from tests.scoring.test_track import KEPT, NOT_KEPT, _later, _with_actions


@pytest.fixture(scope="module")
def track(bontang_book):
    earlier = _with_actions(bontang_book, KEPT + NOT_KEPT, 2019)
    later = _later(bontang_book, 2019, {iid: 1 for iid in KEPT})
    return rules.track([earlier, later])


def test_headers_are_indonesian():
    assert track_headers(["official_2019", "planned_2019", "agency", "x"]) == [
        "Resmi 2019",
        "Ada rencana aksi 2019",
        "Perangkat daerah",
        "x",
    ]


def test_workbook_shows_the_track(tmp_path, track):
    wb = openpyxl.load_workbook(writers.write_track(track, tmp_path / "track.xlsx"))
    assert wb.sheetnames == [SHEET_TRACK_ROUNDS, SHEET_TRACK_INDICATORS, SHEET_TRACK_AGENCIES]
    rounds = wb[SHEET_TRACK_ROUNDS]
    assert [rounds.cell(5 + k, 1).value for k in range(2)] == ["2018", "2019"]
    assert rounds.cell(6, 5).value == pytest.approx(track.rounds["index"].iloc[1])
    assert len(rounds._charts) == 1
    ind = wb[SHEET_TRACK_INDICATORS]
    headers = [c.value for c in ind[1]]
    col = headers.index("Hasil 2019")
    ids = {str(row[1].value): row[col].value for row in ind.iter_rows(min_row=2) if row[1].value}
    assert all(ids[i] == "naik" for i in KEPT) and all(ids[i] == "tetap" for i in NOT_KEPT)
    ag = wb[SHEET_TRACK_AGENCIES]
    assert ag["A1"].value == "RENCANA DAN CAPAIAN PER PERANGKAT DAERAH"
