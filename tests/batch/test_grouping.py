"""Grouping workbooks by instansi, and their output folder names."""

from __future__ import annotations

from pathlib import Path

from spbe_xl.batch.grouping import Group, group_inputs, output_names, safe_slug
from tests.conftest import FOLLOWUP_XLSX, SELF_ASSESSMENT_XLSX

BAD = Path(__file__).parents[1] / "data" / "bad"


def test_group_inputs_puts_the_two_bontang_samples_together():
    groups, unreadable = group_inputs([SELF_ASSESSMENT_XLSX, FOLLOWUP_XLSX, BAD / "empty.xlsx"])
    assert [(g.instansi, g.year, g.paths) for g in groups] == [
        ("Pemerintah Kota Bontang", 2018, [SELF_ASSESSMENT_XLSX, FOLLOWUP_XLSX])
    ]
    assert [(p.name, "empty" in m) for p, m in unreadable] == [("empty.xlsx", True)]


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
