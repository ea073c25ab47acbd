"""spbe_xl.reading.merge: sheet kinds and how the book's fields come from them; the
titles' year picks the framework, the indicators confirm it, a contradiction is an error
finding."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from spbe_xl import read_workbook, rules
from tests import layouts as L
from tests import variants
from tests.conftest import FOLLOWUP_XLSX
from tests.reading.test_walk import REGENCY

TITLE_2018 = "DI LINGKUNGAN PEMERINTAH KOTA BONTANG TAHUN 2018"


def _bontang_titled(tmp_path: Path, title: str) -> Path:
    grids = variants.load(FOLLOWUP_XLSX)
    for grid in grids:
        variants.map_cells(grid, lambda v: title if v == TITLE_2018 else v)
    path = tmp_path / "tl.xlsx"
    variants.save(grids, path)
    return path


def _codes(book) -> list[str]:
    return [c for c in book.findings["code"] if c.startswith("framework_")]


def test_the_year_and_the_indicators_agree_without_a_finding():
    book = read_workbook(FOLLOWUP_XLSX)
    assert (book.meta.framework, book.meta.year) == ("spbe2018", 2018)
    assert _codes(book) == []


def test_a_2021_title_over_the_2018_indicators_is_a_contradiction(tmp_path):
    book = read_workbook(_bontang_titled(tmp_path, TITLE_2018.replace("2018", "2021")))
    assert book.meta.year == 2021
    # read under the indicators' framework (their names are 2018's), never silently
    assert book.meta.framework == "spbe2018"
    found = book.findings[book.findings["code"] == "framework_contradiction"]
    assert len(found) == 1
    row = found.iloc[0]
    assert row["severity"] == "error" and row["file"] == "tl.xlsx"
    message = row["message"]
    assert "the evaluation year 2021 (DI LINGKUNGAN PEMERINTAH KOTA BONTANG TAHUN 2021)" in message
    assert "a round of spbe2020 (2021-2025)" in message
    assert "the indicators are spbe2018's" in message
    assert "indicator names are spbe2018's; no indicator beyond 35" in message
    assert message.endswith("read under spbe2018")
    # framework= overrides: no contradiction to report
    book = read_workbook(tmp_path / "tl.xlsx", framework="spbe2018")
    assert _codes(book) == []


def test_a_year_no_framework_covers_is_a_warning(tmp_path):
    book = read_workbook(_bontang_titled(tmp_path, TITLE_2018.replace("2018", "2017")))
    assert (book.meta.framework, book.meta.year) == ("spbe2018", 2017)
    found = book.findings[book.findings["code"] == "framework_year_uncovered"]
    assert found["severity"].tolist() == ["warning"]
    assert (
        "(spbe2018 2018-2020, spbe2020 2021-2025, pemdi2026 2026-); read under spbe2018"
        in found.iloc[0]["message"]
    )


def _render(tmp_path, **choices):
    layout = replace(L.Layout.random(0), **{**REGENCY, **choices})
    truth = L.truth_for(layout)
    return truth, L.render(truth, layout, tmp_path)


@pytest.mark.parametrize("followup", ["flat", "grouped"])
def test_the_regency_pair_reads_each_sheet_as_its_kind(tmp_path, followup):
    """Issue 14's regency pair: the self-assessment's PENILAIAN MANDIRI group over TINGKAT
    KEMATANGAN is the self level, never the follow-up's maturity level."""
    truth, rendered = _render(tmp_path, followup=followup)
    book = read_workbook(rendered.paths)
    kinds = {s.name: (s.kind, s.reason) for s in book.meta.sheets}
    self_sheet, followup_sheet = rendered.sheets[0].name, rendered.sheets[1].name
    assert kinds[self_sheet][0] == "self_assessment"
    assert "group PENILAIAN MANDIRI" in kinds[self_sheet][1]
    assert kinds[followup_sheet][0] == "followup"
    assert "NILAI TINGKAT KEMATANGAN" in kinds[followup_sheet][1].upper()
    frame = book.indicators.set_index("indicator_id")
    for ind in truth.indicators:
        assert frame.loc[ind.id, "self_level"] == ind.self_level
        assert frame.loc[ind.id, "evaluator_level"] == ind.evaluator_level
        assert frame.loc[ind.id, "maturity_level"] == ind.maturity_level
    assert "ambiguous_sheet" not in set(book.findings.code)
    assert not (book.findings.severity == "error").any()
    # Kota Denpasar's published 2021 index, from the follow-up's maturity levels
    scores = rules.index_scores(book.indicators, framework="spbe2020")
    assert rules.round_half_up(scores.total) == 3.19


