"""An office corrects a number with its own framework file: read, scored and written under
that file all the way (not under the packaged framework of the same round)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

import spbe_xl
import spbe_xl.framework as fw
from spbe_xl import rules
from spbe_xl.cli import main
from tests.pemdi_workbooks import pemdi_followup


def office_copy(tmp_path: Path) -> Path:
    """pemdi2026.toml with its own id and indicator 19/20 weighted 20/5 instead of 10/15
    (as if the official text said so)."""
    text = Path(fw.load("pemdi2026").source_file).read_text(encoding="utf-8")
    text = text.replace('id = "pemdi2026"', 'id = "pemdi2026-kantor"')
    for no, old, new in ((19, "10.0", "20.0"), (20, "15.0", "5.0")):
        head = f"[[indicators]]\nno = {no}\n"
        start = text.index(head)
        at = text.index(f"weight = {old}", start)
        text = text[:at] + f"weight = {new}" + text[at + len(f"weight = {old}") :]
    path = tmp_path / "pemdi2026-kantor.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_office_file_is_used_by_reader_rules_and_writer(tmp_path):
    own = office_copy(tmp_path)
    f = fw.load(own)
    assert (f.id, f.weight(19), f.weight(20)) == ("pemdi2026-kantor", 20.0, 5.0)
    workbook = pemdi_followup(tmp_path / "tl.xlsx")
    book = spbe_xl.read_workbook(workbook, framework=str(own))
    assert book.meta.framework == str(own)  # the file, so that it is loaded again
    packaged = rules.index_scores(spbe_xl.read_workbook(workbook).indicators)
    summary = rules.summarize(book)
    # aspect 7: values 1.0 and 1.3 -> 20 x 1.0 + 5 x 1.3 instead of 10 x 1.0 + 15 x 1.3
    assert summary.scores.total - packaged.total == pytest.approx((10 * 1.0 - 10 * 1.3) / 100)
    assert summary.scores.framework == "pemdi2026-kantor"


def test_cli_convert_with_an_office_framework_file(tmp_path):
    own = office_copy(tmp_path)
    (tmp_path / "in").mkdir()
    workbook = pemdi_followup(tmp_path / "in" / "tl.xlsx")
    result = CliRunner().invoke(
        main, ["convert", str(workbook), "-o", str(tmp_path / "out"), "--framework", str(own)]
    )
    assert result.exit_code == 0, result.output
    with open(tmp_path / "out" / "summary.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1
    assert rows[0]["index"] == "1.21"  # 1.2413 - 0.03 (the packaged weights give 1.24)
    bad = CliRunner().invoke(main, ["convert", str(workbook), "-o", str(tmp_path / "x"),
                                    "--framework", "pemdi1999"])  # fmt: skip
    assert bad.exit_code == 2 and "neither one of" in bad.output


def test_cli_template_with_an_office_framework_file(tmp_path):
    own = office_copy(tmp_path)
    target = tmp_path / "baru.xlsx"
    result = CliRunner().invoke(
        main, ["template", str(target), "--year", "2026", "--framework", str(own)]
    )
    assert result.exit_code == 0, result.output
    assert "pemdi2026-kantor" in result.output
    book = spbe_xl.read_workbook(target, framework=str(own))
    assert book.meta.framework == str(own) and len(book.indicators) == 20
