"""spbe_xl.framework.schema: the framework TOML format and its errors."""

from __future__ import annotations

import pytest

import spbe_xl.framework as fw
from spbe_xl.framework import FrameworkError
from tests.framework.files import toml_text, write


def test_a_valid_framework_file_loads(tmp_path):
    path = write(tmp_path, toml_text())
    for arg in (path, str(path)):
        f = fw.load(arg)
        assert f.id == "mini"
        assert f.domains["weight"].tolist() == [40.0, 60.0]
        assert f.aspects["n_indicators"].tolist() == [2, 2]
        assert f.predicate(2.6) == "Baik"
        assert f.level_meaning(3, 1) == "one"
        assert f.indicator(3)["family"] is None


def test_broken_indicator_in_two_aspects(tmp_path):
    path = write(tmp_path, toml_text(aspect_lists=("1-3", "3-4")))
    with pytest.raises(FrameworkError, match=r"indicator 3 is listed in aspect 1 and in aspect 2"):
        fw.load(path)


def test_broken_indicator_in_no_aspect(tmp_path):
    path = write(tmp_path, toml_text(aspect_lists=("1-2", "4")))
    with pytest.raises(FrameworkError, match=r"indicator 3.*no aspect lists it"):
        fw.load(path)


def test_broken_indicator_aspect_disagrees_with_listing(tmp_path):
    path = write(
        tmp_path, toml_text(indicator_aspects=(1, 2, 2, 2), indicator_domains=(1, 2, 2, 2))
    )
    with pytest.raises(FrameworkError, match=r"indicator 2.*says aspect 2, but aspect 1 lists it"):
        fw.load(path)


def test_broken_indicator_domain_not_its_aspects(tmp_path):
    path = write(tmp_path, toml_text(indicator_domains=(1, 2, 2, 2)))
    with pytest.raises(
        FrameworkError, match=r"indicator 2.*domain 2.*aspect 1 belongs to domain 1"
    ):
        fw.load(path)


def test_broken_duplicate_indicator_number(tmp_path):
    path = write(tmp_path, toml_text(indicator_numbers=(1, 2, 3, 3)))
    with pytest.raises(FrameworkError, match=r"indicator number 3 is used twice"):
        fw.load(path)


@pytest.mark.parametrize("levels", [(5, 1), (3, 3), (-1, 5)])
def test_broken_level_range(tmp_path, levels):
    with pytest.raises(FrameworkError, match=r"level range .* is not sane"):
        fw.load(write(tmp_path, toml_text(levels=levels)))


def test_broken_toml_and_keys(tmp_path):
    with pytest.raises(FrameworkError, match=r"not valid TOML"):
        fw.load(write(tmp_path, toml_text() + "\nthis is = = not toml\n"))
    with pytest.raises(FrameworkError, match=r"unknown key\(s\): wieght"):
        fw.load(write(tmp_path, toml_text().replace("weight = 20.0\n", "wieght = 20.0\n", 1)))
    with pytest.raises(FrameworkError, match=r"'guessed' is not a status"):
        fw.load(write(tmp_path, toml_text().replace('"derived"', '"guessed"', 1)))
    with pytest.raises(FrameworkError, match=r"missing key\(s\): weight"):
        fw.load(write(tmp_path, toml_text().replace("weight = 40.0\n", "", 1)))
    with pytest.raises(FrameworkError, match=r"format 2 is not supported"):
        fw.load(write(tmp_path, toml_text().replace("format = 1", "format = 2")))


# -- [rounds]: the year of the first evaluation round (optional)

ROUNDS = '\n[rounds]\nfirst = 2021\nstatus = "confirmed"\nsource = "PermenPANRB"\n'


def test_rounds_are_read_into_the_framework(tmp_path):
    f = fw.load(write(tmp_path, toml_text(extra=ROUNDS)))
    assert (f.first_round, f.rounds_status, f.rounds_source) == (2021, "confirmed", "PermenPANRB")


def test_rounds_are_optional(tmp_path):
    f = fw.load(write(tmp_path, toml_text()))
    assert (f.first_round, f.rounds_status, f.rounds_source) == (None, "", "")
    assert (f.last_round, f.rounds_label(), f.applies_to(2021)) == (None, "", False)


def test_rounds_without_last_are_open_ended(tmp_path):
    f = fw.load(write(tmp_path, toml_text(extra=ROUNDS)))
    assert (f.last_round, f.last_round_status, f.last_round_source) == (None, "", "")
    assert f.rounds_label() == "2021-"
    assert [f.applies_to(y) for y in (2020, 2021, 2099)] == [False, True, True]


def test_the_last_round_has_its_own_status_and_source(tmp_path):
    extra = ROUNDS + 'last = 2025\nlast_status = "open"\nlast_source = "assumed"\n'
    f = fw.load(write(tmp_path, toml_text(extra=extra)))
    assert (f.first_round, f.rounds_status, f.rounds_source) == (2021, "confirmed", "PermenPANRB")
    assert (f.last_round, f.last_round_status, f.last_round_source) == (2025, "open", "assumed")
    assert f.rounds_label() == "2021-2025"
    assert [f.applies_to(y) for y in (2020, 2021, 2025, 2026)] == [False, True, True, False]
    assert "Rounds 2021-2025 [confirmed]" in f.describe()
    assert "last round 2025 [open] -- assumed" in f.describe()
    # without its own status and source, the last round shares the table's
    f = fw.load(write(tmp_path, toml_text(extra=ROUNDS + "last = 2021\n")))
    assert (f.last_round, f.last_round_status, f.last_round_source) == (
        2021,
        "confirmed",
        "PermenPANRB",
    )
    assert f.rounds_label() == "2021"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("first = 2021", 'first = "2021"', r"rounds\.first.*expected an integer"),
        ("first = 2021", "first = 21", r"rounds\.first.*21 is not a year"),
        ("first = 2021", "frist = 2021", r"rounds.*unknown key\(s\): frist"),
        ('status = "confirmed"\n', "", r"rounds.*missing key\(s\): status"),
        ('"confirmed"', '"sure"', r"rounds\.status.*'sure' is not a status"),
        ('"PermenPANRB"', '""', r"rounds\.source.*must not be empty"),
        ("first = 2021", "first = 2021\nlast = 2020", r"rounds\.last.*2020 is not a year from"),
        ("first = 2021", 'first = 2021\nlast = "2025"', r"rounds\.last.*expected an integer"),
        ("first = 2021", 'first = 2021\nlast_status = "open"', r"rounds\.last_status.*without"),
        (
            "first = 2021",
            'first = 2021\nlast = 2025\nlast_status = "sure"',
            r"rounds\.last\.status.*'sure' is not a status",
        ),
    ],
)
def test_broken_rounds(tmp_path, old, new, message):
    with pytest.raises(FrameworkError, match=message) as exc:
        fw.load(write(tmp_path, toml_text(extra=ROUNDS.replace(old, new))))
    assert "mini.toml" in str(exc.value)
