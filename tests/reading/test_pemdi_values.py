"""Decimal values by the framework's value type: a score in pemdi2026, an unreadable level
in SPBE; a Pemdi follow-up workbook in an office layout read, converted and scored."""

from __future__ import annotations

import openpyxl
import pytest

import spbe_xl
from spbe_xl import rules
from spbe_xl.reading.scores import parse_score
from tests import variants
from tests.conftest import FOLLOWUP_XLSX
from tests.pemdi_workbooks import pemdi_followup

PEMDI = spbe_xl.framework.load("pemdi2026")


@pytest.mark.parametrize(
    ("typed", "value"),
    [("3,25", 3.25), ("3.25", 3.25), (3.25, 3.25), ("1,1667", 1.1667), ("NILAI 2,5", 2.5),
     ("2,50 (Terkelola)", 2.5), ("4", 4.0), (" 1,00 ", 1.0)],
)  # fmt: skip
def test_a_decimal_is_read_with_either_separator(typed, value):
    assert parse_score(typed) == value


@pytest.mark.parametrize("typed", ["3,25 / 3,5", "2-3", "03:00", "-1,5", "tiga", True, None, ""])
def test_what_is_not_one_decimal(typed):
    assert parse_score(typed) is None


def test_3_25_is_an_unreadable_level_in_spbe2018(tmp_path):
    # every LEVEL 3 of the Bontang follow-up (its main and agency sheets) typed as 3,25
    grids = variants.load(FOLLOWUP_XLSX)
    for grid in grids:
        variants.map_cells(grid, lambda v: "3,25" if v == "LEVEL 3" else v)
    path = variants.save(grids, tmp_path / "tl.xlsx")
    before = spbe_xl.read_workbook(FOLLOWUP_XLSX).indicators.set_index("indicator_id")
    threes = before.index[before["maturity_level"] == 3].tolist()
    assert len(threes) == 15
    book = spbe_xl.read_workbook(path)
    assert book.meta.framework == "spbe2018"
    assert book.indicators["maturity_level"].dtype == "Int64"
    bad = book.findings[book.findings["code"] == "unreadable_level"]
    assert set(bad["indicator_id"]) == set(threes)
    assert all("'3,25'" in m for m in bad["message"])
    after = book.indicators.set_index("indicator_id")["maturity_level"]
    assert after[threes].isna().all()  # left empty: never 3, never 3.25


def pd_isna(value):
    import pandas as pd

    return bool(pd.isna(value))


def test_the_office_pemdi_workbook_reads_as_scores(tmp_path):
    book = spbe_xl.read_workbook(pemdi_followup(tmp_path / "tl-pemdi.xlsx"))
    assert (book.meta.framework, book.meta.year) == ("pemdi2026", 2026)
    assert book.meta.instansi == "Pemerintah Kabupaten Aceh Tengah"
    assert book.indicators["maturity_level"].dtype == "Float64"
    values = dict(
        zip(book.indicators["indicator_id"], book.indicators["maturity_level"], strict=True)
    )
    assert values["3"] == 1.26 and values["13"] == 1.1667 and values["17"] == 2.5
    assert values["1"] == 2.0 and values["15"] == 1.0  # "2,00" as text, "1" as text
    assert book.findings.empty
    assert book.indicators["domain_no"].isna().all()
    assert book.indicators["aspect_no"].tolist() == [
        1, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 6, 6, 6, 6, 7, 7
    ]  # fmt: skip


def test_a_level_text_in_a_pemdi_workbook_is_its_score_and_junk_stays_unreadable(tmp_path):
    path = pemdi_followup(tmp_path / "tl.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    cells = {ws.cell(r, 1).value: ws.cell(r, 3) for r in range(1, ws.max_row + 1)}
    cells[1].value = "LEVEL 3"
    cells[2].value = "1,5 / 2,0"
    wb.save(path)
    book = spbe_xl.read_workbook(path)
    values = book.indicators.set_index("indicator_id")["maturity_level"]
    assert values["1"] == 3.0
    assert pd_isna(values["2"])
    bad = book.findings[book.findings["code"] == "unreadable_level"]
    assert bad["indicator_id"].tolist() == ["2"]


def test_the_pemdi_workbook_converts_to_the_official_followup_and_scores(tmp_path):
    book = spbe_xl.read_workbook(pemdi_followup(tmp_path / "office.xlsx"))
    out = spbe_xl.write_followup(book, tmp_path / "tindak-lanjut.xlsx")
    again = spbe_xl.read_workbook(out)
    assert again.meta.framework == "pemdi2026" and again.findings.empty
    assert again.indicators["maturity_level"].tolist() == book.indicators["maturity_level"].tolist()
    ws = openpyxl.load_workbook(out)["TINDAK LANJUT"]
    texts = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert any("EVALUASI KINERJA PEMERINTAH DIGITAL" in str(t) for t in texts)
    assert 1.26 in texts and 2.5 in texts  # the numbers, not LEVEL 1 / LEVEL 2
    assert not any(str(t).startswith("LEVEL") for t in texts)
    assert not any(str(t).startswith("DOMAIN") for t in texts)
    result = rules.index_scores(again.indicators, framework=again.meta.framework)
    # the Aceh Tengah figures (pemdi-framework.md §6): index 1,24, aspects as published
    assert PEMDI.publish(result.total) == 1.24
    assert [PEMDI.publish(x) for x in result.by_aspect["index"]] == [
        1.75, 1.28, 1.0, 1.17, 1.08, 1.4, 1.18
    ]  # fmt: skip
    # the summary sheet shows decimals, not levels cut from them
    summary = openpyxl.load_workbook(out)["RINGKASAN"]
    shown = [c.value for row in summary.iter_rows() for c in row]
    assert 1.26 in shown


def test_a_pemdi_self_assessment_with_evidence_per_level(tmp_path):
    from tests.pemdi_workbooks import pemdi_self_assessment

    own = pemdi_self_assessment(tmp_path / "mandiri.xlsx")
    book = spbe_xl.read_workbook([own, pemdi_followup(tmp_path / "tl.xlsx")])
    assert book.meta.framework == "pemdi2026" and book.findings.empty
    frame = book.indicators.set_index("indicator_id")
    assert frame["self_level"].dtype == "Float64"
    assert (frame.loc["1", "self_level"], frame.loc["17", "self_level"]) == (2.5, 3.0)
    assert frame.loc["20", "self_level"] == 2.0 and frame.loc["1", "maturity_level"] == 2.0
    evidence = book.evidence[book.evidence["kind"] == "self"]
    assert len(evidence) == 40
    assert evidence["text"].str.match(r"I\d+-L1-0[12] ").all()  # I{n}-L{level}-{nn}
    deltas = rules.level_deltas(book.indicators, framework="pemdi2026")
    table = deltas.table.set_index("indicator_id")
    assert table.loc["1", "self_minus_official"] == pytest.approx(0.5)
    assert table.loc["3", "self_minus_official"] == pytest.approx(0.24)
    # self values 1.5 everywhere but 2.5 (w 5), 3.0 (w 4) and 2.0 (w 15)
    expected = (1.5 * 76 + 2.5 * 5 + 3.0 * 4 + 2.0 * 15) / 100
    assert deltas.self_index.total == pytest.approx(expected)
