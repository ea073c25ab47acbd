"""The spbe-xl command, through click's CliRunner and through a real subprocess."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from spbe_xl import read_workbook
from spbe_xl.cli import main
from tests import variants
from tests.benchmark_corpus import generated_corpus
from tests.conftest import FOLLOWUP_XLSX, SAMPLES, SELF_ASSESSMENT_XLSX

BONTANG = "pemerintah-kota-bontang-2018"


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, env=env)


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture()
def mixed_batch(tmp_path: Path) -> Path:
    """The two Bontang workbooks plus four broken files, in nested folders."""
    inbox = tmp_path / "kiriman"
    (inbox / "kota").mkdir(parents=True)
    (inbox / "rusak").mkdir()
    shutil.copy(SELF_ASSESSMENT_XLSX, inbox / "kota")
    shutil.copy(FOLLOWUP_XLSX, inbox / "kota")
    (inbox / "rusak" / "acak.xlsx").write_bytes(os.urandom(3000))
    (inbox / "rusak" / "kosong.xlsx").write_bytes(b"")
    with zipfile.ZipFile(inbox / "rusak" / "bukan-excel.xlsx", "w") as archive:
        archive.writestr("a.txt", "halo")
    workbook = openpyxl.Workbook()
    workbook.active.append(["Nama", "Alamat"])
    workbook.save(inbox / "rusak" / "daftar-tamu.xlsx")
    (inbox / "catatan.txt").write_text(
        "bukan workbook"
    )  # not a workbook suffix: ignored in folders
    return inbox


def test_help_lists_every_command():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("convert", "score", "rollup", "validate", "template", "recap", "frameworks"):
        assert command in result.output


def test_convert_the_samples(tmp_path):
    out = tmp_path / "out"
    result = run("convert", str(SAMPLES), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.output
    folder = out / BONTANG
    assert sorted(p.name for p in folder.iterdir()) == [
        "actions.csv", "evidence.csv", "findings.csv", "indicators.csv",
        "responsibilities.csv", "tindak-lanjut.xlsx",
    ]  # fmt: skip
    indicators = _rows(folder / "indicators.csv")
    assert len(indicators) == 37
    assert {r["indicator_id"] for r in indicators} >= {"1", "35-3"}
    # the regenerated workbook reads back to the same levels
    written = read_workbook(folder / "tindak-lanjut.xlsx").indicators.set_index("indicator_id")
    original = read_workbook([SELF_ASSESSMENT_XLSX, FOLLOWUP_XLSX]).indicators.set_index(
        "indicator_id"
    )
    assert written.maturity_level.equals(original.maturity_level)
    summary = {(r["instansi"], r["year"]): r for r in _rows(out / "summary.csv")}
    # both bundled samples, each an instansi of its own round and framework
    assert set(summary) == {
        ("Pemerintah Kota Bontang", "2018"),
        ("Pemerintah Kota Denpasar", "2021"),
    }
    assert all(r["status"] == "ok" for r in summary.values())
    assert summary[("Pemerintah Kota Denpasar", "2021")]["index"] == "3.19"
    assert (out / "pemerintah-kota-denpasar-2021" / "tindak-lanjut.xlsx").exists()
    assert _rows(out / "errors.csv") == []
    assert "Pemerintah Kota Bontang" in result.output


def test_mixed_batch_goes_on_and_reports_each_broken_file(tmp_path, mixed_batch):
    out = tmp_path / "out"
    result = run("convert", str(mixed_batch), "-o", str(out), "--jobs", "2")
    assert result.exit_code == 1
    assert (out / BONTANG / "tindak-lanjut.xlsx").exists()
    assert len(_rows(out / BONTANG / "indicators.csv")) == 37
    errors = {Path(r["file"]).name: r["error"] for r in _rows(out / "errors.csv")}
    assert set(errors) == {"acak.xlsx", "kosong.xlsx", "bukan-excel.xlsx", "daftar-tamu.xlsx"}
    assert "not an Excel" in errors["acak.xlsx"]
    assert "empty" in errors["kosong.xlsx"]
    assert "zip" in errors["bukan-excel.xlsx"]
    assert "no sheet has an SPBE indicator table" in errors["daftar-tamu.xlsx"]
    assert "4 of 5 failed" in result.output
    for name, error in errors.items():  # the file is in its own column, not again
        assert not error.startswith(name), error
        assert f"{name}: {name}" not in result.output
    # nothing half-written is left behind
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_rerun_skips_or_overwrites_and_never_touches_inputs(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    for source in (SELF_ASSESSMENT_XLSX, FOLLOWUP_XLSX):
        shutil.copy(source, inbox)
    before = {p.name: p.read_bytes() for p in inbox.iterdir()}
    out = tmp_path / "out"
    assert run("convert", str(inbox), "-o", str(out), "-j", "1").exit_code == 0
    target = out / BONTANG / "tindak-lanjut.xlsx"
    stamp = target.stat().st_mtime_ns
    again = run("convert", str(inbox), "-o", str(out), "-j", "1")
    assert again.exit_code == 0 and "skipped" in again.output
    assert target.stat().st_mtime_ns == stamp
    assert run("convert", str(inbox), "-o", str(out), "-j", "1", "--overwrite").exit_code == 0
    assert target.stat().st_mtime_ns != stamp
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [".spbe-xl-output", BONTANG, "errors.csv", "summary.csv"]
    )
    assert {p.name: p.read_bytes() for p in inbox.iterdir()} == before


def test_two_instansi_with_the_same_file_names_do_not_collide(tmp_path):
    def rename(title: str):
        def change(grid):
            variants.map_cells(
                grid, lambda v: v.replace("KOTA BONTANG", title) if isinstance(v, str) else v
            )

        return change

    for folder, title in (("a", "KOTA BONTANG"), ("b", "KABUPATEN KUTAI TIMUR")):
        (tmp_path / folder).mkdir()
        grids = variants.load(FOLLOWUP_XLSX)
        for grid in grids:
            rename(title)(grid)
        variants.save(grids, tmp_path / folder / "tindak-lanjut.xlsx")
    out = tmp_path / "out"
    result = run("convert", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(out), "-j", "1")
    assert result.exit_code == 0, result.output
    assert (out / BONTANG / "tindak-lanjut.xlsx").exists()
    assert (out / "pemerintah-kabupaten-kutai-timur-2018" / "tindak-lanjut.xlsx").exists()


def test_csv_cells_that_look_like_formulas_are_quoted(tmp_path):
    grids = variants.load(FOLLOWUP_XLSX)
    for grid in grids:
        variants.map_cells(
            grid,
            lambda v: '=HYPERLINK("http://x","klik")' if v == "Bagian Hukum Setda" else v,
        )
    inbox = tmp_path / "in"
    inbox.mkdir()
    variants.save(grids, inbox / "tl.xlsx")
    out = tmp_path / "out"
    assert run("convert", str(inbox), "-o", str(out), "-j", "1").exit_code == 0
    rows = _rows(out / BONTANG / "indicators.csv")
    agency = {r["indicator_id"]: r["responsible_agency"] for r in rows}
    assert agency["15"].startswith("'=HYPERLINK")
    # and in the workbook it is a text, not a formula
    with zipfile.ZipFile(out / BONTANG / "tindak-lanjut.xlsx") as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any(
            b"HYPERLINK" in archive.read(n) and b"<f>" in archive.read(n) for n in sheets
        )


BONTANG_PAIR = (str(SELF_ASSESSMENT_XLSX), str(FOLLOWUP_XLSX))


def test_score_refuses_two_instansi_at_once():
    result = CliRunner().invoke(main, ["score", str(SAMPLES), "--skip-missing"])
    assert result.exit_code == 2
    assert "Pemerintah Kota Bontang 2018" in result.output
    assert "Pemerintah Kota Denpasar 2021" in result.output


def test_score_text_and_json():
    result = run("score", *BONTANG_PAIR, "--skip-missing")
    assert result.exit_code == 0, result.output
    assert "Indeks SPBE" in result.output and "Aspek 7" in result.output
    data = json.loads(run("score", *BONTANG_PAIR, "--skip-missing", "--json").output)
    assert data["instansi"] == "Pemerintah Kota Bontang"
    assert 0 <= data["index"] <= 5 and data["predicate"] in (
        "Kurang",
        "Cukup",
        "Baik",
        "Sangat Baik",
        "Memuaskan",
    )
    assert [d["domain_no"] for d in data["domains"]] == [1, 2, 3]


def test_score_without_skip_names_the_missing_level():
    result = CliRunner().invoke(main, ["score", str(FOLLOWUP_XLSX)])
    assert result.exit_code == 1
    assert "13" in result.output and "--skip-missing" in result.output


def test_rollup_to_csv_and_xlsx(tmp_path):
    result = run("rollup", *BONTANG_PAIR, "-o", str(tmp_path / "r.csv"))
    assert result.exit_code == 0, result.output
    rows = _rows(tmp_path / "r.csv")
    assert any(
        r["responsible_agency"] == "Dinas Komunikasi, Informatika dan Statistik" for r in rows
    )
    assert run("rollup", *BONTANG_PAIR, "-o", str(tmp_path / "r.xlsx")).exit_code == 0
    assert openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames


def test_validate_exit_codes(tmp_path, mixed_batch):
    ok = run("validate", str(SAMPLES))
    assert ok.exit_code == 0, ok.output
    assert "evaluator_vs_maturity" in ok.output
    # each finding names its file, sheet and cell (before: the sheet was left out, and an
    # agency sheet's N10 read as the main sheet's)
    assert "bontang-2018-tindak-lanjut.xlsx BPKAD!N10  agency 'Badan" in ok.output
    assert "bontang-2018-tindak-lanjut.xlsx 'TL SEMUA'!D16" in ok.output
    bad = CliRunner().invoke(main, ["validate", str(mixed_batch)])
    assert bad.exit_code == 1
    assert "kosong.xlsx" in bad.output


def test_template_reads_back(tmp_path):
    target = tmp_path / "baru.xlsx"
    result = run("template", str(target), "--instansi", "Pemerintah Kota Contoh", "--year", "2019",
                 "--agency", "Dinas Komunikasi dan Informatika", "--agency", "Bagian Organisasi")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "(spbe2018, PermenPANRB No. 5 Tahun 2018: 2018-2020)" in result.output
    book = read_workbook(target)
    assert len(book.indicators) == 35 and book.indicators.maturity_level.isna().all()
    again = CliRunner().invoke(main, ["template", str(target)])
    assert again.exit_code == 1 and "exists" in again.output


def _level_dropdown(path: Path) -> str:
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    found = re.search(r'<dataValidation type="list"[^>]*><formula1>"(LEVEL [^"]+)"', xml)
    assert found, "no level dropdown"
    return found.group(1)


def test_the_2020_round_is_still_spbe2018(tmp_path):
    """The 2020 round was evaluated under 5/2018 (a published 2020 report reproduces under
    its 35 indicators: tests/data/published/madiun-2020): its template is spbe2018's."""
    target = tmp_path / "2020.xlsx"
    result = run("template", str(target), "--instansi", "Pemerintah Kota Contoh", "--year", "2020")
    assert result.exit_code == 0, result.output
    book = read_workbook(target)
    assert (book.meta.framework, book.meta.year) == ("spbe2018", 2020)
    assert len(book.indicators) == 35
    assert "framework_year_uncovered" not in set(book.findings["code"])


