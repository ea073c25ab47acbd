"""scoring.engine: aspect, domain and total indices, the instances and missing rules, predicates."""

from __future__ import annotations

import math
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spbe_xl import rules
from spbe_xl.rules import MissingLevelError, index_scores, round_half_up, what_if
from spbe_xl.scoring.catalog import catalog_of
from spbe_xl.scoring.engine import compute
from tests.scoring.frames import F2018, F2020, frame


def test_bad_rule_options():
    f = frame(F2018)
    with pytest.raises(ValueError, match="instances must be one of"):
        index_scores(f, instances="median")
    with pytest.raises(ValueError, match="missing must be one of"):
        index_scores(f, missing="ignore")


def test_compute_parts_hand_checked():
    """engine.compute on a frame with 35 in three instances and 1 without a level."""
    cat = catalog_of(F2018)
    ids = [str(n) for n in range(1, 35)] + ["35-1", "35-2", "35-3"]
    no_of = {iid: int(iid.partition("-")[0]) for iid in ids}
    levels: dict[str, int | None] = dict.fromkeys(ids, 2)
    levels.update({"1": None, "35-1": 5, "35-2": 4, "35-3": 0})
    comp = compute(cat, ids, no_of, levels, "items")
    assert comp.skipped == ["1"]
    assert comp.by_no[35] == ["35-1", "35-2", "35-3"]
    assert [u.level for u in comp.units[7]] == [2.0, 2.0, 2.0, 5.0, 4.0, 0.0]
    assert comp.units[7][3].shares == [("35-1", 1.0)]
    assert comp.aspect_n[7] == 4 and comp.aspect_n[1] == 6
    assert comp.aspect_index[7] == pytest.approx(15 / 6)
    assert comp.item_weight["35-1"] == pytest.approx(20 / 6)
    assert math.fsum(comp.aspect_weight.values()) == pytest.approx(100)
    mean = compute(cat, ids, no_of, levels, "mean")
    assert len(mean.units[7]) == 4
    assert mean.units[7][3].shares == [("35-1", 1 / 3), ("35-2", 1 / 3), ("35-3", 1 / 3)]
    assert mean.units[7][3].level == 3.0
    low = compute(cat, ids, no_of, levels, "min")
    assert low.units[7][3].shares == [("35-1", 0.0), ("35-2", 0.0), ("35-3", 1.0)]


def test_missing_level_error_names_every_id():
    f = frame(F2018, {"7": None, "35-2": None}, instances={35: 3})
    f = f[f["indicator_id"] != "21"]
    with pytest.raises(MissingLevelError) as info:
        index_scores(f)
    assert info.value.ids == ("7", "21", "35-2")
    message = str(info.value)
    assert "7, 35-2" in message and "21" in message and "not in the frame" in message
    assert isinstance(info.value, ValueError)


def test_missing_skip_computes_over_what_is_there():
    f = frame(F2018, {"1": None, "32": None}, default=3)
    f.loc[f["indicator_id"] == "2", "maturity_level"] = 5
    r = index_scores(f, missing="skip")
    assert r.skipped == ("1", "32")
    assert "1" not in set(r.by_indicator["indicator_id"])
    # aspect 1 = mean of the six present (one at 5): 20/6; aspect 7 = 3
    assert r.aspect_index(1) == pytest.approx((5 + 5 * 3) / 6)
    assert r.aspect_index(7) == pytest.approx(3.0)
    assert r.by_aspect.set_index("aspect_no").at[1, "n_indicators"] == 6
    assert r.by_indicator["points"].sum() == pytest.approx(r.total)
    assert r.total == pytest.approx((7 * 20 / 6 + 93 * 3) / 100)


def test_skip_drops_a_whole_aspect_and_rescales():
    f = frame(F2018, default=2)
    f = f[f["aspect_no"] != 3]  # indicators 18, 19 absent altogether
    r = index_scores(f, missing="skip")
    assert r.skipped == ("18", "19")
    assert math.isnan(r.aspect_index(3))
    assert r.total == pytest.approx(2.0)
    assert r.by_aspect["weight"].sum() == pytest.approx(100.0)
    assert (r.by_domain["weight"] * r.by_domain["index"]).sum() / 100 == pytest.approx(r.total)


