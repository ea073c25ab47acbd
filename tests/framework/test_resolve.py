"""spbe_xl.framework.resolve: the one framework-resolution policy."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

import spbe_xl.framework as fw
from spbe_xl.framework import (
    framework_for_year,
    framework_resolution,
    packaged_rounds,
    resolve,
    resolve_framework,
)
from tests.conftest import ROOT
from tests.framework.files import F2018, F2020, toml_text, write

NAMES_2018 = [
    (int(no), str(name)) for no, name in F2018.indicators[["indicator_no", "name"]].values
]
NAMES_2020 = [
    (int(no), str(name)) for no, name in F2020.indicators[["indicator_no", "name"]].values
]
FIRST_FIVE = range(1, 6)  # numbers both catalogs hold


def test_requested_wins():
    numbers = range(1, 48)
    assert resolve_framework("spbe2018", declared="spbe2020", indicator_numbers=numbers).id == (
        "spbe2018"
    )
    assert resolve_framework(" SPBE2020 ", indicator_names=NAMES_2018, year=2018).id == "spbe2020"
    assert resolve_framework(F2018, declared="spbe2020", year=2024) is F2018


def test_requested_unknown_raises():
    with pytest.raises(fw.FrameworkError, match="spbe1999"):
        resolve_framework("spbe1999")


def test_declared_kept_when_it_holds_every_number():
    # the book's own framework beats the names and the year ...
    found = resolve_framework(
        declared="spbe2020", indicator_numbers=range(1, 36), indicator_names=NAMES_2018, year=2018
    )
    assert found.id == "spbe2020"
    assert resolve_framework(declared="spbe2018", year=2024).id == "spbe2018"
    # ... but not when it lacks a number, nor when it is unknown
    assert resolve_framework(declared="spbe2018", indicator_numbers=[1, 40]).id == "spbe2020"
    assert resolve_framework(declared="spbe1999", year=2024).id == "spbe2020"
    assert resolve_framework(declared="", year=2018).id == "spbe2018"


def test_numbers_beyond_35_mean_spbe2020():
    assert resolve_framework(indicator_numbers=[1, 36]).id == "spbe2020"
    assert resolve_framework(indicator_numbers=range(1, 48), year=2018).id == "spbe2020"
    assert resolve_framework(indicator_numbers=[47], indicator_names=NAMES_2018).id == "spbe2020"
    # numbers no catalog holds: the one with the most indicators, unless a year decides
    assert resolve_framework(indicator_numbers=[1, 99]).id == "spbe2020"
    assert resolve_framework(indicator_numbers=[1, 99], year=2018).id == "spbe2018"
    assert not framework_resolution(indicator_numbers=[1, 99], year=2018).contradiction


def test_a_number_no_catalog_holds_rules_no_framework_out():
    # Indicator 0 (a typo) leaves both catalogs in the running: the oldest, as before, and
    # the reader or the rules report the number; 48 lies beyond both: the largest catalog.
    assert resolve_framework(indicator_numbers=[0, 3]).id == "spbe2018"
    assert resolve_framework(indicator_numbers=[0, 3], year=2022).id == "spbe2020"
    assert resolve_framework(indicator_numbers=[0, 40]).id == "spbe2020"
    assert resolve_framework(indicator_numbers=[48]).id == "spbe2020"


def test_names_vote_decides_between_candidates():
    five_2020 = [pair for pair in NAMES_2020 if pair[0] in FIRST_FIVE]
    five_2018 = [pair for pair in NAMES_2018 if pair[0] in FIRST_FIVE]
    assert resolve_framework(indicator_numbers=FIRST_FIVE, indicator_names=five_2020).id == (
        "spbe2020"
    )
    # names that contradict the year: the names' framework, and the contradiction said
    found = framework_resolution(indicator_numbers=FIRST_FIVE, indicator_names=five_2020, year=2018)
    assert (found.framework.id, found.contradiction, found.in_force.id) == (
        "spbe2020",
        True,
        "spbe2018",
    )
    found = framework_resolution(indicator_numbers=FIRST_FIVE, indicator_names=five_2018, year=2024)
    assert (found.framework.id, found.contradiction) == ("spbe2018", True)
    # a majority decides: three 2018 names against two 2020 names
    mixed = five_2018[:3] + five_2020[3:]
    assert resolve_framework(indicator_names=mixed, year=2024).id == "spbe2018"
    assert resolve_framework(indicator_names=mixed).id == "spbe2018"


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2010, "spbe2018"),  # before every first round: the oldest
        (2018, "spbe2018"),
        (2019, "spbe2018"),
        (2020, "spbe2018"),  # still 5/2018 (the Madiun 2020 report)
        (2021, "spbe2020"),
        (2025, "spbe2020"),
        (2026, "pemdi2026"),
        (2030, "pemdi2026"),  # open-ended
    ],
)
def test_year_decides_when_names_tie(year, expected):
    assert resolve_framework(indicator_numbers=FIRST_FIVE, year=year).id == expected
    found = framework_resolution(indicator_numbers=FIRST_FIVE, year=year)
    assert found.year_uncovered == (year == 2010)
    assert found.how == ("default" if found.year_uncovered else "year")
    assert not found.contradiction
    # names that resemble neither catalog: no vote, a tie
    unlike = [(1, "Sesuatu yang lain sama sekali"), (2, "Juga bukan nama indikator")]
    found = resolve_framework(indicator_numbers=FIRST_FIVE, indicator_names=unlike, year=year)
    assert found.id == expected


def test_no_year_means_spbe2018():
    assert resolve_framework().id == "spbe2018"
    assert resolve_framework(indicator_numbers=FIRST_FIVE).id == "spbe2018"
    assert resolve_framework(indicator_numbers=range(1, 36)).id == "spbe2018"


def test_the_first_rounds_are_the_packaged_data():
    assert (F2018.first_round, F2020.first_round) == (2018, 2021)
    assert F2018.rounds_status == F2020.rounds_status == "confirmed"
    # the last rounds: 2020 (a published 2020 report under 5/2018), 2025, both confirmed
    assert (F2018.last_round, F2018.last_round_status) == (2020, "confirmed")
    assert "Madiun" in F2018.last_round_source
    assert (F2020.last_round, F2020.last_round_status) == (2025, "confirmed")
    assert "8 Tahun 2026" in F2020.last_round_source
    assert packaged_rounds() == "spbe2018 2018-2020, spbe2020 2021-2025, pemdi2026 2026-"
    assert "PermenPANRB No. 5 Tahun 2018" in F2018.rounds_source
    assert "PermenPANRB No. 59 Tahun 2020" in F2020.rounds_source
    assert "2021-2025" in F2020.rounds_source


def _packaged_copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first_2020: int) -> None:
    """resolve_framework sees copies of the packaged files, spbe2020's first round changed."""
    data = ROOT / "spbe_xl" / "data"
    for name in (
        "spbe2018.toml",
        "spbe2018-criteria.csv",
        "spbe2020.toml",
        "spbe2020-criteria.csv",
        "pemdi2026.toml",
    ):
        shutil.copy(data / name, tmp_path / name)
    path = tmp_path / "spbe2020.toml"
    text = path.read_text(encoding="utf-8")
    assert "\n[rounds]\nfirst = 2021\n" in text
    text = text.replace("\nfirst = 2021\n", f"\nfirst = {first_2020}\n")
    # open-ended from then on: without last, last_status, last_source
    text = "\n".join(line for line in text.split("\n") if not line.startswith("last"))
    path.write_text(text, "utf-8")
    monkeypatch.setattr(
        resolve, "load", lambda framework_id: fw.load(tmp_path / f"{framework_id}.toml")
    )


