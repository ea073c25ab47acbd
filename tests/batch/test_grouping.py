"""Grouping workbooks by instansi, and their output folder names."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from spbe_xl.batch import convert
from spbe_xl.batch.grouping import Group, group_inputs, output_names, safe_slug
from spbe_xl.readers import TitleInfo
from tests import variants
from tests.conftest import FOLLOWUP_XLSX, SELF_ASSESSMENT_XLSX

BAD = Path(__file__).parents[1] / "data" / "bad"


def test_group_inputs_puts_the_two_bontang_samples_together():
    groups, unreadable = group_inputs([SELF_ASSESSMENT_XLSX, FOLLOWUP_XLSX, BAD / "empty.xlsx"])
    assert [(g.instansi, g.year, g.paths) for g in groups] == [
        ("Pemerintah Kota Bontang", 2018, [SELF_ASSESSMENT_XLSX, FOLLOWUP_XLSX])
    ]
    assert [(p.name, "empty" in m) for p, m in unreadable] == [("empty.xlsx", True)]
    assert groups[0].reason == (
        "2 files of Pemerintah Kota Bontang 2018, the titles normalised: "
        "bontang-2018-penilaian-mandiri.xlsx: 'DI LINGKUNGAN PEMERINTAH KOTA BONTANG', "
        "no year: the instansi's only year; "
        "bontang-2018-tindak-lanjut.xlsx: 'DI LINGKUNGAN PEMERINTAH KOTA BONTANG TAHUN 2018'"
    )


def test_output_names_are_safe_and_unique():
    groups = [
        Group("file:a", None, None, [Path("../../etc/passwd.xlsx")]),
        Group("file:b", None, None, [Path("x/CON.xlsx")]),
        Group("k|2018", "Pemerintah Kota Bontang", 2018, [Path("a.xlsx")]),
        Group("file:c", None, None, [Path("y/Pemerintah Kota Bontang 2018.xlsx")]),
    ]
    names = output_names(groups)
    assert len(set(names.values())) == 4
    for name in names.values():
        assert "/" not in name and ".." not in name and name.lower() != "con"
    assert (
        safe_slug("Dinas Komunikasi, Informatika & Statistik")
        == "dinas-komunikasi-informatika-statistik"
    )
    assert safe_slug("../..") == "instansi"


def _bontang_pm_titled(tmp_path: Path, title: str) -> Path:
    """The Bontang self-assessment with its instansi line reworded."""
    grids = variants.load(SELF_ASSESSMENT_XLSX)
    for grid in grids:
        variants.map_cells(
            grid,
            lambda v: title if v == "DI LINGKUNGAN PEMERINTAH KOTA BONTANG" else v,
        )
    path = tmp_path / "pm.xlsx"
    variants.save(grids, path)
    return path


@pytest.mark.parametrize("title", ["PEMERINTAH KOTA BONTANG", "KOTA BONTANG"])
def test_two_title_wordings_of_one_instansi_group_together(tmp_path, title):
    pm = _bontang_pm_titled(tmp_path, title)
    groups, unreadable = group_inputs([pm, FOLLOWUP_XLSX])
    assert not unreadable
    assert [(g.instansi, g.year, g.paths) for g in groups] == [
        ("Pemerintah Kota Bontang", 2018, [pm, FOLLOWUP_XLSX])
    ]
    reason = groups[0].reason
    assert reason.startswith("2 files of Pemerintah Kota Bontang 2018")
    assert f"pm.xlsx: {title!r}, no year" in reason
    assert "'DI LINGKUNGAN PEMERINTAH KOTA BONTANG TAHUN 2018'" in reason


def test_titles_group_by_the_normalised_instansi_and_year():
    paths = [Path(f"{n}.xlsx") for n in "abcde"]
    titles = [
        TitleInfo("Pemerintah Kabupaten Badung", 2021, "KAB. BADUNG", "EVALUASI SPBE 2021"),
        TitleInfo("Pemerintah Kabupaten Badung", 2021, "DI LINGKUNGAN PEMERINTAH KABUPATEN BADUNG TAHUN 2021", "DI LINGKUNGAN PEMERINTAH KABUPATEN BADUNG TAHUN 2021"),
        TitleInfo("Pemerintah Kabupaten Badung", 2022, "PEMERINTAH KABUPATEN BADUNG", "sheet name 'TL 2022'"),
        TitleInfo(None, 2021, None, "TAHUN 2021"),
        ("KAB BADUNG", 2021),  # an (instansi, year) pair: normalised too
    ]  # fmt: skip
    groups, _ = group_inputs(paths, titles)
    by_key = {(g.instansi, g.year): g for g in groups}
    assert by_key[("Pemerintah Kabupaten Badung", 2021)].paths == [paths[0], paths[1], paths[4]]
    assert by_key[("Pemerintah Kabupaten Badung", 2022)].paths == [paths[2]]
    assert "the only file of Pemerintah Kabupaten Badung 2022" in (
        by_key[("Pemerintah Kabupaten Badung", 2022)].reason
    )
    assert (
        "year from \"sheet name 'TL 2022'\"" in by_key[("Pemerintah Kabupaten Badung", 2022)].reason
    )
    assert by_key[(None, 2021)].reason == "no instansi in its titles: converted alone"
    reason = by_key[("Pemerintah Kabupaten Badung", 2021)].reason
    assert "a.xlsx: 'KAB. BADUNG', year from 'EVALUASI SPBE 2021'" in reason


def test_the_summary_says_why_files_were_grouped(tmp_path):
    pm = _bontang_pm_titled(tmp_path, "KOTA BONTANG")
    result = convert([pm, FOLLOWUP_XLSX], tmp_path / "out", formats="csv", jobs=1)
    with result.summary_csv.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["instansi"], r["year"], r["status"]) for r in rows] == [
        ("Pemerintah Kota Bontang", "2018", "ok")
    ]
    assert rows[0]["grouped"].startswith("2 files of Pemerintah Kota Bontang 2018")
    assert "pm.xlsx: 'KOTA BONTANG', no year" in rows[0]["grouped"]