def test_no_level_at_all_with_skip():
    f = frame(F2018, default=None)
    r = index_scores(f, missing="skip")
    assert math.isnan(r.total) and r.predicate == ""
    assert r.rounded()["total"] is None
    assert len(r.skipped) == 35 and r.by_indicator.empty


def test_instance_rules_on_a_hand_checked_frame():
    f = frame(F2018, {"35-1": 5, "35-2": 4, "35-3": 0}, default=2, instances={35: 3})
    got = {rule: index_scores(f, instances=rule) for rule in rules.INSTANCE_RULES}
    assert got["items"].aspect_index(7) == pytest.approx((2 * 3 + 9) / 6)
    assert got["mean"].aspect_index(7) == pytest.approx((2 * 3 + 3) / 4)
    assert got["max"].aspect_index(7) == pytest.approx((2 * 3 + 5) / 4)
    assert got["min"].aspect_index(7) == pytest.approx((2 * 3 + 0) / 4)
    for rule, r in got.items():
        assert r.instances == rule
        assert r.by_indicator["points"].sum() == pytest.approx(r.total)
        assert r.by_aspect.set_index("aspect_no").at[7, "weight"] == pytest.approx(20)
        assert r.by_aspect.set_index("aspect_no").at[7, "n_indicators"] == 4
    w = {rule: r.by_indicator.set_index("indicator_id")["weight"] for rule, r in got.items()}
    assert w["items"]["35-1"] == pytest.approx(20 / 6) and w["items"]["32"] == pytest.approx(20 / 6)
    assert w["mean"]["35-1"] == pytest.approx(5 / 3) and w["mean"]["32"] == pytest.approx(5)
    assert (w["max"]["35-1"], w["max"]["35-2"]) == (pytest.approx(5), 0)
    assert (w["min"]["35-3"], w["min"]["35-1"]) == (pytest.approx(5), 0)


def test_single_level_per_indicator_equals_weighted_sum():
    f = frame(F2020, {str(n): 1 + n % 5 for n in range(1, 48)})
    r = index_scores(f)
    expected = sum(F2020.weight(n) * (1 + n % 5) for n in range(1, 48)) / 100
    assert r.total == pytest.approx(expected)


def levels_for_total(framework, total: Fraction, instances=None) -> dict[str, int]:
    """Levels of a complete frame whose index is exactly ``total`` (found by search)."""
    base = index_scores(frame(framework, instances=instances, default=framework.level_min))
    weights = [
        (iid, Fraction(w).limit_denominator(1000))
        for iid, w in zip(
            base.by_indicator["indicator_id"], base.by_indicator["weight"], strict=True
        )
    ]
    scale = math.lcm(*(w.denominator for _, w in weights))
    units = [(iid, int(w * scale)) for iid, w in weights]
    goal = total * 100 * scale
    assert goal.denominator == 1, "total not reachable with these weights"
    goal_units = int(goal)
    lo, hi = framework.level_min, framework.level_max
    reach: dict[int, None] = {0: None}
    back: list[dict[int, tuple[int, int]]] = []
    for _, u in units:
        nxt: dict[int, tuple[int, int]] = {}
        for s in reach:
            for lv in range(lo, hi + 1):
                t = s + u * lv
                if t <= goal_units and t not in nxt:
                    nxt[t] = (s, lv)
        back.append(nxt)
        reach = nxt  # type: ignore[assignment]
    assert goal_units in reach, f"no levels give {total}"
    out: dict[str, int] = {}
    s = goal_units
    for (iid, _), step in zip(reversed(units), reversed(back), strict=True):
        s, out[iid] = step[s]
    return out


EDGES_2018 = [
    ("1.8", "Cukup"),
    ("1.79", "Kurang"),
    ("2.6", "Baik"),
    ("2.59", "Cukup"),
    ("3.5", "Sangat Baik"),
    ("3.49", "Baik"),
    ("4.2", "Memuaskan"),
    ("4.19", "Sangat Baik"),
    ("5", "Memuaskan"),
    ("0", "Kurang"),
]


