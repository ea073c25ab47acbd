"""scoring.levels: the levels read from a frame and the level option chosen per id."""

from __future__ import annotations

import pandas as pd
import pytest

from spbe_xl.book import INDICATOR_COLUMNS, frame_from_records
from spbe_xl.rules import index_scores
from spbe_xl.scoring.catalog import catalog_of
from spbe_xl.scoring.levels import as_level, pick, read_levels
from tests.scoring.frames import F2018, F2020, frame


def test_official_falls_back_to_evaluator_per_indicator():
    f = frame(
        F2018,
        {"1": None, "2": None},
        default=2,
        evaluator_level={"1": 4, "2": 5, "3": 0},
    )
    r = index_scores(f)
    assert r.level_columns["1"] == "evaluator_level"
    assert r.level_columns["2"] == "evaluator_level"
    assert r.level_columns["3"] == "maturity_level"  # maturity 2 wins over the evaluator's 0
    by = r.by_indicator.set_index("indicator_id")
    assert (by.at["1", "level"], by.at["2", "level"], by.at["3", "level"]) == (4, 5, 2)
    # domain 1: 4 + 5 + 15 x 2 (1 % each); domain 2: 7 x 4 % x 2; domain 3: 11 x 5 % x 2
    assert r.total == pytest.approx((4 + 5 + 15 * 2) / 100 + 56 / 100 + 110 / 100)


def test_level_options_read_their_column():
    f = frame(F2018, default=1, self_level={"25": 5}, evaluator_level={"25": 0})
    f["self_level"] = f["self_level"].fillna(2)
    f["evaluator_level"] = f["evaluator_level"].fillna(4)
    assert index_scores(f, level="maturity").total == pytest.approx(1.0)
    assert index_scores(f, level="self").total == pytest.approx(2 + 3 * 5 / 100)
    assert index_scores(f, level="evaluator").total == pytest.approx(4 - 4 * 5 / 100)
    assert set(index_scores(f, level="self").level_columns.values()) == {"self_level"}


def test_bad_options_and_frames():
    f = frame(F2018)
    with pytest.raises(ValueError, match="level must be one of"):
        index_scores(f, level="final")
    with pytest.raises(ValueError, match="outside spbe2018's level range 0-5"):
        index_scores(frame(F2018, {"4": 6}))
    with pytest.raises(ValueError, match="more than once"):
        index_scores(pd.concat([f, f.iloc[:1]]))
    with pytest.raises(ValueError, match="not in framework spbe2018"):
        index_scores(frame(F2020), framework="spbe2018")
    with pytest.raises(ValueError, match="outside spbe2020's level range 1-5"):
        index_scores(frame(F2020, {"3": 0}))


def test_as_level():
    assert as_level(None, "1", "self_level") is None
    assert as_level(pd.NA, "1", "self_level") is None
    assert as_level(float("nan"), "1", "self_level") is None
    assert as_level(3, "1", "self_level") == 3
    assert as_level(4.0, "1", "self_level") == 4
    assert as_level("2", "1", "self_level") == 2
    with pytest.raises(ValueError, match="indicator 7: self_level True is not a level"):
        as_level(True, "7", "self_level")
    with pytest.raises(ValueError, match="'tiga' is not a level"):
        as_level("tiga", "7", "self_level")
    with pytest.raises(ValueError, match=r"2\.5 is not a whole level"):
        as_level(2.5, "7", "self_level")


def test_read_levels_orders_ids_and_folds_agencies():
    records = [
        {"indicator_id": "35-2", "indicator_no": 35, "maturity_level": 4},
        {"indicator_id": "10", "maturity_level": 1, "responsible_agency": " Dinas\n  A "},
        {"indicator_no": 2, "self_level": 3, "name": "Dua"},
        {"indicator_id": "35-1", "indicator_no": 35, "evaluator_level": 5},
    ]
    rows = read_levels(frame_from_records(records, INDICATOR_COLUMNS), catalog_of(F2018))
    assert rows.ids == ["2", "10", "35-1", "35-2"]
    assert rows.no_of == {"35-2": 35, "10": 10, "2": 2, "35-1": 35}
    assert rows.values["maturity_level"] == {"35-2": 4, "10": 1, "2": None, "35-1": None}
    assert rows.values["self_level"]["2"] == 3
    assert rows.names["2"] == "Dua" and rows.names["10"] is None
    assert rows.agencies["10"] == "Dinas A" and rows.agencies["2"] is None
    levels, used = pick(rows, catalog_of(F2018), "official")
    assert levels == {"2": None, "10": 1, "35-1": 5, "35-2": 4}
    assert used == {
        "2": None,
        "10": "maturity_level",
        "35-1": "evaluator_level",
        "35-2": "maturity_level",
    }


def test_read_levels_rejects_bad_rows():
    cat = catalog_of(F2018)

    def read(records):
        return read_levels(frame_from_records(records, INDICATOR_COLUMNS), cat)

    with pytest.raises(TypeError, match="expected an indicators DataFrame, not list"):
        read_levels([], cat)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="neither an indicator_id nor an indicator_no column"):
        read_levels(pd.DataFrame({"self_level": [1]}), cat)
    with pytest.raises(ValueError, match="row 0 has neither an indicator id nor a number"):
        read([{"self_level": 1}])
    with pytest.raises(ValueError, match="'x1' \\(row 0\\) does not start with a number"):
        read([{"indicator_id": "x1"}])
    with pytest.raises(ValueError, match="'3' \\(row 0\\) does not match its number 4"):
        read([{"indicator_id": "3", "indicator_no": 4}])
    with pytest.raises(
        ValueError, match="indicator 36 is not in framework spbe2018 \\(indicators 1-35\\)"
    ):
        read([{"indicator_id": "36"}])