def test_the_year_comes_from_the_toml_files(tmp_path, monkeypatch):
    _packaged_copies(tmp_path, monkeypatch, first_2020=2030)
    assert resolve_framework(indicator_numbers=FIRST_FIVE, year=2025).id == "spbe2018"
    assert resolve_framework(indicator_numbers=FIRST_FIVE, year=2030).id == "spbe2020"


def test_the_oldest_first_round_wins_without_a_year(tmp_path, monkeypatch):
    _packaged_copies(tmp_path, monkeypatch, first_2020=2015)
    assert resolve_framework(indicator_numbers=FIRST_FIVE).id == "spbe2020"
    assert resolve_framework(indicator_numbers=FIRST_FIVE, year=2016).id == "spbe2020"
    assert resolve_framework(indicator_numbers=FIRST_FIVE, year=2018).id == "spbe2018"


def test_a_framework_without_rounds_never_wins_on_the_year(tmp_path, monkeypatch):
    mini = fw.load(write(tmp_path, toml_text()))
    assert mini.first_round is None
    frameworks = {"mini": mini, "spbe2018": F2018}
    monkeypatch.setattr(resolve, "available", lambda: ["mini", "spbe2018"])
    monkeypatch.setattr(resolve, "load", lambda framework_id: frameworks[framework_id])
    for year in (None, 2010, 2018, 2030):
        assert resolve_framework(indicator_numbers=[1, 2, 3, 4], year=year).id == "spbe2018"
    # without any dated candidate: the first
    undated = dataclasses.replace(F2018, first_round=None)
    frameworks["spbe2018"] = undated
    assert resolve_framework(indicator_numbers=[1, 2], year=2018) is mini


