"""Values as typed in cells (spbe_xl.reading.values): levels, indicator ids, marks, numbers."""

from __future__ import annotations

import pytest

from spbe_xl.reading.values import (
    is_mark,
    parse_indicator_id,
    parse_level,
    split_numbers,
    split_texts,
)


@pytest.mark.parametrize(
    ("raw", "level"),
    [("LEVEL 3", 3), ("Level 3", 3), ("level3", 3), ("3", 3), ("3.0", 3), (3.0, 3), (4, 4),
     ("LEVEL III", 3), ("Level 0", 0), ("", None), (None, None), ("-", None), ("LEVEL 5 ", 5)],
)  # fmt: skip
def test_parse_level(raw, level):
    assert parse_level(raw) == level


@pytest.mark.parametrize("raw", ["LEVEL 3 (tiga)", "LEVEL-3", "Level: 3", "TK.3"])
def test_parse_level_keeps_a_word_or_a_joiner_around_one_level(raw):
    assert parse_level(raw) == 3


@pytest.mark.parametrize(
    "raw",
    ["3,5", "3.5", "LEVEL 3.7", "LEVEL 3-4", "2-3", "LEVEL 2 / LEVEL 3", "-1", "Level -1",
     "0,5", "03:00"],
)  # fmt: skip
def test_parse_level_never_cuts_a_text_to_its_first_number(raw):
    # issue 15: each of these was read as its first number, a confident wrong level
    with pytest.raises(ValueError):
        parse_level(raw)


@pytest.mark.parametrize(
    ("raw", "level"),
    [("３", 3), ("LEVEL ３", 3), ("ＬＥＶＥＬ　３", 3), ("Level ４ (empat)", 4), ("Ⅲ", 3),
     ("ｌｅｖｅｌ　ＩＩＩ", 3), ("LEVEL 3 (Tiga)", 3), ("Level 2 - dua", 2), ("０", 0)],
)  # fmt: skip
def test_parse_level_reads_full_width_digits_letters_and_roman_numeral_signs(raw, level):
    # issue 15: a level written in full-width digits (an IME's), or Excel's roman numerals
    assert parse_level(raw) == level


@pytest.mark.parametrize(
    "raw",
    ["３．５", "３,５", "－１", "LEVEL ３-４", "LEVEL III / IV", "3 atau IV", "LEVEL 3 (empat)",
     "Level II (tiga)", "１/２", "¾"],
)  # fmt: skip
def test_parse_level_refuses_two_levels_in_any_spelling(raw):
    # a decimal, a sign, a range, a second level as a roman numeral or in words
    with pytest.raises(ValueError):
        parse_level(raw)


@pytest.mark.parametrize("raw", ["tinggi", "LEVEL", 3.5, True])
def test_parse_level_rejects_text_without_a_level(raw):
    with pytest.raises(ValueError):
        parse_level(raw)


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [(1, ("1", 1)), (7.0, ("7", 7)), ("35-1", ("35-1", 35)), ("35.2", ("35-2", 35)),
     ("35 - 3", ("35-3", 35)), ("Indikator 12", ("12", 12)), ("DOMAIN 1", None), ("", None), (0, None)],
)  # fmt: skip
def test_parse_indicator_id(raw, parsed):
    assert parse_indicator_id(raw) == parsed


@pytest.mark.parametrize(
    ("raw", "mark"),
    [("v", True), ("√", True), ("ADA", True), (1, True), (True, True), ("x", True),
     ("", False), (None, False), ("-", False), ("0", False), (0, False), (False, False),
     ("tidak", False), ("N", False), ("no", False)],
)  # fmt: skip
def test_is_mark(raw, mark):
    assert is_mark(raw) is mark


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("1", [1]), ("12", [12]), ("1, 2, 3", [1, 2, 3]), ("1. 2. 3.", [1, 2, 3]),
     ("4;5", [4, 5]), ("1\n2", [1, 2]), ("1.", [1]), ("1a", None), ("SK Walikota", None),
     ("1234", None)],
)  # fmt: skip
def test_split_numbers(text, numbers):
    assert split_numbers(text) == numbers


def test_split_texts_by_line_breaks_then_wide_spaces():
    assert split_texts("SK A\nSK B", 2) == ["SK A", "SK B"]
    assert split_texts("SK A\n\nSK B\n", 2) == ["SK A", "SK B"]
    assert split_texts("SK A   SK B", 2) == ["SK A", "SK B"]
    assert split_texts("SK A SK B", 2) is None
    assert split_texts("SK A\nSK B", 3) is None
