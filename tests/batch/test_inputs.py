"""Inputs a batch is given by unlucky offices (issue 15): a named pipe, a file whose
extension lies, the output folder inside the input folder, a name that is not UTF-8."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from spbe_xl import ReadError, batch, read_workbook
from tests.conftest import FOLLOWUP_XLSX

ROOT = Path(__file__).parents[2]
XLS = ROOT / "tests" / "data" / "bontang-2018-tindak-lanjut.xls"


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_fifo_given_by_name_is_refused_by_its_type(tmp_path):
    """Before issue 15 the container check opened the pipe to read its first bytes and
    waited forever for a writer."""
    fifo = tmp_path / "pipa.xlsx"
    os.mkfifo(fifo)
    code = (
        "import sys\nfrom spbe_xl import ReadError, read_workbook\n"
        "try:\n    read_workbook(sys.argv[1])\nexcept ReadError as exc:\n    print(exc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
    )
    assert "pipa.xlsx: not a regular file (a named pipe (FIFO))" in result.stdout, result


def test_a_folder_given_as_a_workbook_is_refused_by_its_type(tmp_path):
    with pytest.raises(ReadError, match="not a regular file"):
        read_workbook(tmp_path)


@pytest.mark.parametrize(
    ("source", "name", "kind"),
    [(FOLLOWUP_XLSX, "salah.xls", ".xlsx"), (XLS, "salah.xlsx", ".xls")],
)
def test_the_parser_is_chosen_by_the_content_and_the_mismatch_is_a_finding(
    tmp_path, source, name, kind
):
    """An .xlsx named .xls (and the reverse) was refused as damaged before issue 15."""
    path = tmp_path / name
    shutil.copy(source, path)
    book = read_workbook(path)
    assert len(book.indicators) == len(read_workbook(source).indicators)
    found = book.findings[book.findings.code == "extension_mismatch"]
    assert list(found.message) == [
        f"the file is named {path.suffix} but holds an {kind} workbook; read as {kind}"
    ]
    assert list(found.file) == [name]


def test_the_output_folder_inside_the_input_folder_is_not_read_again(tmp_path):
    """The second run read its own outputs (tindak-lanjut.xlsx) as inputs before issue 15."""
    inbox = tmp_path / "masuk"
    inbox.mkdir()
    shutil.copy(FOLLOWUP_XLSX, inbox / "bontang.xlsx")
    out = inbox / "hasil"
    first = batch.convert([inbox], out, jobs=1)
    assert [o.status for o in first.outcomes] == ["ok"]
    second = batch.convert([inbox], out, jobs=1, overwrite=True)
    assert [o.files for o in second.outcomes] == ["bontang.xlsx"]
    # A former output folder moved elsewhere under the inputs is known by its marker.
    shutil.move(str(out), str(inbox / "lama"))
    third = batch.convert([inbox], tmp_path / "baru", jobs=1)
    assert [o.files for o in third.outcomes] == ["bontang.xlsx"]


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux")
def test_a_file_name_that_is_not_utf8_reaches_the_reports(tmp_path):
    """A name unzipped from a Windows archive (cp1252 bytes): before issue 15 the report
    writer crashed with UnicodeEncodeError, leaving no summary.csv and no outputs."""
    inbox = tmp_path / "masuk"
    inbox.mkdir()
    raw = os.fsencode(inbox) + b"/Kota Bontang \xe9 2018.xlsx"
    shutil.copy(FOLLOWUP_XLSX, os.fsdecode(raw))
    with open(raw + b".broken", "wb"):
        pass
    os.rename(raw + b".broken", os.fsencode(inbox) + b"/rusak \xe9.xlsx")
    out = tmp_path / "hasil"
    result = batch.convert([inbox], out, jobs=1)
    summary = _rows(out / "summary.csv")
    assert {r["files"] for r in summary} == {"Kota Bontang \ufffd 2018.xlsx", "rusak \ufffd.xlsx"}
    assert {r["status"] for r in summary} == {"ok", "failed"}
    errors = _rows(out / "errors.csv")
    assert [r["file"] for r in errors] == ["rusak \ufffd.xlsx"]
    assert "empty" in errors[0]["error"]
    assert result.exit_status == 1
    assert len(list(out.glob("*/tindak-lanjut.xlsx"))) == 1