# -- the year picks the framework; the indicators confirm it


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2017, None), (2018, "spbe2018"), (2019, "spbe2018"), (2020, "spbe2018"), (2021, "spbe2020"),
     (2023, "spbe2020"), (2025, "spbe2020"), (2026, "pemdi2026"), (2040, "pemdi2026")],
)  # fmt: skip
def test_framework_for_year_is_the_rounds_data(year, expected):
    found = framework_for_year(year)
    assert (found.id if found else None) == expected


def test_a_year_without_names_picks_its_framework():
    # Denpasar 2021: levels of indicators 1-35 only, no names: 2021 is a spbe2020 round
    found = framework_resolution(indicator_numbers=range(1, 36), year=2021)
    assert (found.framework.id, found.how, found.contradiction) == ("spbe2020", "year", False)
    assert found.reasons[0].startswith("year 2021: spbe2020 (rounds 2021-2025")


def test_names_that_agree_confirm_the_year():
    found = framework_resolution(
        indicator_numbers=range(1, 36), indicator_names=NAMES_2020[:35], year=2021
    )
    assert (found.framework.id, found.how, found.contradiction) == ("spbe2020", "year", False)
    assert found.evidence.id == "spbe2020"


def test_year_2021_with_the_2018_names_is_a_contradiction():
    found = framework_resolution(
        indicator_numbers=range(1, 36), indicator_names=NAMES_2018, year=2021
    )
    assert found.contradiction
    assert (found.framework.id, found.in_force.id, found.evidence.id) == (
        "spbe2018",
        "spbe2020",
        "spbe2018",
    )
    assert "of 35 indicator names are spbe2018's" in found.evidence_text
    assert "no indicator beyond 35 (spbe2020 has 1-47)" in found.evidence_text
    assert any(r.startswith("contradiction") for r in found.reasons)


def test_year_2019_with_indicators_36_to_47_is_a_contradiction():
    found = framework_resolution(indicator_numbers=range(1, 48), year=2019)
    assert found.contradiction and found.framework.id == "spbe2020"
    assert found.in_force.id == "spbe2018"
    assert found.evidence_text == "indicator numbers up to 47; spbe2018 has 1-35"


def test_requested_overrides_the_year_without_a_contradiction():
    found = framework_resolution("spbe2018", indicator_numbers=range(1, 48), year=2021)
    assert (found.framework.id, found.how, found.contradiction) == ("spbe2018", "requested", False)
    assert not found.year_uncovered
    assert found.reasons == ("spbe2018: requested",)


def test_a_year_no_framework_covers_is_said():
    found = framework_resolution(indicator_numbers=range(1, 48), year=2017)
    assert (found.framework.id, found.how, found.year_uncovered) == ("spbe2020", "indicators", True)
    assert found.reasons[0] == (
        "year 2017: no packaged framework (spbe2018 2018-2020, spbe2020 2021-2025, pemdi2026 2026-)"
    )


def test_47_indicators_in_2026_contradict_the_pemdi_round():
    # a 2026 title over the 47 SPBE indicators: read under spbe2020, the contradiction said
    found = framework_resolution(indicator_numbers=range(1, 48), year=2026)
    assert (found.framework.id, found.in_force.id, found.contradiction) == (
        "spbe2020",
        "pemdi2026",
        True,
    )


def test_a_few_names_alike_do_not_outvote_the_year():
    # one 2018 name among unlike ones: fewer than half the pairs vote, so no evidence
    unlike = [(n, f"Sesuatu yang lain sama sekali nomor {n}") for n in range(2, 11)]
    names = [NAMES_2018[0], *unlike]
    found = framework_resolution(indicator_numbers=range(1, 11), indicator_names=names, year=2021)
    assert (found.framework.id, found.evidence, found.contradiction) == ("spbe2020", None, False)
