"""The plan workbook (writers.write_plan): what it shows, read back with openpyxl."""

from __future__ import annotations

import dataclasses

import openpyxl
import pytest

from spbe_xl import rules, writers
from spbe_xl.writing.plan import PLAN_ID_HEADER, SHEET_PLAN_SUMMARY


@pytest.fixture(scope="module")
def bontang_plan(bontang_book):
    return rules.plan(bontang_book, "Sangat Baik")


def _find(ws, text):
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(f"{text!r} not on {ws.title}")


def test_summary_shows_the_plan(tmp_path, bontang_plan):
    path = writers.write_plan(bontang_plan, tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET_PLAN_SUMMARY]
    now = _find(ws, "Indeks saat ini")
    assert ws.cell(now.row, 4).value == pytest.approx(bontang_plan.index_before)
    assert ws.cell(now.row, 6).value == "Baik"
    after = _find(ws, "Indeks setelah rencana")
    assert ws.cell(after.row, 6).value == "Sangat Baik"
    # the step table: row 0 the index now, then every step with the index after it
    head = _find(ws, "Indeks setelah langkah")
    climb = [
        ws.cell(head.row + 1 + k, head.column).value for k in range(len(bontang_plan.steps) + 1)
    ]
    assert climb[0] == pytest.approx(bontang_plan.index_before)
    assert climb[1:] == pytest.approx(bontang_plan.steps["index_after"].tolist())
    assert len(ws._charts) == 1
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    # one sheet per agency with steps, holding exactly its steps
    assert len(wb.sheetnames) == 1 + len(bontang_plan.by_agency)
    total = 0
    for name in wb.sheetnames[1:]:
        sheet = wb[name]
        id_head = _find(sheet, PLAN_ID_HEADER)
        ids = []
        r = id_head.row + 2
        while sheet.cell(r, id_head.column).value is not None:
            ids.append(str(sheet.cell(r, id_head.column).value))
            r += 1
        total += len(ids)
        assert ids, name
    assert total == bontang_plan.by_agency["n_steps"].sum()


def test_agency_sheet_has_criterion_evidence_and_empty_action_cells(tmp_path, bontang_plan):
    path = writers.write_plan(bontang_plan, tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(path)
    step = bontang_plan.steps.set_index("indicator_id").loc["25"]
    ws = next(wb[n] for n in wb.sheetnames[1:] if wb[n]["A2"].value == "BAGIAN ORGANISASI SETDA")
    cell = _find(ws, 25)
    row = [c.value for c in ws[cell.row]]
    assert row[3] == 2 and row[4] == 3
    assert row[5] == step["criterion"]
    assert row[6] == step["evidence_now"]
    assert row[8] is None and all(v is None for v in row[9:21])  # to fill in
    assert _find(ws, "RENCANA AKSI TAHUN 2019")


def test_text_is_never_a_formula(tmp_path, bontang_plan):
    steps = bontang_plan.steps.copy()
    steps.loc[0, "criterion"] = '=HYPERLINK("http://x")'
    plan = dataclasses.replace(bontang_plan, steps=steps)
    path = writers.write_plan(plan, tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate)


def test_unreachable_and_empty_plans_are_written(tmp_path, bontang_book):
    done = rules.plan(bontang_book, "Baik")  # reached already: no step
    wb = openpyxl.load_workbook(writers.write_plan(done, tmp_path / "a.xlsx"))
    assert wb.sheetnames == [SHEET_PLAN_SUMMARY]
    far = rules.plan(bontang_book, "Memuaskan")
    wb = openpyxl.load_workbook(writers.write_plan(far, tmp_path / "b.xlsx"))
    ws = wb[SHEET_PLAN_SUMMARY]
    assert ws.cell(_find(ws, "Target tercapai").row, 4).value == "TIDAK"
