"""The shared text primitives (spbe_xl.text)."""

from __future__ import annotations

import difflib
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spbe_xl.text import (
    MONTH_LABELS,
    MONTH_NUMBERS,
    PLACE_DATE_RE,
    fold,
    indicator_sort_key,
    match_key,
    names_alike,
    ratio_at_least,
)


def test_fold_makes_single_spaces_and_trims():
    assert fold("  Badan\n Pengelolaan\t\tKeuangan \r\n") == "Badan Pengelolaan Keuangan"
    assert fold("") == ""
    assert fold(" \n ") == ""


def test_match_key_keeps_upper_case_letters_and_digits():
    assert match_key("Penanggung-Jawab / OPD (2019)") == "PENANGGUNG JAWAB OPD 2019"
    assert match_key("  level 3. ") == "LEVEL 3"
    assert match_key("—") == ""


def test_ratio_at_least_is_difflib_on_random_strings():
    rng = random.Random(2018)
    for _ in range(3000):
        a = "".join(rng.choices("ABCDE ", k=rng.randint(0, 12)))
        b = "".join(rng.choices("ABCDE ", k=rng.randint(0, 12)))
        threshold = rng.choice([0.0, 0.5, 0.6, 0.8, 0.92, 1.0])
        want = difflib.SequenceMatcher(None, a, b).ratio() >= threshold
        assert ratio_at_least(a, b, threshold) is want, (a, b, threshold)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=15), st.text(max_size=15), st.sampled_from([0.6, 0.8, 0.92]))
def test_ratio_at_least_is_difflib_on_any_text(a, b, threshold):
    assert ratio_at_least(a, b, threshold) is (
        difflib.SequenceMatcher(None, a, b).ratio() >= threshold
    )


def test_names_alike():
    assert names_alike("KEBIJAKAN INTERNAL", "KEBIJAKAN INTERNAL")
    assert names_alike("KEBIJAKAN INTERNAL ARSITEKTUR SPBE", "KEBIJAKAN INTERNAL ARSITEKTUR")
    assert not names_alike("KEBIJAKAN INTERNAL", "LAYANAN PENGADUAN PUBLIK")


def test_month_labels_read_back_as_their_months():
    assert len(MONTH_LABELS) == 12
    assert [MONTH_NUMBERS[label] for label in MONTH_LABELS] == list(range(1, 13))
    assert MONTH_NUMBERS["AGUSTUS"] == MONTH_NUMBERS["AGT"] == 8
    assert set(MONTH_NUMBERS.values()) == set(range(1, 13))


@pytest.mark.parametrize(
    ("line", "place", "date"),
    [
        ("Bontang, 21 Desember 2018", "Bontang", "21 Desember 2018"),
        ("BONTANG,29 OKTOBER 2018", "BONTANG", "29 OKTOBER 2018"),
        ("Kota Baru, Desember 2018", "Kota Baru", "Desember 2018"),
        ("Bontang, 21/12/2018", "Bontang", "21/12/2018"),
    ],
)
def test_place_date_line(line, place, date):
    match = PLACE_DATE_RE.match(line)
    assert match is not None
    assert (match.group(1), match.group(2)) == (place, date)


@pytest.mark.parametrize(
    "line", ["Bontang 21 Desember 2018", "MENGETAHUI :", "Bontang, kemarin", "1, 2 Mei 2018"]
)
def test_not_a_place_date_line(line):
    assert PLACE_DATE_RE.match(line) is None


def test_indicator_sort_key_orders_as_the_catalog():
    ids = ["10", "35-2", "2", "35-10", "35", "35-1", "x", "1"]
    assert sorted(ids, key=indicator_sort_key) == [
        "1",
        "2",
        "10",
        "35",
        "35-1",
        "35-2",
        "35-10",
        "x",
    ]


def test_indicator_sort_key_takes_any_text():
    # Hand-built books may carry ids the reader never makes: they sort last, never raise
    # ("²" is a digit to str.isdigit but not a number to int).
    ids = ["²", "3", "35-x", "35-1", "٣"]
    assert sorted(ids, key=indicator_sort_key) == ["3", "٣", "35-1", "35-x", "²"]