def test_template_year_picks_the_framework_of_that_round(tmp_path):
    target = tmp_path / "2021.xlsx"
    result = run("template", str(target), "--instansi", "Pemerintah Kota Contoh", "--year", "2021")
    assert result.exit_code == 0, result.output
    assert "spbe2020" in result.output
    book = read_workbook(target)
    assert (book.meta.framework, book.meta.year) == ("spbe2020", 2021)
    assert book.indicators["indicator_id"].tolist() == [str(n) for n in range(1, 48)]
    assert not (book.findings["severity"] == "error").any()
    assert _level_dropdown(target) == ",".join(f"LEVEL {n}" for n in range(1, 6))


@pytest.mark.parametrize("year", ["2017", "2010"])
def test_template_year_without_a_packaged_framework_refuses(tmp_path, year):
    target = tmp_path / "t.xlsx"
    result = CliRunner().invoke(main, ["template", str(target), "--year", year])
    assert result.exit_code == 2, result.output
    assert f"no packaged framework applies to the {year} evaluation round" in result.output
    assert "spbe2018 2018-2020, spbe2020 2021-2025, pemdi2026 2026-" in result.output
    assert not target.exists()
    # --framework writes it anyway, with a note
    result = CliRunner().invoke(
        main, ["template", str(target), "--year", year, "--framework", "spbe2020"]
    )
    assert result.exit_code == 0, result.output
    assert f"spbe2020 is the framework of the 2021-2025 rounds, not of {year}" in result.output
    assert len(read_workbook(target, framework="spbe2020").indicators) == 47


