"""Pemdi workbooks that name neither their year nor their indicators: read under pemdi2026
when their decimal values (or their title) say so, with a ``framework_by_values`` warning;
left empty with a ``framework_undecided`` error when the evidence conflicts or says
nothing.  Never every decimal an ``unreadable_level`` of spbe2018 (the old behaviour)."""

from __future__ import annotations

import pytest

import spbe_xl
from spbe_xl import rules
from tests.pemdi_workbooks import TYPED_VALUES, pemdi_followup

NEUTRAL = "TINDAK LANJUT HASIL EVALUASI"  # names neither SPBE nor Pemerintah Digital
#: the Aceh Tengah values as whole numbers (1,50 -> 1): nothing marks them as scores
WHOLE = {n: int(float(str(v).replace(",", "."))) for n, v in TYPED_VALUES.items()}
LEVELS = ["self_level", "evaluator_level", "maturity_level"]


def _codes(book) -> dict[str, int]:
    return book.findings["code"].value_counts().to_dict()


def _read(folder, **kw):
    folder.mkdir(parents=True, exist_ok=True)
    return spbe_xl.read_workbook(pemdi_followup(folder / "tl.xlsx", **kw))


@pytest.fixture()
def reference(tmp_path):
    """The same workbook with its year and names: pemdi2026 beyond doubt."""
    return _read(tmp_path, year=2026).indicators.set_index("indicator_id")


@pytest.mark.parametrize("heading", [NEUTRAL, "TINDAK LANJUT EVALUASI PEMERINTAH DIGITAL"])
def test_decimals_without_year_and_names_read_as_pemdi(tmp_path, reference, heading):
    book = _read(tmp_path / "x", year=None, names=False, heading=heading)
    assert book.meta.framework == "pemdi2026" and book.meta.year is None
    assert _codes(book) == {"framework_by_values": 1}  # no unreadable_level at all
    (message,) = book.findings.loc[book.findings.code == "framework_by_values", "message"]
    assert "8 values have a decimal part" in message  # 1,50 1,26 1,30 1,50 1,25 1,1667 2,5 1,30
    assert "'TL PEMDI'!C7 1,5" in message and "not spbe2018, spbe2020" in message
    ind = book.indicators.set_index("indicator_id")
    assert ind["maturity_level"].tolist() == reference["maturity_level"].tolist()
    assert ind.loc["13", "maturity_level"] == pytest.approx(1.1667)
    assert book.findings.loc[0, "severity"] == "warning"
    # scored as published: Aceh Tengah's Indeks Pemdi 2026, 1,24 (pemdi-framework.md §6)
    result = rules.index_scores(book.indicators, framework=book.meta.framework)
    assert spbe_xl.framework.load("pemdi2026").publish(result.total) == 1.24


def test_whole_values_without_anything_else_are_left_empty(tmp_path):
    book = _read(tmp_path, year=None, names=False, values=WHOLE, heading=NEUTRAL)
    assert _codes(book) == {"framework_undecided": 1}  # no banner or missing-level noise
    (row,) = book.findings.itertuples()
    assert row.severity == "error" and row.source == "TL PEMDI"
    assert "candidates: pemdi2026, spbe2018, spbe2020" in row.message
    assert "the values (20 cells) were left empty" in row.message
    assert book.indicators[LEVELS].isna().all().all()
    assert len(book.indicators) == 20  # the rows are read; recommendations, plans kept
    assert book.indicators["recommendation"].notna().all()


def test_whole_values_under_a_pemdi_title_read_as_pemdi(tmp_path):
    book = _read(tmp_path, year=None, names=False, values=WHOLE)
    assert book.meta.framework == "pemdi2026"
    (message,) = book.findings.loc[book.findings.code == "framework_by_values", "message"]
    assert "the title names PEMERINTAH DIGITAL" in message
    ind = book.indicators.set_index("indicator_id")
    assert ind.loc["17", "maturity_level"] == 2.0 and ind.loc["1", "maturity_level"] == 2.0


@pytest.mark.parametrize(
    ("kw", "reason"),
    [
        (
            {"year": 2024, "heading": NEUTRAL},
            "the evaluation year 2024 is a round of spbe2020, but 8 values have a decimal part",
        ),
        (
            {"year": None, "heading": "TINDAK LANJUT HASIL EVALUASI SPBE"},
            "the title names SPBE, but 8 values have a decimal part",
        ),
    ],
)
def test_decimals_against_an_spbe_year_or_title_are_left_empty(tmp_path, kw, reason):
    book = _read(tmp_path, names=False, **kw)
    assert _codes(book) == {"framework_undecided": 1}
    (message,) = book.findings["message"]
    assert reason in message
    assert book.indicators[LEVELS].isna().all().all()
    with pytest.raises(rules.MissingLevelError):  # nothing to score, nothing scored
        rules.index_scores(book.indicators, framework=book.meta.framework)


def test_an_spbe_year_and_title_agree_and_the_decimals_are_unreadable_levels(tmp_path):
    book = _read(tmp_path, year=2024, names=False, heading="TINDAK LANJUT HASIL EVALUASI SPBE")
    assert book.meta.framework == "spbe2020"
    codes = _codes(book)
    assert codes["unreadable_level"] == 8 and "framework_undecided" not in codes
    assert "framework_by_values" not in codes


def test_names_or_year_still_decide_as_before(tmp_path):
    for kw in ({"year": None}, {"names": False}, {}):
        book = _read(tmp_path / str(len(kw)), **kw)
        assert book.meta.framework == "pemdi2026"
        assert not any(code.startswith("framework") for code in _codes(book)), kw
