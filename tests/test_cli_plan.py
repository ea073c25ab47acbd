"""The plan and track commands (issue 17), end to end."""

from __future__ import annotations

import openpyxl
import pandas as pd
from click.testing import CliRunner

from spbe_xl.cli import main
from tests.conftest import FOLLOWUP_XLSX, SELF_ASSESSMENT_XLSX

BONTANG = [str(SELF_ASSESSMENT_XLSX), str(FOLLOWUP_XLSX)]


def test_plan_prints_the_steps():
    result = CliRunner().invoke(main, ["plan", *BONTANG, "--exclude", "13=anggaran"])
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert "2.68 Baik -> 3.50 Sangat Baik in 21 step(s)" in first and "reached" in first
    assert "Indicator 13: excluded by the user." in result.output
    planned = [line.split()[1] for line in result.output.splitlines()[2:]]
    assert len(planned) == 21 and "13" not in planned


def test_plan_writes_the_workbook_and_csv(tmp_path):
    out = tmp_path / "rencana.xlsx"
    result = CliRunner().invoke(main, ["plan", *BONTANG, "--target", "3.2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "RINGKASAN RENCANA"
    again = CliRunner().invoke(main, ["plan", *BONTANG, "-o", str(out)])
    assert again.exit_code == 1 and "--overwrite" in again.output
    csv = tmp_path / "steps.csv"
    result = CliRunner().invoke(main, ["plan", *BONTANG, "--max-step", "2", "-o", str(csv)])
    assert result.exit_code == 0, result.output
    steps = pd.read_csv(csv, encoding="utf-8-sig")
    assert steps["indicator_id"].astype(str).value_counts().max() <= 2


def test_plan_refuses_an_unknown_target():
    result = CliRunner().invoke(main, ["plan", *BONTANG, "--target", "Luar biasa"])
    assert result.exit_code == 2 and "predicate" in result.output


def test_track_two_rounds_from_written_workbooks(tmp_path, bontang_book):
    """The later round is written from the sample with some plans kept, then both rounds
    are read back from their workbooks by the command."""
    from spbe_xl import writers
    from tests.scoring.test_track import (
        FELL,
        KEPT,
        NOT_KEPT,
        UNPLANNED_RAISE,
        _later,
        _with_actions,
    )

    earlier = _with_actions(bontang_book, KEPT + NOT_KEPT, 2019)
    later = _later(bontang_book, 2019, {i: 1 for i in KEPT} | {UNPLANNED_RAISE: 1, FELL: -1})
    writers.write_followup(earlier, tmp_path / "tl-2018.xlsx")
    writers.write_followup(later, tmp_path / "tl-2019.xlsx")
    out = tmp_path / "track.xlsx"
    result = CliRunner().invoke(
        main,
        [
            "track",
            str(tmp_path / "tl-2018.xlsx"),
            str(tmp_path / "tl-2019.xlsx"),
            "-o",
            str(out),
            "--csv",
            str(tmp_path / "csv"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "2018 -> 2019 with a plan   : raised 4, held 3, fell 0" in result.output
    assert "without a plan: raised 1, held 28, fell 1" in result.output
    assert out.exists()
    follow = pd.read_csv(tmp_path / "csv" / "follow-through.csv", encoding="utf-8-sig")
    assert follow["planned"].sum() == len(KEPT) + len(NOT_KEPT)


def test_track_needs_two_rounds():
    result = CliRunner().invoke(main, ["track", *BONTANG])
    assert result.exit_code == 1 and "two or more rounds" in result.output