def test_recap_of_two_instansi(tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    grids = variants.load(FOLLOWUP_XLSX)
    for grid in grids:
        variants.map_cells(
            grid, lambda v: v.replace("KOTA BONTANG", "KOTA SAMARINDA") if isinstance(v, str) else v
        )
    variants.save(grids, folder / "tl.xlsx")
    target = tmp_path / "recap.xlsx"
    result = run("recap", str(FOLLOWUP_XLSX), str(folder), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "2 instansi" in result.output
    workbook = openpyxl.load_workbook(target)
    text = " ".join(
        str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value
    )
    assert "Pemerintah Kota Samarinda" in text and "Pemerintah Kota Bontang" in text


def test_frameworks_lists_the_three():
    result = run("frameworks")
    assert result.exit_code == 0
    assert "spbe2018" in result.output and "spbe2020" in result.output
    assert "pemdi2026: Evaluasi Kinerja Pemerintah Digital 2026" in result.output
    assert "[disputed]" in result.output and "Rounds 2026-" in result.output
    data = json.loads(run("frameworks", "--json").output)
    assert set(data) == {"spbe2018", "spbe2020", "pemdi2026"}
    pemdi = data["pemdi2026"]
    assert pemdi["domains"] == [] and len(pemdi["aspects"]) == 7
    assert pemdi["values"] == {"type": "score", "decimals": 2} and pemdi["rounds"] == "2026-"
    assert {m["status"] for m in pemdi["level_meanings"]} == {"disputed"}
    assert [e["indicator_no"] for e in pemdi["externals"]] == [5, 6, 7, 18]
    assert data["spbe2020"]["values"] == {"type": "level", "decimals": 0}


def test_usage_errors_exit_2(tmp_path):
    assert CliRunner().invoke(main, ["convert", str(SAMPLES)]).exit_code == 2  # no -o
    assert (
        CliRunner()
        .invoke(main, ["convert", str(tmp_path / "nothing*.xlsx"), "-o", str(tmp_path)])
        .exit_code
        == 2
    )
    assert (
        CliRunner()
        .invoke(main, ["convert", str(SAMPLES), "-o", str(tmp_path), "--to", "pdf"])
        .exit_code
        == 2
    )


def _console(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "spbe_xl", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_real_subprocess_mixed_batch(tmp_path, mixed_batch):
    help_run = _console("--help")
    assert help_run.returncode == 0 and "convert" in help_run.stdout
    out = tmp_path / "out"
    result = _console("convert", str(mixed_batch), "-o", str(out))
    assert result.returncode == 1, result.stderr
    assert (out / BONTANG / "tindak-lanjut.xlsx").exists()
    assert len(_rows(out / "errors.csv")) == 4
    assert "failed" in result.stderr
    assert _console("convert", "-o", str(out)).returncode == 2


def test_parallel_convert_gives_the_serial_outputs(tmp_path, mixed_batch):
    """Titles are read and instansi converted in the worker pool with --jobs 2: the groups,
    tables, reports and exit status must be those of --jobs 1."""
    generated_corpus(mixed_batch / "generated", 6)
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = run("convert", str(mixed_batch), "-o", str(out), "--jobs", jobs)
        assert result.exit_code == 1, result.output
        outputs[jobs] = {
            str(p.relative_to(out)): p.read_bytes()
            for p in sorted(out.rglob("*"))
            if p.is_file() and p.suffix == ".csv"
        }
    serial, parallel = outputs["1"], outputs["2"]
    assert serial.keys() == parallel.keys()
    assert len([k for k in serial if k.endswith("indicators.csv")]) >= 7  # 6 + Bontang
    for name in serial:
        if name == "summary.csv":
            continue  # holds the output folders, which differ (out1 / out2)
        assert serial[name] == parallel[name], name
    summaries = [
        [
            {k: v for k, v in row.items() if k != "output"}
            for row in _rows(tmp_path / d / "summary.csv")
        ]
        for d in ("out1", "out2")
    ]
    assert summaries[0] == summaries[1]


def test_agency_aliases_on_every_command_that_reads(tmp_path):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text(
        "alias,agency\nInspektorat Daerah,Inspektorat Kota Bontang\n", encoding="utf-8"
    )
    result = run(
        "rollup", *BONTANG_PAIR, "-o", str(tmp_path / "r.csv"), "--agency-aliases", str(aliases)
    )
    assert result.exit_code == 0, result.output
    rows = {r["responsible_agency"]: r for r in _rows(tmp_path / "r.csv")}
    assert "Inspektorat Kota Bontang" in rows and "Inspektorat Daerah" not in rows
    assert {"n_shared", "shared_with"} <= set(next(iter(rows.values())))
    score = run("score", *BONTANG_PAIR, "--skip-missing", "--agency-aliases", str(aliases))
    assert score.exit_code == 0, score.output
    validate = run("validate", str(SAMPLES), "--agency-aliases", str(aliases))
    assert validate.exit_code == 0, validate.output
    out = tmp_path / "out"
    convert = run(
        "convert",
        str(SAMPLES),
        "-o",
        str(out),
        "--to",
        "csv",
        "-j",
        "1",
        "--agency-aliases",
        str(aliases),
    )
    assert convert.exit_code == 0, convert.output
    assert "Inspektorat Kota Bontang" in (out / BONTANG / "responsibilities.csv").read_text(
        encoding="utf-8-sig"
    )
    recap = run(
        "recap", str(SAMPLES), "-o", str(tmp_path / "recap.xlsx"), "--agency-aliases", str(aliases)
    )
    assert recap.exit_code == 0, recap.output
    bad = tmp_path / "bad.csv"
    bad.write_text("alias,agency\nInspektorat Daerah;Inspektorat\n", encoding="utf-8")
    for command in (
        ["rollup", str(SAMPLES)],
        ["score", str(SAMPLES)],
        ["validate", str(SAMPLES)],
        ["convert", str(SAMPLES), "-o", str(tmp_path / "bad-out")],
        ["recap", str(SAMPLES), "-o", str(tmp_path / "bad.xlsx")],
    ):
        result = CliRunner().invoke(main, [*command, "--agency-aliases", str(bad)])
        assert result.exit_code == 2, (command, result.output)
        assert "bad.csv, line 2: expected two columns" in result.output, command
    assert not (tmp_path / "bad-out").exists()


def test_notes_never_fail_a_strict_validation():
    # Denpasar's pair reads with no error or warning, only notes (columns not read)
    pair = [str(SAMPLES / "denpasar-2021-penilaian-mandiri.xlsx"),
            str(SAMPLES / "denpasar-2021-tindak-lanjut.xlsx")]  # fmt: skip
    result = run("validate", *pair, "--strict")
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings, 5 notes" in result.output
    assert "ignored_column" in result.output
    assert CliRunner().invoke(main, ["validate", *BONTANG_PAIR, "--strict"]).exit_code == 1


# ------------------------------------------------- outputs that cannot be written (issue 15)


def test_an_output_folder_under_a_file_is_one_line_and_exit_3(tmp_path):
    """Before issue 15: a traceback and exit 1, the code meaning "some inputs failed"."""
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("x")
    result = CliRunner().invoke(
        main, ["convert", str(FOLLOWUP_XLSX), "-o", str(blocker / "hasil"), "-j", "1"]
    )
    assert result.exit_code == 3, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith("spbe-xl: output could not be written: ")
    assert str(blocker) in lines[-1] and "Not a directory" in lines[-1]
    assert "nothing was written" in lines[-1] and "Traceback" not in result.output


def test_a_full_disk_is_one_line_and_exit_3_and_says_the_reports_are_missing(tmp_path, monkeypatch):
    import errno

    from spbe_xl import batch
    from spbe_xl.batch import outputs

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "o" / "x.csv"))

    monkeypatch.setattr(outputs, "_write_frames", full)  # the workers are forked: they see it
    monkeypatch.setattr(batch, "write_reports", full)
    result = CliRunner().invoke(
        main, ["convert", str(FOLLOWUP_XLSX), "-o", str(tmp_path / "o"), "-j", "1"]
    )
    assert result.exit_code == 3, result.output
    last = result.output.strip().splitlines()[-1]
    assert "No space left on device" in last and str(tmp_path / "o") in last
    assert "summary.csv and errors.csv were not written (0 of 1 instansi converted" in last
    assert not list((tmp_path / "o").rglob("*.tmp"))


def test_the_exit_statuses_are_in_the_help():
    text = run("convert", "--help").output
    assert "3 the outputs could not be written" in " ".join(text.split())


# ------------------------------------------- workbook text never drives the terminal (issue 15)


def _hostile_names(path: Path) -> Path:
    """The Bontang workbook with ESC, BEL and a bidi override in its instansi and agency names
    (written as Excel writes them: _x001B_, which the reader decodes)."""
    from tests import variants

    grids = variants.load(FOLLOWUP_XLSX)
    for grid in grids:
        variants.map_cells(
            grid,
            lambda v: (
                v.replace("KOTA BONTANG", "KOTA _x001B_[2J_x001B_[31mBONTANG_x0007_\u202e").replace(
                    "Dinas Komunikasi", "Dinas _x001B_]0;pwned_x0007_Komunikasi"
                )
                if isinstance(v, str)
                else v
            ),
        )
    return variants.save(grids, path)


@pytest.mark.parametrize("command", ["score", "rollup", "validate", "convert"])
def test_control_characters_from_a_workbook_are_printed_escaped(tmp_path, command):
    path = _hostile_names(tmp_path / "jahat.xlsx")
    extra = {"convert": ["-o", str(tmp_path / "o"), "-j", "1"], "score": ["--skip-missing"]}
    args = [command, str(path), *extra.get(command, [])]
    result = CliRunner().invoke(main, args)
    shown = result.output
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown, shown
    assert "\\x1b" in shown


def test_rollup_prints_a_table_that_fits_the_terminal():
    """Before issue 15: 13 columns, 6-decimal floats, 200 characters wide."""
    result = CliRunner().invoke(main, ["rollup", str(FOLLOWUP_XLSX)], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:2] == ["agency", "indicators"]
    assert all(len(line) <= 80 for line in lines), lines
    assert "0.79" in result.output and "0.792222" not in result.output
    assert "more columns" in lines[-1] and "-o FILE.xlsx" in lines[-1]
