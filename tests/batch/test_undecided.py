"""convert on Pemdi workbooks without year or names: one whose decimals decide is converted
under pemdi2026; one whose framework cannot be told fails, nothing written for it, until
it is converted again with --framework."""

from __future__ import annotations

import csv

from spbe_xl import batch
from tests.pemdi_workbooks import TYPED_VALUES, pemdi_followup

NEUTRAL = "TINDAK LANJUT HASIL EVALUASI"
WHOLE = {n: int(float(str(v).replace(",", "."))) for n, v in TYPED_VALUES.items()}


def test_convert_fails_an_undecided_book_and_converts_it_under_framework(tmp_path):
    inbox = tmp_path / "kiriman"
    inbox.mkdir()
    pemdi_followup(inbox / "a.xlsx", year=None, names=False, values=WHOLE, heading=NEUTRAL)
    pemdi_followup(
        inbox / "b.xlsx",
        year=None,
        names=False,
        heading=NEUTRAL,
        instansi="PEMERINTAH KABUPATEN BENER MERIAH",
    )
    result = batch.convert(inbox, tmp_path / "out", formats="xlsx,csv")
    by_file = {o.files: o for o in result.outcomes}
    assert by_file["b.xlsx"].status == "ok" and by_file["b.xlsx"].index == 1.24  # as published
    failed = by_file["a.xlsx"]
    assert failed.status == "failed" and failed.output is None
    assert "the framework is not certain" in failed.message
    assert failed.message.endswith("nothing written: convert it again with --framework")
    assert not (tmp_path / "out" / "pemerintah-kabupaten-aceh-tengah").exists()
    with open(result.errors_csv, encoding="utf-8-sig", newline="") as fh:
        (row,) = list(csv.DictReader(fh))
    assert row["file"] == "a.xlsx" and "candidates: pemdi2026, spbe2018, spbe2020" in row["error"]
    # told the framework, it is converted: the whole values are the Pemdi values 1.00 ...
    again = batch.convert(inbox / "a.xlsx", tmp_path / "out2", framework="pemdi2026")
    (outcome,) = again.outcomes
    assert outcome.status == "ok" and outcome.index is not None
