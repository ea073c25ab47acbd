"""scoring.deltas: what-if changes and level deltas."""

from __future__ import annotations

import pandas as pd
import pytest

from spbe_xl import rules
from spbe_xl.rules import what_if
from spbe_xl.scoring import engine
from spbe_xl.scoring.catalog import catalog_of
from spbe_xl.scoring.deltas import check_target, official_levels
from tests.scoring.frames import F2018, F2020, frame


def test_what_if_change_table():
    f = frame(F2018, default=2)
    w = what_if(f, {"21": 3, 7: 4})
    assert w.changes == {"21": 3, "7": 4}

    def ch(scope, number, column):
        c = w.change
        return c.loc[(c["scope"] == scope) & (c["number"] == number), column].item()

    assert list(w.change["scope"].unique()) == ["total", "domain", "aspect"]
    assert pd.isna(w.change.iloc[0]["number"])
    assert w.change.iloc[0]["delta"] == pytest.approx(0.04 + 0.02)
    assert ch("domain", 2, "delta") == pytest.approx(1 / 7)
    assert ch("aspect", 4, "after") == pytest.approx(2.5)
    assert ch("aspect", 6, "delta") == 0
    assert w.after.level_columns["21"] == "what_if"
    assert w.before.level_columns["21"] == "maturity_level"


def test_what_if_rejects_unknown_ids_and_levels():
    f = frame(F2018, instances={35: 2})
    with pytest.raises(ValueError, match="unknown indicator id '99'"):
        what_if(f, {"99": 3})
    with pytest.raises(ValueError, match="unknown indicator id '35'"):
        what_if(f, {"35": 3})  # the frame has 35-1 and 35-2
    with pytest.raises(ValueError, match="outside spbe2018's level range"):
        what_if(f, {"1": 6})
    with pytest.raises(ValueError, match="outside spbe2018's level range"):
        what_if(f, {"1": -1})
    with pytest.raises(ValueError, match="not a whole number"):
        what_if(f, {"1": 2.5})
    with pytest.raises(ValueError, match="not a whole number"):
        what_if(f, {"1": True})
    with pytest.raises(TypeError, match="target"):
        what_if(f, {"1": 2}, target=5)


def test_what_if_fills_an_absent_indicator():
    f = frame(F2018, default=2)
    f = f[f["indicator_id"] != "13"]
    w = what_if(f, {"13": 4}, missing="skip")
    assert w.before.skipped == ("13",) and w.after.skipped == ()
    assert w.after.aspect_index(2) == pytest.approx(2.2)


def test_level_deltas_hand_checked():
    f = frame(
        F2018,
        {"1": None, "25": 5, "35-1": 2, "35-2": 4, "35-3": 5},
        default=2,
        instances={35: 3},
        self_level={iid: 3 for iid in ["1", "21", "25", "35-1", "35-2", "35-3"]},
        evaluator_level={"1": 1},
    )
    d = rules.level_deltas(f)
    t = d.table.set_index("indicator_id")
    assert list(d.table.columns) == [
        "indicator_id",
        "indicator_no",
        "name",
        "aspect_no",
        "domain_no",
        "self_level",
        "official_level",
        "official_column",
        "self_minus_official",
        "gap_to_target",
        "points_to_target",
        "points_to_next_level",
    ]
    assert len(t) == 37
    row = t.loc["1"]
    assert (row.official_level, row.official_column, row.self_minus_official) == (
        1,
        "evaluator_level",
        2,
    )
    assert row.gap_to_target == 4
    assert row.points_to_target == pytest.approx(0.04)
    assert row.points_to_next_level == pytest.approx(0.01)
    row = t.loc["21"]  # weight 4, level 2
    assert (row.gap_to_target, row.points_to_target, row.points_to_next_level) == (
        3,
        pytest.approx(0.12),
        pytest.approx(0.04),
    )
    row = t.loc["25"]  # at the top: nothing to win
    assert (row.self_minus_official, row.gap_to_target) == (-2, 0)
    assert (row.points_to_target, row.points_to_next_level) == (0, 0)
    row = t.loc["35-1"]  # one of six items of aspect 7 (20/6 each)
    assert row.points_to_target == pytest.approx(3 * 20 / 6 / 100)
    assert row.points_to_next_level == pytest.approx(20 / 6 / 100)
    assert pd.isna(t.loc["2", "self_level"]) and pd.isna(t.loc["2", "self_minus_official"])
    # the indices: official = 0.33 + 0.56 + 0.85 + 20 * 17/6 / 100
    assert d.official_index.total == pytest.approx(0.33 + 0.56 + 0.85 + 20 * 17 / 6 / 100)
    assert d.self_index is not None and d.self_index.skipped
    assert d.self_index.total == pytest.approx(3.0)
    assert d.target == 5
    # a lower target, and the max rule (35-2 is not the maximum: raising it wins nothing)
    low = rules.level_deltas(f, target=3, instances="max").table.set_index("indicator_id")
    assert (low.at["25", "gap_to_target"], low.at["21", "gap_to_target"]) == (0, 1)
    assert low.at["35-2", "points_to_target"] == 0
    assert low.at["35-3", "points_to_next_level"] == 0
    assert low.at["35-1", "points_to_next_level"] == 0


def test_level_deltas_without_self_levels_and_with_gaps():
    f = frame(F2018, {"9": None}, default=2)
    f = f[f["indicator_id"] != "30"]
    d = rules.level_deltas(f)
    assert d.self_index is None
    assert d.official_index.skipped == ("9", "30")
    t = d.table.set_index("indicator_id")
    assert pd.isna(t.at["9", "official_level"]) and pd.isna(t.at["9", "gap_to_target"])
    assert pd.isna(t.at["9", "points_to_next_level"])
    assert "30" in t.index and t.at["30", "name"] == F2018.indicator(30)["name"]
    assert t.at["30", "points_to_target"] > 0
    with pytest.raises(ValueError, match="target 6"):
        rules.level_deltas(f, target=6)


@pytest.mark.parametrize("rule", ["items", "mean", "max", "min"])
def test_total_with_recomputes_only_the_changed_aspect_to_the_same_float(rule):
    """The incremental recompute gives the full recompute's float, bit for bit."""
    f = frame(F2018, {"1": 1, "13": 4, "35-2": 5, "9": None}, default=2, instances={35: 3})
    cat = catalog_of(F2018)
    off = official_levels(cat, f, rule)
    for changes in ({"13": 1}, {"35-1": 5}, {"1": 3, "32": 0}, {"9": 4}):
        levels = {**off.levels, **changes}
        full = engine.compute(cat, off.ids, off.no_of, levels, rule).total
        assert repr(off.total_with(changes)) == repr(full)
    assert off.gain({}) == 0.0
    assert off.ids[-3:] == ["35-1", "35-2", "35-3"] and off.levels["9"] is None


def test_official_levels_add_the_absent_indicators():
    f = frame(F2018, default=2)
    f = f[f["indicator_id"] != "30"]
    off = official_levels(catalog_of(F2018), f, "items")
    assert "30" in off.ids and off.no_of["30"] == 30
    assert off.levels["30"] is None and off.used["30"] is None
    assert off.computed.skipped == ["30"]


def test_check_target():
    cat = catalog_of(F2020)
    check_target(cat, 1)
    with pytest.raises(ValueError, match="target must be a whole level, not True"):
        check_target(cat, True)
    with pytest.raises(ValueError, match=r"target must be a whole level, not 4\.0"):
        check_target(cat, 4.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="target 0 is outside spbe2020's level range 1-5"):
        check_target(cat, 0)
