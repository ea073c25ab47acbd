"""framework_resolution step 6: the values' type (decimal scores or whole levels) and the
title's words, when the indicator numbers fit a score framework (pemdi2026, 1-20) and the
whole-level ones (spbe2018 1-35, spbe2020 1-47) alike."""

from __future__ import annotations

import pytest

from spbe_xl.framework import DECIMAL_QUORUM, framework_resolution
from spbe_xl.framework.resolve import title_value_type

NUMBERS = range(1, 21)  # every framework holds 1-20


def test_several_decimals_and_nothing_else_read_as_pemdi():
    r = framework_resolution(indicator_numbers=NUMBERS, decimal_values=8)
    assert (r.framework.id, r.how, r.undecided) == ("pemdi2026", "values", "")
    assert "8 values have a decimal part" in r.evidence_text
    assert {f.id for f in r.candidates} == {"spbe2018", "spbe2020", "pemdi2026"}
    assert any(reason.startswith("values: pemdi2026") for reason in r.reasons)


def test_one_decimal_is_not_enough_and_nothing_decides():
    assert DECIMAL_QUORUM == 2
    r = framework_resolution(indicator_numbers=NUMBERS, decimal_values=1)
    assert r.framework.id == "spbe2018" and r.how == "default"  # the structure only
    assert "one value has a decimal part" in r.undecided
    assert "pemdi2026, spbe2018, spbe2020" in r.undecided


def test_whole_values_and_nothing_else_are_undecided():
    r = framework_resolution(indicator_numbers=NUMBERS)
    assert r.undecided and "no evaluation year" in r.undecided
    assert any(reason.startswith("undecided:") for reason in r.reasons)


def test_a_number_beyond_pemdi_leaves_nothing_to_weigh():
    """Indicator 35 rules pemdi2026 (1-20) out: the decimals are unreadable SPBE levels."""
    r = framework_resolution(indicator_numbers=[*NUMBERS, 35], decimal_values=8)
    assert (r.framework.id, r.undecided) == ("spbe2018", "")
    r = framework_resolution(indicator_numbers=[1, 2, 30])  # thin, but SPBE either way
    assert r.undecided == ""


def test_decimals_against_the_year_are_undecided():
    r = framework_resolution(indicator_numbers=NUMBERS, year=2024, decimal_values=8)
    assert r.framework.id == "spbe2020"
    assert r.undecided.startswith("the evaluation year 2024 is a round of spbe2020, but 8")


def test_decimals_against_the_year_and_the_title_are_unreadable_levels():
    """Two things agree on SPBE: the decimals do not outweigh them."""
    r = framework_resolution(
        indicator_numbers=NUMBERS,
        year=2024,
        decimal_values=8,
        title_lines=["HASIL EVALUASI SPBE TAHUN 2024"],
    )
    assert (r.framework.id, r.undecided) == ("spbe2020", "")


def test_the_year_of_pemdi_and_decimals_agree():
    r = framework_resolution(indicator_numbers=NUMBERS, year=2026, decimal_values=8)
    assert (r.framework.id, r.how, r.undecided) == ("pemdi2026", "year", "")


def test_a_requested_framework_is_never_weighed():
    r = framework_resolution("spbe2018", indicator_numbers=NUMBERS, decimal_values=8)
    assert (r.framework.id, r.how, r.undecided) == ("spbe2018", "requested", "")


def test_the_title_decides_the_value_type():
    pemdi = framework_resolution(
        indicator_numbers=NUMBERS, title_lines=["EVALUASI KINERJA PEMERINTAH DIGITAL"]
    )
    assert (pemdi.framework.id, pemdi.how) == ("pemdi2026", "values")
    assert "the title names PEMERINTAH DIGITAL" in pemdi.evidence_text
    spbe = framework_resolution(indicator_numbers=NUMBERS, title_lines=["TINDAK LANJUT SPBE"])
    assert (spbe.framework.id, spbe.undecided) == ("spbe2018", "")
    against = framework_resolution(
        indicator_numbers=NUMBERS, decimal_values=5, title_lines=["EVALUASI SPBE"]
    )
    assert against.undecided == (
        "the title names SPBE, but 5 values have a decimal part, as pemdi2026's scores do"
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["TINDAK LANJUT HASIL EVALUASI KINERJA PEMERINTAH DIGITAL"], (True, "PEMERINTAH DIGITAL")),
        (["Evaluasi Pemdi 2026"], (True, "PEMDI")),
        (["HASIL EVALUASI SPBE", "PEMERINTAH KOTA BONTANG"], (False, "SPBE")),
        (["EVALUASI SPBE DAN PEMERINTAH DIGITAL"], None),  # both: neither decides
        (["PEMERINTAH KABUPATEN ACEH TENGAH TAHUN 2026"], None),
        (["SPBEKU", "PEMDIKBUD"], None),  # whole words only
    ],
)
def test_title_value_type(lines, expected):
    assert title_value_type(lines) == expected
