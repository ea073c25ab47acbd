"""Hostile and broken workbooks, interrupted batches: nothing crashes, hangs or is lost.

Cases that could take the interpreter down if a guard failed (decompression bombs, a cell
at XFD1048576) run in a child process with a memory limit and a time limit.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import shutil
import signal
import subprocess
import sys
import time
import typing
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spbe_xl import ReadError, read_workbook
from spbe_xl.findings import Severity
from tests import bad_corpus, variants
from tests.conftest import FOLLOWUP_XLSX, SELF_ASSESSMENT_XLSX
from tests.reading.test_container import REFUSED

BAD = bad_corpus.BAD
ROOT = Path(__file__).resolve().parent.parent


def test_the_committed_corpus_is_what_the_script_makes(tmp_path):
    made = bad_corpus.small_cases(tmp_path)
    committed = {p.name for p in BAD.iterdir() if p.is_file()}
    assert set(made) <= committed
    assert set(REFUSED) <= committed


def test_macro_workbook_reads_its_values_and_macros_go_nowhere(tmp_path):
    book = read_workbook(BAD / "macros.xlsm")
    assert len(book.indicators) == 37
    from spbe_xl.writers import write_followup

    out = write_followup(book, tmp_path / "out.xlsx")
    with zipfile.ZipFile(out) as archive:
        assert not any("vba" in n.lower() for n in archive.namelist())


# --------------------------------------------------------------------------- hostile text


def test_hostile_text_stays_text_in_every_output(tmp_path):
    hostile = ["=cmd|' /C calc'!A0", "+SUM(A1:A9)", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]
    grids = variants.load(FOLLOWUP_XLSX)
    counter = iter(range(10**6))

    def change(value):
        if isinstance(value, str) and value.startswith("Laporan pemantauan"):
            return hostile[next(counter) % len(hostile)]
        return value

    for grid in grids:
        variants.map_cells(grid, change)
    inbox = tmp_path / "in"
    inbox.mkdir()
    variants.save(grids, inbox / "tl.xlsx")
    from click.testing import CliRunner

    from spbe_xl.cli import main

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["convert", str(inbox), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    folder = out / "pemerintah-kota-bontang-2018"
    with open(folder / "evidence.csv", encoding="utf-8-sig", newline="") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    leaked = [t for t in texts if t and t[0] in "=+-@\t\r"]
    assert leaked == []
    assert sum(t.startswith("'") for t in texts) >= len(hostile)
    with zipfile.ZipFile(folder / "tindak-lanjut.xlsx") as archive:
        for part in archive.namelist():
            if part.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(part) or part.endswith("sheet_summary.xml")
    back = read_workbook(folder / "tindak-lanjut.xlsx")
    # the reader trims surrounding whitespace (a leading tab or CR), the rest is kept as text
    assert {h.strip() for h in hostile} <= set(back.evidence.text.dropna())


# --------------------------------------------------------------------------- interrupted batches


def _corpus(folder: Path, count: int) -> None:
    grids = variants.load(FOLLOWUP_XLSX)
    for i in range(count):
        title = f"KABUPATEN CONTOH {i:02d}"
        copy = [variants.Grid(g.name, [list(r) for r in g.rows], list(g.merges)) for g in grids]
        for grid in copy:
            variants.map_cells(
                grid, lambda v, t=title: v.replace("KOTA BONTANG", t) if isinstance(v, str) else v
            )
        variants.save(copy, folder / f"tl-{i:02d}.xlsx")


def _convert_command(inbox: Path, out: Path, *options: str) -> list[str]:
    """``spbe-xl convert`` in a child interpreter, as a user runs it."""
    return [sys.executable, "-m", "spbe_xl", "convert", str(inbox), "-o", str(out), *options]


def _complete(folder: Path) -> bool:
    """Every final-named output in an instansi folder is whole."""
    for path in folder.iterdir():
        if path.suffix == ".xlsx":
            read_workbook(path)
        elif path.suffix == ".csv":
            with open(path, encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.reader(handle))
            assert (rows and rows[0][0] == "indicator_id") or rows[0][0] == "severity"
    return True


def test_killed_batch_leaves_nothing_half_written_and_a_rerun_finishes(tmp_path):
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    _corpus(inbox, 8)
    command = _convert_command(inbox, out, "--jobs", "2")
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # kill once some instansi are written, not all
        done = list(out.glob("*/tindak-lanjut.xlsx")) if out.exists() else []
        if len(done) >= 2:
            break
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    folders = [p for p in out.iterdir() if p.is_dir()]
    for folder in folders:
        assert _complete(folder)
    rerun = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert rerun.returncode == 0, rerun.stderr
    folders = sorted(p for p in out.iterdir() if p.is_dir())
    assert len(folders) == 8
    for folder in folders:
        assert sorted(p.name for p in folder.iterdir()) == [
            "actions.csv", "evidence.csv", "findings.csv", "indicators.csv",
            "responsibilities.csv", "tindak-lanjut.xlsx",
        ]  # fmt: skip
        assert _complete(folder)
    assert not list(out.rglob("*.tmp"))


def test_two_conversions_into_one_folder_at_once(tmp_path):
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    _corpus(inbox, 4)
    command = _convert_command(inbox, out, "--jobs", "1", "--overwrite")
    first = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    second = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert first.wait(timeout=300) == 0, first.stderr.read()
    assert second.wait(timeout=300) == 0, second.stderr.read()
    for folder in out.iterdir():
        if folder.is_dir():
            assert _complete(folder)
    assert not list(out.rglob("*.tmp"))


# --------------------------------------------------------------------------- fuzzing

_SAMPLE_BYTES = FOLLOWUP_XLSX.read_bytes()
_SAMPLE_GRIDS = variants.load(FOLLOWUP_XLSX)


def _mutated_zip(data: bytes, choice: int, position: int, value: int) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    target_name = names[choice % len(names)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            content = source.read(name)
            if name == target_name:
                mode = value % 3
                if mode == 0 and content:  # flip a byte
                    i = position % len(content)
                    content = content[:i] + bytes([content[i] ^ (value | 1)]) + content[i + 1 :]
                elif mode == 1:  # truncate the part
                    content = content[: position % (len(content) + 1)]
                else:  # drop the part
                    continue
            dst.writestr(name, content)
    return out.getvalue()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(choice=st.integers(0, 50), position=st.integers(0, 10**6), value=st.integers(0, 255))
def test_fuzz_zip_parts_only_read_error_escapes(tmp_path, choice, position, value):
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(_mutated_zip(_SAMPLE_BYTES, choice, position, value))
    start = time.perf_counter()
    with contextlib.suppress(ReadError):
        read_workbook(path)
    assert time.perf_counter() - start < 10


_cell_values = st.one_of(
    st.none(),
    st.integers(-5, 99),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(["LEVEL 3", "LEVEL 9", "Level", "35-1", "35-9", "DOMAIN 2", "ASPEK 9", "INDIKATOR", "ADA", "✓",
                     "BONTANG, 1 JANUARI 2020", "MENGETAHUI :", "NIP. 1", "JAN", "TAHUN 2020", "=1+1", ""]),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30),  # what a cell can hold
    st.sampled_from([" ", "   ", "\t", " \n ", "\r\n"]),  # typed over with blanks
    st.booleans(),
    st.integers(-(2**53), 2**53),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    st.times(),
)  # fmt: skip


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    edits=st.lists(
        st.tuples(st.integers(0, 10), st.integers(0, 200), st.integers(0, 15), _cell_values),
        max_size=40,
    ),
    merges=st.lists(
        st.tuples(st.integers(0, 120), st.integers(0, 15), st.integers(0, 4), st.integers(0, 3)),
        max_size=6,
    ),
)
def test_fuzz_cells_and_merges_only_read_error_escapes(tmp_path, edits, merges):
    grids = [
        variants.Grid(g.name, [list(r) for r in g.rows], list(g.merges)) for g in _SAMPLE_GRIDS
    ]
    for sheet_no, r, c, value in edits:
        grid = grids[sheet_no % len(grids)]
        if r < len(grid.rows) and c < len(grid.rows[r]):
            grid.rows[r][c] = value
    for r, c, height, width in merges:
        grid = grids[0]
        taken = {
            (rr, cc)
            for r0, c0, r1, c1 in grid.merges
            for rr in range(r0, r1 + 1)
            for cc in range(c0, c1 + 1)
        }
        cells = {(rr, cc) for rr in range(r, r + height + 1) for cc in range(c, c + width + 1)}
        if not cells & taken and r + height < len(grid.rows):
            grid.merges.append((r, c, r + height, c + width))
    path = variants.save(grids, tmp_path / "fuzz.xlsx", formulas=True)
    try:
        book = read_workbook(path)
    except ReadError:
        return
    assert set(book.findings.severity) <= set(typing.get_args(Severity))  # error, warning, info


def test_inputs_are_never_modified_even_when_refused(tmp_path):
    for name in ("truncated.xlsx", "formulas-no-cache.xlsx", "macros.xlsm"):
        copy = shutil.copy(BAD / name, tmp_path / name)
        before = Path(copy).read_bytes()
        with contextlib.suppress(ReadError):
            read_workbook(copy)
        assert Path(copy).read_bytes() == before
    copy = shutil.copy(SELF_ASSESSMENT_XLSX, tmp_path / "pm.xlsx")
    before = Path(copy).read_bytes()
    openpyxl.load_workbook(copy)  # sanity: still a workbook
    read_workbook(copy)
    assert Path(copy).read_bytes() == before


def _children(pid: int) -> set[int]:
    """The process ids of ``pid``'s children (Linux /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_stops_the_pool_kills_the_workers_and_says_what_was_done(tmp_path, signum):
    """Before issue 15, SIGTERM ended the main process and left its workers alive and
    writing with no owner (Ctrl-C was fine)."""
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    _corpus(inbox, 8)
    process = subprocess.Popen(
        _convert_command(inbox, out, "--jobs", "2"),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # stop once some instansi are written, not all
        workers |= _children(process.pid)
        done = list(out.glob("*/tindak-lanjut.xlsx")) if out.exists() else []
        if len(done) >= 2 and workers:
            break
        time.sleep(0.02)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signum, stderr
    assert f"stopped by {signal.Signals(signum).name}" in stderr
    assert "converted before (their outputs complete)" in stderr
    time.sleep(0.5)
    assert not [pid for pid in workers if _alive(pid)]  # no worker goes on writing
    for folder in (p for p in out.iterdir() if p.is_dir()):
        assert _complete(folder)
    assert not list(out.rglob("*.tmp"))
    written = len(list(out.glob("*/tindak-lanjut.xlsx")))
    time.sleep(1)
    assert len(list(out.glob("*/tindak-lanjut.xlsx"))) == written  # nothing goes on


# --------------------------------------------------------------------------- values (issue 15)


def test_level_texts_are_one_whole_level_or_an_error_quoting_the_cell(tmp_path):
    """A level cell's text is one whole level (a number, LEVEL n, a word beside it, full-width
    digits and letters, Excel's roman numeral signs) or, holding anything else with a number
    (a decimal, a range, two levels, a sign, a time, a contradicting word), no level and an
    unreadable_level error quoting the cell (before: cut to its first number, silently)."""
    path, placed = bad_corpus.level_texts(tmp_path / "levels.xlsx")
    assert len(placed) == len(bad_corpus.LEVEL_TEXTS)
    book = read_workbook(path)
    levels = book.indicators.set_index("indicator_id")["self_level"]
    errors = book.findings[book.findings.code == "unreadable_level"]
    quoted = dict(zip(errors.indicator_id, errors.message, strict=True))
    for text, indicator in placed.items():
        expected = bad_corpus.LEVEL_TEXTS[text]
        if expected is None:
            assert levels[indicator] is pd.NA, text
            assert quoted[indicator].startswith(repr(text)), (text, quoted.get(indicator))
        else:
            assert levels[indicator] == expected, text
            assert indicator not in quoted, text


def test_a_text_longer_than_an_excel_cell_is_read_whole_with_a_warning(tmp_path):
    """A cell text over Excel's 32,767 characters (another program wrote the file): a
    warning naming the file, the sheet, the cell and the length; the book and the CSV keep
    the whole text (before: no finding)."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    path, text = bad_corpus.long_text_cell(inbox / "panjang.xlsx")
    assert len(text) == 40_000
    book = read_workbook(path)
    found = book.findings[book.findings.code == "text_over_excel_limit"]
    assert found[["severity", "file", "source"]].values.tolist() == [
        ["warning", "panjang.xlsx", f"'TL SEMUA'!{bad_corpus.LONG_TEXT_CELL}"]
    ]
    assert "'TL SEMUA'!F12 holds a text of 40,000 characters" in found.message.iloc[0]
    assert book.indicators.set_index("indicator_id").loc["1", "recommendation"] == text
    from click.testing import CliRunner

    from spbe_xl.cli import main

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["convert", str(inbox), "-o", str(out), "--to", "csv"])
    assert result.exit_code == 0, result.output
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    with open(folder / "indicators.csv", encoding="utf-8-sig", newline="") as handle:
        rows = {row["indicator_id"]: row for row in csv.DictReader(handle)}
    assert rows["1"]["recommendation"] == text


def test_a_text_longer_than_an_excel_cell_is_cut_in_the_workbook_only(tmp_path):
    """``convert`` to a workbook writes such a text cut to what a cell holds, ending with a
    note of its length; the CSV beside it keeps the whole text (before: the writer refused
    the text and the instansi failed)."""
    from click.testing import CliRunner

    from spbe_xl.cli import main
    from spbe_xl.writing.layout import EXCEL_MAX_TEXT

    inbox = tmp_path / "in"
    inbox.mkdir()
    _, text = bad_corpus.long_text_cell(inbox / "panjang.xlsx")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["convert", str(inbox), "-o", str(out)])
    assert result.exit_code == 0, result.output
    (workbook,) = out.glob("*/*.xlsx")
    cells = [
        c.value
        for ws in openpyxl.load_workbook(workbook, read_only=True).worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith(text[:200])
    ]
    assert cells and all(len(v) == EXCEL_MAX_TEXT for v in cells)
    assert all(
        v.endswith("(teks dipotong: 40,000 karakter; teks lengkap di berkas CSV)") for v in cells
    )
    assert all(text.startswith(v.partition(" [...] (teks dipotong")[0]) for v in cells)
    (csv_file,) = out.glob("*/indicators.csv")
    with open(csv_file, encoding="utf-8-sig", newline="") as handle:
        rows = {row["indicator_id"]: row for row in csv.DictReader(handle)}
    assert rows["1"]["recommendation"] == text
