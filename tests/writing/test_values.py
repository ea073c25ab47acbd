"""spbe_xl.writing.values: frame values as cells take them."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from spbe_xl.writing.values import as_float, as_int, as_text, id_value, is_missing, records


def _plain(value):
    """What ``to_dict("records")`` gives, with NA as None and numpy scalars as Python ones."""
    if value is pd.NA or value is None:
        return None
    return value.item() if isinstance(value, np.generic) else value


def test_records_are_to_dict_records():
    frame = pd.DataFrame(
        {
            "s": pd.array(["a", None, "c"], dtype="string"),
            "i": pd.array([1, None, 3], dtype="Int64"),
            "f": [1.5, math.nan, 2.0],
            "o": pd.Series([np.int64(4), "x", None], dtype=object),
            "b": pd.array([True, None, False], dtype="boolean"),
        }
    )
    expected = [{k: _plain(v) for k, v in r.items()} for r in frame.to_dict("records")]
    got = records(frame)
    assert [list(r) for r in got] == [list(r) for r in expected]
    for g, e in zip(got, expected, strict=True):
        for key in e:
            if isinstance(e[key], float) and math.isnan(e[key]):
                assert math.isnan(g[key])
            else:
                assert g[key] == e[key] and type(g[key]) is type(e[key]), key
    assert records(frame, ["i", "x"]) == [{"i": 1}, {"i": None}, {"i": 3}]


@pytest.mark.filterwarnings("ignore:DataFrame columns are not unique")
def test_records_of_dates_and_duplicate_columns_fall_back_to_pandas():
    dates = pd.DataFrame({"d": pd.to_datetime(["2020-01-02"]), "n": [1]})
    assert records(dates) == dates.to_dict("records")
    assert records(dates, ["n"]) == [{"n": 1}]
    twice = pd.DataFrame([[1, 2]], columns=["a", "a"])
    assert records(twice) == twice.to_dict("records")


def test_cell_values():
    assert all(is_missing(v) for v in (None, pd.NA, math.nan, pd.NaT, np.float64("nan")))
    assert not any(is_missing(v) for v in ("", 0, False, "x"))
    assert as_text("  ") is None and as_text(" a ") == " a " and as_text(pd.NA) is None
    assert as_int(3.0) == 3 and as_int(None) is None
    assert as_float("1.5") == 1.5 and as_float("x") is None and as_float(math.inf) is None
    assert id_value("7") == 7 and id_value("35-1") == "35-1" and id_value("1" * 10) == "1" * 10
