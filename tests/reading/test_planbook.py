"""A plan workbook read back (readers.read_plan_actions) and merged into a book."""

from __future__ import annotations

import dataclasses

import openpyxl
import pytest

from spbe_xl import rules, writers
from spbe_xl.book import ACTION_COLUMNS, ReadError, frame_from_records
from spbe_xl.readers import add_plan_actions, read_plan_actions
from tests.conftest import FOLLOWUP_XLSX

OFFICE_PLAN = "Menyusun Peraturan Wali Kota tentang Tata Naskah Dinas Elektronik"


def office_fills(path, iid="25", text=OFFICE_PLAN, months=("JAN", "PEB")):
    """An office writes an action and marks months in the plan workbook (openpyxl)."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets[1:]:
        for row in ws.iter_rows():
            if row[1].value is not None and str(row[1].value) == iid:
                header = next(r for r in ws.iter_rows() if r[1].value == "NO. INDIKATOR")
                labels = [c.value for c in ws[header[0].row + 1]]
                ws.cell(row[0].row, 9).value = text
                for m in months:
                    ws.cell(row[0].row, labels.index(m) + 1).value = "v"
    wb.save(path)


@pytest.fixture
def plan_file(tmp_path, bontang_book):
    plan = rules.plan(bontang_book, "Sangat Baik")
    return writers.write_plan(plan, tmp_path / "rencana.xlsx"), plan


def test_reads_the_plan_steps_and_office_text(plan_file):
    path, plan = plan_file
    office_fills(path)
    got = read_plan_actions(path)
    assert (got.instansi, got.year) == ("PEMERINTAH KOTA BONTANG", 2018)
    assert set(got.actions["indicator_id"]) == set(plan.steps["indicator_id"])
    assert set(got.actions["year"]) == {2019}
    own = got.actions[got.actions["indicator_id"] == "25"]
    assert own["text"].tolist() == [OFFICE_PLAN, OFFICE_PLAN]
    assert own["month"].tolist() == [1, 2]
    other = got.actions[got.actions["indicator_id"] == "26"]
    step = plan.steps.set_index("indicator_id").loc["26"]
    assert other["text"].tolist() == [f"Mencapai Level 4: {step['criterion']}"]
    assert got.n_written == 2


def test_never_over_an_office_text(plan_file, bontang_book):
    path, plan = plan_file
    got = read_plan_actions(path)
    office = frame_from_records(
        [{"indicator_id": "26", "year": 2019, "month": None, "text": "Teks kantor"}],
        ACTION_COLUMNS,
    )
    book = dataclasses.replace(bontang_book, actions=office)
    assert got.applies_to(book)
    merged, filled = add_plan_actions(book, got)
    assert "26" not in filled and len(filled) == len(plan.steps) - 1
    assert merged.actions[merged.actions["indicator_id"] == "26"]["text"].tolist() == [
        "Teks kantor"
    ]
    again, refilled = add_plan_actions(merged, got)
    assert refilled == [] and len(again.actions) == len(merged.actions)
    other_year = dataclasses.replace(book, meta=dataclasses.replace(book.meta, year=2020))
    assert not got.applies_to(other_year)


def test_a_follow_up_is_not_a_plan():
    with pytest.raises(ReadError, match="not a plan workbook"):
        read_plan_actions(FOLLOWUP_XLSX)
