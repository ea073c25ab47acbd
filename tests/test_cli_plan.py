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
    assert "Indikator 13: dikecualikan oleh pengguna." in result.output
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


def test_convert_fills_rencana_aksi_from_a_plan_and_round_trips(tmp_path, bontang_book):
    import dataclasses

    from spbe_xl import readers, rules, writers
    from spbe_xl.book import ACTION_COLUMNS, frame_from_records
    from tests.reading.test_planbook import OFFICE_PLAN, office_fills

    plan = rules.plan(bontang_book, "Sangat Baik")
    plan_path = writers.write_plan(plan, tmp_path / "rencana.xlsx")
    office_fills(plan_path)  # the office's own action for 25, in JAN and PEB
    office = frame_from_records(
        [{"indicator_id": "26", "year": 2019, "month": 6, "text": "Teks kantor"}], ACTION_COLUMNS
    )
    received = tmp_path / "in" / "tindak-lanjut-bontang.xlsx"
    received.parent.mkdir()
    writers.write_followup(
        dataclasses.replace(bontang_book, actions=office), received, schedule_year=2019
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["convert", str(received), "-o", str(out), "--plan", str(plan_path)]
    )
    assert result.exit_code == 0, result.output
    assert f"{len(plan.steps) - 1} indicator(s) filled" in result.output
    written = next(out.glob("*/tindak-lanjut.xlsx"))
    book = readers.read_workbook(written)
    acts = book.actions
    # a follow-up holds an action as its RENCANA AKSI cell (no month) and its JADWAL marks
    office_26 = acts[acts["indicator_id"] == "26"]
    assert set(office_26["text"]) == {"Teks kantor"} and set(office_26["month"].dropna()) == {6}
    own = acts[acts["indicator_id"] == "25"]
    assert set(own["text"]) == {OFFICE_PLAN} and set(own["month"].dropna()) == {1, 2}
    planned = set(plan.steps["indicator_id"])
    assert set(acts["indicator_id"]) == planned
    for iid in planned - {"25", "26"}:
        texts = set(acts[acts["indicator_id"] == iid]["text"])
        assert len(texts) == 1 and texts.pop().startswith("Mencapai Level")
    # converting the converted follow-up with the same plan adds nothing
    again = CliRunner().invoke(
        main, ["convert", str(written), "-o", str(tmp_path / "out2"), "--plan", str(plan_path)]
    )
    assert again.exit_code == 0, again.output
    assert "0 indicator(s) filled" not in again.output  # nothing to fill: no message
    book2 = readers.read_workbook(next((tmp_path / "out2").glob("*/tindak-lanjut.xlsx")))

    def rows(frame):
        return sorted(
            tuple("" if pd.isna(v) else str(v) for v in row)
            for row in frame[["indicator_id", "year", "month", "text"]].itertuples(index=False)
        )

    assert rows(book2.actions) == rows(acts)


def test_readme_plan_example_runs(tmp_path, monkeypatch, capsys):
    """The README's "after the results" Python example, after its first example."""
    import re

    from tests.conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    example = next(b for b in blocks if "rules.plan(" in b)
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(blocks[0], "README.md", "exec"), namespace)
    capsys.readouterr()
    exec(compile(example, "README.md", "exec"), namespace)
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "21 3.5 Sangat Baik"
    assert (tmp_path / "rencana.xlsx").exists()
