"""spbe_xl.reading.merge.resolve_catalog: the titles' year picks the framework, the
indicators confirm it, a contradiction is an error finding."""

from __future__ import annotations

from pathlib import Path

from spbe_xl import read_workbook
from tests import variants
from tests.conftest import FOLLOWUP_XLSX

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
    book = read_workbook(_bontang_titled(tmp_path, TITLE_2018.replace("2018", "2020")))
    assert (book.meta.framework, book.meta.year) == ("spbe2018", 2020)
    found = book.findings[book.findings["code"] == "framework_year_uncovered"]
    assert found["severity"].tolist() == ["warning"]
    assert (
        "(spbe2018 2018-2019, spbe2020 2021-2025); read under spbe2018" in found.iloc[0]["message"]
    )
