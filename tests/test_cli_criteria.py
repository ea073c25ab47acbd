"""``--criteria FILE`` (an office's level criteria, docs/criteria.md) on the command line:
template, validate and convert read and write with the office's texts."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import spbe_xl.framework as fw
from spbe_xl.cli import main
from tests.conftest import SAMPLES, SELF_ASSESSMENT_XLSX
from tests.reading.test_level_texts import _builder

F2020 = fw.load("spbe2020")
# The office words a level-2 criterion of indicator 3 of its own (no packaged level reads so).
OFFICE_TEXT = (
    "Instansi telah menetapkan surat edaran tentang tata kelola data induk yang berlaku "
    "untuk sebagian perangkat daerah dan diumumkan di laman resmi"
)


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture()
def office(tmp_path: Path) -> Path:
    path = tmp_path / "kriteria-kantor.csv"
    path.write_text(f'indicator_no,level,criterion\n3,2,"{OFFICE_TEXT}."\n', encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Kota Denpasar's 2021 self-assessment (spbe2020) whose indicator 3 says LEVEL 4 with
    the office's level-2 text as its explanation."""
    with open(SAMPLES / "denpasar-2021.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["indicator_no"] == "3":
            row["self_level"], row["note"] = "4", OFFICE_TEXT
    path: Path = tmp_path_factory.mktemp("criteria") / "pm-2021.xlsx"
    _builder().build_penilaian_mandiri(rows).save(path)
    return path


def _mismatch_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "level_text_mismatch" in line]


def test_validate_checks_labels_against_the_office_criteria(workbook, office):
    plain = run("validate", workbook)
    assert not any("indicator 3" in line for line in _mismatch_lines(plain.output))
    with_office = run("validate", workbook, "--criteria", office)
    (line,) = [x for x in _mismatch_lines(with_office.output) if "indicator 3:" in x]
    assert "the label says LEVEL 4" in line and "the explanation is the level-2 criterion" in line
    # the rest of the output is the same (one more warning)
    assert len(_mismatch_lines(with_office.output)) == len(_mismatch_lines(plain.output)) + 1


def test_convert_reads_with_the_office_criteria_in_its_workers(workbook, office, tmp_path):
    out = tmp_path / "out"
    result = run("convert", workbook, "-o", out, "--to", "csv", "--criteria", office)
    assert result.exit_code == 0, result.output
    (findings_csv,) = out.glob("*/findings.csv")
    with open(findings_csv, encoding="utf-8-sig", newline="") as fh:
        found = [r for r in csv.DictReader(fh) if r["code"] == "level_text_mismatch"]
    three = [r for r in found if r["indicator_id"] == "3"]
    assert len(three) == 1 and "level-2 criterion" in three[0]["message"]


def test_a_criteria_file_that_does_not_fit_the_framework_stops_first(workbook, tmp_path):
    bad = tmp_path / "kriteria.csv"
    bad.write_text("indicator_no,level,criterion\n47,3,Teks.\n", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "convert",
            str(workbook),
            "-o",
            str(tmp_path / "o"),
            "--framework",
            "spbe2018",
            "--criteria",
            str(bad),
        ],
    )
    assert result.exit_code == 2
    assert "--criteria" in result.output and "line 2" in result.output
    assert not (tmp_path / "o").exists()
    # without --framework it is put over each book's framework as the book is read: the
    # spbe2020 book takes it, Bontang's spbe2018 book (indicators 1-35) cannot
    assert "criteria file" not in run("validate", workbook, "--criteria", bad).output
    result = run("validate", SELF_ASSESSMENT_XLSX, "--criteria", bad)
    assert result.exit_code == 1
    assert "the criteria file does not fit spbe2018" in result.output


def test_template_writes_the_office_criteria(office, tmp_path):
    path = tmp_path / "t.xlsx"
    result = run("template", path, "--year", "2024", "--criteria", office)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(path)["KRITERIA"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1]}
    assert rows["3|LEVEL 2"][3] == OFFICE_TEXT + "."
    assert rows["3|LEVEL 3"][3] == F2020.criterion(3, 3)
    plain = tmp_path / "p.xlsx"
    run("template", plain, "--year", "2024")
    sheet = openpyxl.load_workbook(plain)["KRITERIA"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1]}
    assert rows["3|LEVEL 2"][3] == F2020.criterion(3, 2)


def test_template_rejects_criteria_that_do_not_fit(tmp_path):
    bad = tmp_path / "kriteria.csv"
    bad.write_text("indicator_no,level,criterion\n40,3,Teks.\n", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["template", str(tmp_path / "t.xlsx"), "--framework", "spbe2018", "--criteria", str(bad)],
    )
    assert result.exit_code == 2 and "--criteria" in result.output
    assert not (tmp_path / "t.xlsx").exists()


def test_plan_takes_the_office_criteria_for_the_level_to_reach(tmp_path):
    """``plan --criteria``: the criterion of the level a step reaches is the office's text
    where its file has one, the packaged one elsewhere."""
    office = tmp_path / "kriteria-kantor.csv"
    office.write_text(
        'indicator_no,level,criterion\n43,3,"Kriteria kantor untuk indikator 43 level 3."\n',
        encoding="utf-8",
    )
    out = tmp_path / "plan.csv"
    inputs = sorted(str(p) for p in SAMPLES.glob("denpasar-2021-*.xlsx"))
    result = run("plan", *inputs, "--criteria", office, "-o", out)
    assert result.exit_code == 0, result.output
    with open(out, encoding="utf-8-sig", newline="") as fh:
        steps = {(r["indicator_id"], r["level_to"]): r["criterion"] for r in csv.DictReader(fh)}
    assert steps[("43", "3.0")] == "Kriteria kantor untuk indikator 43 level 3."
    assert steps[("44", "3.0")] == F2020.criterion(44, 3)
