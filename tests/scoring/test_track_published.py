"""rules.track over four real rounds: Kota Bandar Lampung 2021-2024 (KemenPANRB's reports,
tests/data/published), each round's level table typed into Excel as an office does, read,
and tracked.  The expected figures are the printed ones and the level changes counted here
from the published levels, not the code's output."""

from __future__ import annotations

from itertools import pairwise

import pytest

import spbe_xl
from spbe_xl.scoring.results import round_half_up
from tests.published_tables import levels, printed, printed_predicate, report_table

YEARS = (2021, 2022, 2023, 2024)
TITLE = "LAPORAN HASIL EVALUASI SPBE PEMERINTAH KOTA BANDAR LAMPUNG TAHUN {}"


@pytest.fixture(scope="module")
def tracked(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bandar-lampung")
    books = [
        spbe_xl.read_workbook(
            report_table(f"bandar-lampung-{y}", folder / f"{y}.xlsx", title=TITLE.format(y))
        )
        for y in reversed(YEARS)  # given in any order: track orders them by year
    ]
    return spbe_xl.rules.track(books), books


def test_each_round_is_its_published_index(tracked):
    track, _ = tracked
    rounds = track.rounds.set_index("year")
    assert rounds.index.tolist() == list(YEARS)
    assert set(rounds["instansi"]) == {"Pemerintah Kota Bandar Lampung"}
    for year in YEARS:
        case = f"bandar-lampung-{year}"
        assert round_half_up(rounds.loc[year, "index"], 2) == printed(case)[("index", "")]
        assert rounds.loc[year, "predicate"] == printed_predicate(case)  # Kurang .. Baik


def test_the_level_changes_are_the_published_levels_changes(tracked):
    track, _ = tracked
    by_year = {y: {r["indicator_id"]: int(r["maturity_level"]) for r in levels(f"bandar-lampung-{y}")} for y in YEARS}  # fmt: skip
    outcomes = track.outcomes.set_index(["round_from", "round_to", "planned"])
    for before, after in pairwise(YEARS):
        a, b = by_year[before], by_year[after]
        expected = {
            "raised": sum(b[i] > a[i] for i in a),
            "held": sum(b[i] == a[i] for i in a),
            "fell": sum(b[i] < a[i] for i in a),
        }
        # no follow-up plans in the reports: every change is unplanned, and said so
        row = outcomes.loc[(str(before), str(after), False)]
        assert {k: int(row[k]) for k in expected} == expected, (before, after)
        assert int(outcomes.loc[(str(before), str(after), True)][list(expected)].sum()) == 0
        assert any(f"The {before} follow-up has no action plan" in n for n in track.notes)
    trajectory = track.trajectory.set_index("indicator_id")
    assert trajectory.loc["1", [f"official_{y}" for y in YEARS]].tolist() == [
        by_year[y]["1"] for y in YEARS
    ]


def test_the_track_workbook_shows_the_rounds(tracked, tmp_path):
    import openpyxl

    track, _ = tracked
    out = spbe_xl.writers.write_track(track, tmp_path / "track.xlsx")
    ws = openpyxl.load_workbook(out)["INDEKS PER PUTARAN"]
    rows = [r for r in ws.iter_rows(values_only=True) if r[1] in YEARS]
    assert [(r[1], r[5]) for r in rows] == [
        (y, printed_predicate(f"bandar-lampung-{y}")) for y in YEARS
    ]
    assert [round_half_up(r[4], 2) for r in rows] == [
        printed(f"bandar-lampung-{y}")[("index", "")] for y in YEARS
    ]