@pytest.mark.parametrize(("value", "predicate"), EDGES_2018)
def test_predicate_band_edges_2018(value, predicate):
    levels = levels_for_total(F2018, Fraction(value))
    r = index_scores(frame(F2018, levels))
    assert r.total == pytest.approx(float(value), abs=1e-12)
    assert r.predicate == predicate


@pytest.mark.parametrize(("value", "predicate"), [e for e in EDGES_2018 if e[0] != "0"])
def test_predicate_band_edges_2020(value, predicate):
    levels = levels_for_total(F2020, Fraction(value))
    r = index_scores(frame(F2020, levels))
    assert r.total == pytest.approx(float(value), abs=1e-12)
    assert r.predicate == predicate


def test_predicate_is_that_of_the_published_two_decimal_figure():
    """2.5967 displays 2.60 and is Baik (never "2.60 Cukup"); 2.5933 is 2.59 Cukup."""
    inst = {35: 3}  # aspect 7 has six items of 20/6 each: thirds of a point
    up = index_scores(
        frame(F2018, levels_for_total(F2018, Fraction(779, 300), inst), instances=inst)
    )
    assert up.total == pytest.approx(2.596667, abs=1e-6) and up.total < 2.6
    assert up.rounded()["total"] == 2.60 and up.predicate == "Baik"
    assert F2018.predicate(up.total) == "Cukup"  # the raw figure would say otherwise
    down = index_scores(
        frame(F2018, levels_for_total(F2018, Fraction(778, 300), inst), instances=inst)
    )
    assert down.rounded()["total"] == 2.59 and down.predicate == "Cukup"


@st.composite
def complete_frames(draw, framework):
    lo, hi = framework.level_min, framework.level_max
    instances = {}
    for r in framework.indicators.itertuples(index=False):
        if r.multi_instance:
            instances[int(r.indicator_no)] = draw(st.integers(1, 4))
    f = frame(framework, instances=instances, default=lo)
    n = len(f)
    f["maturity_level"] = pd.array(
        draw(st.lists(st.integers(lo, hi), min_size=n, max_size=n)), dtype="Int64"
    )
    # some ids have no follow-up level: official falls back to the evaluator's
    gaps = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    f["evaluator_level"] = pd.array(
        draw(st.lists(st.integers(lo, hi), min_size=n, max_size=n)), dtype="Int64"
    )
    f.loc[pd.Series(gaps, index=f.index), "maturity_level"] = pd.NA
    return f


PROPERTY_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.mark.parametrize("framework", [F2018, F2020], ids=["spbe2018", "spbe2020"])
@pytest.mark.parametrize("rule", rules.INSTANCE_RULES)
def test_properties(framework, rule):
    @PROPERTY_SETTINGS
    @given(f=complete_frames(framework), data=st.data())
    def check(f, data):
        r = index_scores(f, instances=rule, framework=framework)
        lo, hi = framework.level_min, framework.level_max
        assert lo - 1e-9 <= r.total <= hi + 1e-9
        assert r.skipped == ()
        # parts add up to the total
        assert r.by_indicator["points"].sum() == pytest.approx(r.total, abs=1e-9)
        assert (r.by_domain["weight"] * r.by_domain["index"]).sum() / 100 == pytest.approx(
            r.total, abs=1e-9
        )
        assert (r.by_aspect["weight"] * r.by_aspect["index"]).sum() / 100 == pytest.approx(
            r.total, abs=1e-9
        )
        assert r.by_domain["weight"].sum() == pytest.approx(100)
        assert r.predicate == framework.predicate(round_half_up(r.total))
        # no change is no change
        same = what_if(f, {}, instances=rule, framework=framework)
        assert same.after.total == same.before.total == r.total
        assert (same.change["delta"] == 0).all()
        # raising any level never lowers the index
        iid = data.draw(st.sampled_from(list(r.by_indicator["indicator_id"])))
        current = int(r.by_indicator.set_index("indicator_id").at[iid, "level"])
        to = data.draw(st.integers(current, hi))
        raised = what_if(f, {iid: to}, instances=rule, framework=framework)
        assert raised.after.total >= r.total - 1e-12
        assert (raised.change["delta"] >= -1e-12).all()
        # setting a level to itself is no change
        again = what_if(f, {iid: current}, instances=rule, framework=framework)
        assert again.after.total == pytest.approx(r.total, abs=1e-12)

    check()