def test_a_self_assessment_alone_has_no_maturity_levels(tmp_path):
    truth, rendered = _render(tmp_path)
    book = read_workbook(rendered.paths[0])
    assert [s.kind for s in book.meta.sheets] == ["self_assessment"]
    assert book.indicators["maturity_level"].isna().all()
    assert list(book.indicators["self_level"]) == [i.self_level for i in truth.indicators]


def test_the_followup_alone_keeps_its_penilaian_mandiri_levels(tmp_path):
    truth, rendered = _render(tmp_path)
    book = read_workbook(rendered.paths[1])
    assert list(book.indicators["self_level"]) == [i.self_level for i in truth.indicators]
    assert list(book.indicators["maturity_level"]) == [i.maturity_level for i in truth.indicators]


def _write(path, title, header, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    if title:
        ws.append([title])
        ws.append([])
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


MIXED = ["NO", "INDIKATOR", "NILAI EVALUATOR", "NILAI TINGKAT KEMATANGAN"]
MIXED_ROWS = [[1, "Kebijakan Internal", 2, 3], [2, "Tata Kelola", 3, 3]]


def test_a_sheet_of_both_kinds_without_a_title_is_an_error_not_a_guess(tmp_path):
    book = read_workbook(_write(tmp_path / "x.xlsx", None, MIXED, MIXED_ROWS))
    (sheet,) = book.meta.sheets
    assert sheet.kind == "ambiguous" and "NILAI EVALUATOR" in sheet.reason
    errors = book.findings[book.findings.code == "ambiguous_sheet"]
    assert len(errors) == 1 and (errors.severity == "error").all()
    assert "Sheet1" in errors.iloc[0]["message"]
    assert book.indicators[["self_level", "evaluator_level", "maturity_level"]].isna().all().all()
    assert list(book.indicators["name"]) == ["Kebijakan Internal", "Tata Kelola"]


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("TINDAK LANJUT HASIL EVALUASI SPBE", "followup"),
        ("PENILAIAN MANDIRI EVALUASI SPBE 2021", "self_assessment"),
    ],
)
def test_the_title_decides_a_sheet_whose_columns_are_of_both_kinds(tmp_path, title, kind):
    book = read_workbook(_write(tmp_path / "x.xlsx", title, MIXED, MIXED_ROWS))
    (sheet,) = book.meta.sheets
    assert sheet.kind == kind and "decided by the title" in sheet.reason
    assert "ambiguous_sheet" not in set(book.findings.code)
    maturity = book.indicators["maturity_level"]
    assert maturity.notna().all() if kind == "followup" else maturity.isna().all()


def test_bontang_sheets_say_why(bontang_book):
    kinds = {(s.kind, bool(s.reason)) for s in bontang_book.meta.sheets}
    assert ("self_assessment", True) in kinds and ("followup", True) in kinds
    assert "ambiguous_sheet" not in set(bontang_book.findings.code)


def test_an_unread_column_is_named_once_per_file_and_is_no_problem(tmp_path):
    _truth, rendered = _render(tmp_path, agency_sheets="per_agency")
    book = read_workbook(rendered.paths[1])
    ignored = book.findings[book.findings.code == "ignored_column"]
    assert set(ignored.severity) == {"info"}
    assert not ignored.duplicated(["file", "message"]).any()
    assert any("DOMAIN" in m.upper() for m in ignored.message)  # the flat export's DOMAIN column
    assert len(book.errors) == 0
