"""scoring.recap: compare and recap over several books."""

from __future__ import annotations

import pandas as pd
import pytest

from spbe_xl import rules
from tests.scoring.frames import F2018, F2020, frame, make_book


def test_compare_with_ranks():
    books = [
        make_book(frame(F2018, default=2), instansi="Kota B", year=2018),
        make_book(frame(F2018, default=3), instansi="Kota A", year=2018),
        make_book(frame(F2018, {"1": 4}, default=3), instansi="Kota C", year=2018),
        make_book(frame(F2020, default=1), instansi="Kota D", year=2023),
    ]
    out = rules.compare(books)
    assert list(out.columns[:6]) == ["instansi", "year", "framework", "index", "predicate", "rank"]
    assert list(out.columns[6:]) == [f"d{n}" for n in range(1, 5)] + [f"a{n}" for n in range(1, 9)]
    assert out["instansi"].tolist() == ["Kota B", "Kota A", "Kota C", "Kota D"]
    assert out["index"].tolist() == pytest.approx([2.0, 3.0, 3.01, 1.0])
    assert out["rank"].tolist() == [3, 2, 1, 4]
    assert out["predicate"].tolist() == ["Cukup", "Baik", "Baik", "Kurang"]
    assert out["framework"].tolist() == ["spbe2018"] * 3 + ["spbe2020"]
    assert pd.isna(out.loc[0, "d4"]) and out.loc[3, "d4"] == pytest.approx(1.0)
    assert out.loc[2, "a1"] == pytest.approx(22 / 7)
    # equal published figures share a rank
    tie = rules.compare([books[1], books[1], books[0]])
    assert tie["rank"].tolist() == [1, 1, 3]
    assert rules.compare([], level="self").empty


def test_recap_of_two_instansi(followup_book):
    import dataclasses

    from spbe_xl import rules as _rules

    better = followup_book.indicators.copy()
    better.loc[better.indicator_id == "7", "maturity_level"] = 5
    other = dataclasses.replace(
        followup_book,
        indicators=better,
        meta=dataclasses.replace(followup_book.meta, instansi="Pemerintah Kota Contoh"),
    )
    result = _rules.recap([followup_book, other])
    table = result.table.set_index("instansi")
    assert table.loc["Pemerintah Kota Contoh", "rank"] == 1
    assert table.loc["Pemerintah Kota Bontang", "rank"] == 2
    assert (
        table.loc["Pemerintah Kota Contoh", "index"] > table.loc["Pemerintah Kota Bontang", "index"]
    )
    assert result.predicates["n_instansi"].sum() == 2
    assert list(result.predicates["predicate"]) == [
        "Kurang",
        "Cukup",
        "Baik",
        "Sangat Baik",
        "Memuaskan",
    ]
    assert (result.domains["n_instansi"] == 2).all()
    aspect1 = result.aspects.set_index("aspect_no").loc[1]
    assert aspect1["highest"] - aspect1["lowest"] == pytest.approx(4 / 7)
    weakest = result.weakest
    assert weakest["mean_level"].is_monotonic_increasing
    seven = weakest.set_index("indicator_no").loc[7]
    assert seven["mean_level"] == 3.0 and seven["n_below_level_3"] == 1
    assert any("tanpa level untuk 13" in note for note in result.notes)
