"""``convert(on_book=...)``: the Book and Summary of each converted instansi handed to the
caller from the worker, so that nothing reads the workbooks twice."""

from __future__ import annotations

import csv
import shutil

from spbe_xl import batch, rules
from spbe_xl.readers import read_workbook
from tests.conftest import FOLLOWUP_XLSX, SAMPLES, SELF_ASSESSMENT_XLSX

DENPASAR = [
    SAMPLES / "denpasar-2021-penilaian-mandiri.xlsx",
    SAMPLES / "denpasar-2021-tindak-lanjut.xlsx",
]


def book_facts(book, summary):
    """A hook as a caller writes one: module level (it goes to the worker by name)."""
    return {
        "instansi": book.meta.instansi,
        "files": sorted(book.meta.files),
        "indicators": len(book.indicators),
        "total": summary.scores.total,
        "book": book,
    }


def failing_hook(book, summary):
    raise RuntimeError("hook broke")


def test_each_instansi_brings_back_its_book_and_summary(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in [SELF_ASSESSMENT_XLSX, FOLLOWUP_XLSX, *DENPASAR]:
        shutil.copy(path, inputs / path.name)
    result = batch.convert(inputs, tmp_path / "out", formats="csv", jobs=2, on_book=book_facts)
    assert [o.status for o in result.outcomes] == ["ok", "ok"]
    for outcome in result.outcomes:
        facts = outcome.detail
        files = sorted(outcome.files.split(", "))
        assert facts["files"] == files and facts["instansi"] == outcome.instansi
        # the same book as a reading of its files here, and the summary's index unrounded
        again = read_workbook([inputs / f for f in files])
        assert facts["indicators"] == len(again.indicators)
        assert rules.round_half_up(facts["total"]) == outcome.index
        assert facts["book"].indicators.equals(again.indicators)
    # the detail is the caller's, never a column of the reports
    with open(result.summary_csv, encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    assert "detail" not in header


def test_without_a_hook_there_is_no_detail(tmp_path):
    outcome = batch.convert_group(
        [str(SELF_ASSESSMENT_XLSX), str(FOLLOWUP_XLSX)],
        str(tmp_path / "o"),
        ["csv"],
        False,
        "folio",
        None,
    )
    assert outcome.status == "ok" and outcome.detail is None


def test_a_hook_that_raises_leaves_the_instansi_converted(tmp_path):
    out = tmp_path / "o"
    outcome = batch.convert_group(
        [str(FOLLOWUP_XLSX)], str(out), ["xlsx"], False, "folio", None, on_book=failing_hook
    )
    assert outcome.status == "ok" and outcome.detail is None
    assert "on_book: RuntimeError: hook broke" in outcome.message
    assert (out / "tindak-lanjut.xlsx").is_file()
