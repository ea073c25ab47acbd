"""The batch engine from Python, without click: spbe_xl.batch."""

from __future__ import annotations

import contextlib
import csv
import faulthandler
import os
import shutil
from pathlib import Path

import pytest

from spbe_xl import batch
from tests.benchmark_corpus import generated_corpus
from tests.conftest import FOLLOWUP_XLSX, SAMPLES, SELF_ASSESSMENT_XLSX

BONTANG = "pemerintah-kota-bontang-2018"
BAD = Path(__file__).parent / "data" / "bad"


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_convert_a_folder_with_a_broken_file(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    for source in (SELF_ASSESSMENT_XLSX, FOLLOWUP_XLSX, BAD / "random-bytes.xlsx"):
        shutil.copy(source, inbox)
    phases = []

    @contextlib.contextmanager
    def progress(label, total):
        seen = []
        yield seen.append
        phases.append((label, total, seen))

    out = tmp_path / "out"
    result = batch.convert(inbox, out, jobs=1, progress=progress)
    assert result.exit_status == batch.EXIT_SOME_FAILED == 1
    assert [o.files for o in result.failures] == ["random-bytes.xlsx"]
    assert "not an Excel" in result.failures[0].message
    (ok,) = [o for o in result.outcomes if o.status == "ok"]
    assert ok.instansi == "Pemerintah Kota Bontang" and ok.year == 2018
    assert ok.files == "bontang-2018-penilaian-mandiri.xlsx, bontang-2018-tindak-lanjut.xlsx"
    assert ok.index is not None and ok.output == str(out / BONTANG)
    assert all(p.exists() for p in batch.expected_outputs(out / BONTANG, ["xlsx", "csv"]))
    assert len(_rows(out / BONTANG / "indicators.csv")) == 37
    assert result.errors_csv == out / "errors.csv" and result.summary_csv == out / "summary.csv"
    errors = _rows(result.errors_csv)
    assert [r["file"] for r in errors] == ["random-bytes.xlsx"]
    assert len(_rows(result.summary_csv)) == 2
    assert [(label, total) for label, total, _ in phases] == [
        ("reading titles", 3),
        ("converting", 1),
    ]
    assert phases[0][2] == [None] * 3 and phases[1][2] == [ok]
    # a re-run skips the instansi whose outputs all exist; the batch then succeeds
    again = batch.convert([str(inbox / "bontang-2018-tindak-lanjut.xlsx")], out, formats="csv")
    assert [o.status for o in again.outcomes] == ["skipped"] and again.exit_status == 0


def test_convert_refuses_bad_inputs_and_formats_before_writing(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(batch.InputNotFound, match="no such file, folder or pattern"):
        batch.convert(str(tmp_path / "nothing*.xlsx"), out)
    with pytest.raises(batch.FormatError, match="unknown format 'pdf'"):
        batch.convert(SAMPLES, out, formats=["xlsx", "pdf"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(batch.InputError, match="no workbook"):
        batch.convert(tmp_path / "empty", out)
    assert not out.exists()


def test_read_one_book_wants_one_instansi(tmp_path):
    book = batch.read_one_book(
        [
            SAMPLES / "bontang-2018-penilaian-mandiri.xlsx",
            SAMPLES / "bontang-2018-tindak-lanjut.xlsx",
        ]
    )
    assert book.meta.instansi == "Pemerintah Kota Bontang" and len(book.indicators) == 37
    with pytest.raises(batch.InputError, match="more than one instansi"):
        batch.read_one_book([SAMPLES])  # Bontang 2018 and Denpasar 2021
    (tmp_path / "empty").mkdir()
    with pytest.raises(batch.InputError, match="no workbook found"):
        batch.read_one_book([tmp_path / "empty"])


# --------------------------------------------------------------------------- a dying worker


_real_peek, _real_convert_group = batch.peek, batch.convert_group


def _peek_dies_on(path):
    if "mati-saat-dibuka" in str(path):
        os._exit(3)  # as a crash in compiled code or the OOM killer would end the worker
    return _real_peek(path)


def _convert_dies_on(paths, *rest):
    if any("mati-saat-diolah" in p for p in paths):
        faulthandler.disable()  # no traceback dump: the abort is the test
        os.abort()  # SIGABRT, as calamine failing a huge allocation ends the process
    return _real_convert_group(paths, *rest)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_worker_that_dies_fails_only_its_input(tmp_path, monkeypatch, jobs):
    """A file that kills its worker process (twice) is reported in errors.csv; the batch
    goes on and every other instansi is converted, with one worker too (before issue 15,
    ``--jobs 1`` read in the batch's own process, and one such file lost the batch)."""
    inbox = tmp_path / "in"
    generated_corpus(inbox, 5)
    shutil.copy(FOLLOWUP_XLSX, inbox / "mati-saat-dibuka.xlsx")
    victim = sorted(inbox.glob("0002-*"))
    for path in victim:
        path.rename(path.with_name(f"mati-saat-diolah-{path.name}"))
    # The workers are forked, so they see these stand-ins (pickled by reference).
    monkeypatch.setattr(batch, "peek", _peek_dies_on)
    monkeypatch.setattr(batch, "convert_group", _convert_dies_on)
    out = tmp_path / "out"
    result = batch.convert([inbox], out, jobs=jobs)
    assert result.exit_status == 1, result.outcomes
    errors = {r["file"]: r["error"] for r in _rows(out / "errors.csv")}
    assert set(errors) == {
        "mati-saat-dibuka.xlsx",
        ", ".join(sorted(f"mati-saat-diolah-{p.name}" for p in victim)),
    }, errors
    assert all("worker process died" in e for e in errors.values())
    summary = _rows(out / "summary.csv")
    assert sum(r["status"] == "ok" for r in summary) == 4
    assert len(list(out.glob("*/indicators.csv"))) == 4


def test_a_single_input_that_kills_its_reader_fails_alone(tmp_path, monkeypatch):
    """One input, one worker: the crash is a line in errors.csv, not the end of spbe-xl."""
    path = tmp_path / "mati-saat-dibuka.xlsx"
    shutil.copy(FOLLOWUP_XLSX, path)
    monkeypatch.setattr(batch, "peek", _peek_dies_on)
    result = batch.convert([path], tmp_path / "out")
    assert result.exit_status == 1
    errors = _rows(tmp_path / "out" / "errors.csv")
    assert [r["file"] for r in errors] == ["mati-saat-dibuka.xlsx"]
    assert "worker process died" in errors[0]["error"]
