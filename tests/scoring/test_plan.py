"""rules.plan: the fewest level steps to a target, checked against brute force."""

from __future__ import annotations

import dataclasses
import itertools
import math
import random

import pytest

import spbe_xl.framework as fw
from spbe_xl import rules
from spbe_xl.book import RESPONSIBILITY_COLUMNS, frame_from_records
from spbe_xl.rules import round_half_up
from spbe_xl.text import indicator_sort_key
from tests.framework.files import toml_text, write
from tests.scoring.frames import F2018, frame, make_book

AGENCIES = ("Dinas A", "Dinas B", "Bagian C")


def _mini(tmp_path, weights, aspects, name="mini.toml"):
    n = len(weights)
    numbers = tuple(range(1, n + 1))
    k = sum(1 for a in aspects if a == 1)  # aspect 1 holds the first k indicators
    text = toml_text(
        weights=weights,
        aspect_lists=(f"1-{k}", f"{k + 1}-{n}"),
        aspect_weights=(sum(weights[:k]), sum(weights[k:])),
        indicator_numbers=numbers,
        indicator_aspects=aspects,
        indicator_domains=aspects,
    )
    return fw.load(write(tmp_path, text, name))


def _brute(framework, indicators, goal, caps, agencies):
    """The best plan by enumeration: (steps, sum of squared agency loads, sorted ids)."""
    ids = list(caps)
    best = None
    for xs in itertools.product(*(range(caps[i] + 1) for i in ids)):
        levels = dict(zip(indicators["indicator_id"], indicators["maturity_level"], strict=True))
        changes = {i: int(levels[i]) + x for i, x in zip(ids, xs, strict=True) if x}
        after = rules.what_if(indicators, changes, framework=framework).after.total
        if round_half_up(after) < goal - 1e-9:
            continue
        loads: dict[str, int] = {}
        for i, x in zip(ids, xs, strict=True):
            for a in agencies[i]:
                loads[a] = loads.get(a, 0) + x
        key = (
            sum(xs),
            sum(v * v for v in loads.values()),
            tuple(
                sorted(
                    indicator_sort_key(i) for i, x in zip(ids, xs, strict=True) for _ in range(x)
                )
            ),
        )
        if best is None or key < best:
            best = key
    return best


def _plan_key(plan):
    loads: dict[str, int] = {}
    for names in plan.steps["agencies"]:
        for a in names.split("; "):
            loads[a] = loads.get(a, 0) + 1
    ids = tuple(sorted(indicator_sort_key(i) for i in plan.steps["indicator_id"]))
    return (len(plan.steps), sum(v * v for v in loads.values()), ids)


@pytest.mark.parametrize("seed", range(30))
def test_plan_is_the_brute_force_optimum_on_small_frameworks(tmp_path, seed):
    rng = random.Random(seed)
    n = rng.choice([4, 5, 6])
    weights = [rng.choice([5.0, 10.0, 15.0, 20.0]) for _ in range(n)]
    weights[-1] += 100.0 - sum(weights)
    if weights[-1] <= 0:
        weights = [100.0 / n] * n
    weights = [float(w) for w in weights]
    aspects = tuple(1 if i < n // 2 else 2 for i in range(n))
    mini = _mini(tmp_path, tuple(weights), aspects)
    max_step = rng.choice([1, 2])
    levels = {str(i): rng.randint(1, 5) for i in range(1, n + 1)}
    agency = {str(i): rng.choice(AGENCIES) for i in range(1, n + 1)}
    ind = frame(mini, levels, responsible_agency=agency)
    book = make_book(ind)
    shared = {i: [agency[i]] for i in levels}
    if seed % 3 == 0:  # indicator 2 shared with a second agency
        other = next(a for a in AGENCIES if a != agency["2"])
        shared["2"].append(other)
        book = dataclasses.replace(
            book,
            responsibilities=frame_from_records(
                [{"indicator_id": "2", "agency": other, "order": 2}], RESPONSIBILITY_COLUMNS
            ),
        )
    now = rules.index_scores(ind, framework=mini).total
    # mostly above the index now (a plan to find), sometimes out of reach or below it
    goal = round(rng.uniform(now - 0.3, 5.0), 2)
    plan = rules.plan(book, goal, max_step=max_step, framework=mini)
    caps = {i: min(max_step, 5 - lv) for i, lv in levels.items() if lv < 5}
    best = _brute(mini, ind, goal, caps, shared)
    if best is None:  # unreachable: every available step, and the best index
        assert not plan.reached
        assert len(plan.steps) == sum(caps.values())
        top = (
            rules.what_if(
                ind, {i: levels[i] + c for i, c in caps.items()}, framework=mini
            ).after.total
            if caps
            else math.nan
        )
        if caps:
            assert plan.best_reachable == pytest.approx(top)
        assert any("tidak dapat dicapai" in n for n in plan.notes)
    else:
        assert plan.reached
        assert plan.tie_break_exact
        assert _plan_key(plan) == best
        assert round_half_up(plan.index_after) >= goal - 1e-9


def test_shared_indicators_count_for_each_agency(tmp_path):
    mini = _mini(tmp_path, (25.0, 25.0, 25.0, 25.0), (1, 1, 2, 2))
    levels = {"1": 2, "2": 2, "3": 2, "4": 2}
    ind = frame(mini, levels, responsible_agency={"1": "A", "2": "B", "3": "A", "4": "C"})
    book = make_book(ind)
    # one step of 0.25 reaches 2.25: 1 (agency A) is the lowest id, and every agency is empty
    plan = rules.plan(book, 2.25, framework=mini)
    assert plan.steps["indicator_id"].tolist() == ["1"]
    # two steps: A twice costs 4, A and B costs 2: 1 and 2
    plan = rules.plan(book, 2.5, framework=mini)
    assert sorted(plan.steps["indicator_id"]) == ["1", "2"]


def test_bontang_to_sangat_baik_is_minimal(bontang_book):
    plan = rules.plan(bontang_book, "Sangat Baik")
    assert plan.framework == "spbe2018" and plan.target == 3.5
    assert plan.reached and plan.predicate_after == "Sangat Baik"
    assert plan.predicate_before == "Baik"
    # independent: the points of one more level of every id (level_deltas), largest first
    deltas = rules.level_deltas(bontang_book.indicators).table
    gains = sorted((g for g in deltas["points_to_next_level"].dropna() if g > 0), reverse=True)
    need = 3.495 - plan.index_before
    k = next(k for k in range(1, len(gains) + 1) if sum(gains[:k]) >= need - 1e-9)
    assert len(plan.steps) == k
    # the index climbs with every step to the final index, through the engine
    climb = plan.steps["index_after"].tolist()
    assert climb == sorted(climb)
    changes = dict(zip(plan.steps["indicator_id"], plan.steps["level_to"].astype(int), strict=True))
    assert rules.what_if(bontang_book.indicators, changes).after.total == pytest.approx(climb[-1])
    assert plan.index_after == pytest.approx(climb[-1])
    # every step has the criterion of the level it reaches, from the catalog
    for no, to, text in zip(
        plan.steps["indicator_no"], plan.steps["level_to"], plan.steps["criterion"], strict=True
    ):
        assert text == F2018.criterion(int(no), int(to))
    assert plan.steps["criterion"].notna().all()
    # 35-1 is at level 5 already: set apart, not planned
    assert plan.apart.set_index("indicator_id").at["35-1", "reason"] == "top level"
    assert plan.by_agency["n_steps"].sum() >= len(plan.steps)


@pytest.mark.parametrize("seed", range(6))
def test_random_spbe2018_books_get_the_fewest_steps(seed):
    rng = random.Random(seed)
    levels = {str(no): rng.randint(0, 5) for no in range(1, 36)}
    ind = frame(F2018, levels)
    book = make_book(ind)
    goal = rng.choice(["Baik", "Sangat Baik", "Memuaskan", 3.0])
    plan = rules.plan(book, goal, framework="spbe2018")
    deltas = rules.level_deltas(ind, framework="spbe2018").table
    gains = sorted((g for g in deltas["points_to_next_level"].dropna() if g > 0), reverse=True)
    need = plan.target - 0.005 - plan.index_before
    sums = list(itertools.accumulate(gains))
    k = next((k for k, s in enumerate(sums, start=1) if s >= need - 1e-9), None)
    if need <= 0:
        assert len(plan.steps) == 0 and plan.reached
    elif k is None:
        assert not plan.reached and len(plan.steps) == len(gains)
        assert plan.best_reachable == pytest.approx(plan.index_before + sums[-1])
    else:
        assert plan.reached and len(plan.steps) == k


def test_constraints_exclude_external_max_step(bontang_book):
    plan = rules.plan(bontang_book, "Baik", exclude={"25": "anggaran belum ada"}, external=[26])
    apart = plan.apart.set_index("indicator_id")
    assert apart.at["25", "reason"] == "excluded" and apart.at["25", "note"] == "anggaran belum ada"
    assert apart.at["26", "reason"] == "external"
    assert not {"25", "26"} & set(plan.steps["indicator_id"])
    assert plan.reached and len(plan.steps) == 0  # 2.68 is Baik already
    two = rules.plan(bontang_book, "Memuaskan", max_step=2)
    assert two.steps.groupby("indicator_id").size().max() <= 2
    assert (two.steps["level_to"] <= 5).all()
    one = rules.plan(bontang_book, "Memuaskan")
    assert not one.reached and one.best_reachable < 4.2
    assert any("indeks tertinggi yang dapat dicapai" in n for n in one.notes)


def test_bad_options(bontang_book):
    with pytest.raises(ValueError, match="predicate"):
        rules.plan(bontang_book, "Luar Biasa")
    with pytest.raises(ValueError, match="instances"):
        rules.plan(bontang_book, 3.5, instances="max")
    with pytest.raises(ValueError, match="max_step"):
        rules.plan(bontang_book, 3.5, max_step=0)
    with pytest.raises(ValueError, match="outside"):
        rules.plan(bontang_book, 7)


@pytest.mark.parametrize("instances", ["items", "mean"])
def test_instances_rules_with_a_multi_instance_indicator(instances):
    rng = random.Random(7)
    levels = {str(no): rng.randint(1, 4) for no in range(1, 35)}
    levels |= {"35-1": 1, "35-2": 3, "35-3": 5}
    ind = frame(F2018, levels, instances={35: 3})
    plan = rules.plan(make_book(ind), 2.9, instances=instances, framework="spbe2018")
    deltas = rules.level_deltas(ind, framework="spbe2018", instances=instances).table
    gains = sorted((g for g in deltas["points_to_next_level"].dropna() if g > 0), reverse=True)
    need = 2.895 - plan.index_before
    assert need > 0
    k = next(k for k, s in enumerate(itertools.accumulate(gains), start=1) if s >= need - 1e-9)
    assert plan.reached and len(plan.steps) == k
    after = rules.what_if(
        ind,
        dict(zip(plan.steps["indicator_id"], plan.steps["level_to"].astype(int), strict=True)),
        instances=instances,
        framework="spbe2018",
    ).after.total
    assert after == pytest.approx(plan.index_after)
    assert "35-3" in set(plan.apart["indicator_id"])  # at level 5


def test_a_book_without_levels_plans_nothing():
    plan = rules.plan(make_book(frame(F2018, default=None)), "Baik", framework="spbe2018")
    assert not plan.reached and len(plan.steps) == 0
    assert set(plan.apart["reason"]) == {"no level"}
    assert plan.notes[0] == (
        "Target Baik tidak dapat direncanakan: tidak ada indikator yang memiliki level."
    )


def test_pemdi_plan_steps_in_decimals_and_sets_external_indicators_apart(tmp_path):
    """Under pemdi2026 a step raises a decimal score by the increment, never past 5.00;
    the indicators valued from other national indices are never planned (issues 16, 17)."""
    from spbe_xl.readers import read_workbook
    from tests.pemdi_workbooks import pemdi_followup

    book = read_workbook(pemdi_followup(tmp_path / "tl.xlsx"))
    pemdi = fw.load("pemdi2026")
    external = {str(n) for n in pemdi.externals["indicator_no"]}
    assert external  # Satu Data, geospatial, statistics
    p = rules.plan(book, "Cukup")
    assert p.framework == "pemdi2026" and p.increment == 1.0 and p.reached
    assert set(p.apart.loc[p.apart["reason"] == "external", "indicator_id"]) == external
    assert not set(p.steps["indicator_id"]) & external
    rises = p.steps["level_to"] - p.steps["level_from"]
    assert ((rises > 0) & (rises <= 1.0 + 1e-9)).all() and (p.steps["level_to"] <= 5.0).all()
    # the index after the steps is the engine's, and no plan with fewer steps reaches it:
    # with one step per indicator the gains are independent, so the largest gains first
    # give the fewest steps
    changes = dict(zip(p.steps["indicator_id"], p.steps["level_to"], strict=True))
    assert rules.what_if(book.indicators, changes).after.total == pytest.approx(p.index_after)
    table = rules.index_scores(book.indicators).by_indicator
    gains = sorted(
        (
            w * min(1.0, 5.0 - v)
            for iid, v, w in zip(
                table["indicator_id"], table["level"], table["weight"], strict=True
            )
            if iid not in external
        ),
        reverse=True,
    )
    need = p.target - 0.005 - p.index_before
    fewest = next(k for k in range(1, len(gains) + 1) if sum(gains[:k]) / 100 >= need)
    assert len(p.steps) == fewest
    # Baik is out of reach with one step per indicator: every step, and the best index
    far = rules.plan(book, "Baik")
    assert not far.reached and len(far.steps) == len(gains)
    assert far.best_reachable == pytest.approx(p.index_before + sum(gains) / 100)
    fine = rules.plan(book, "Cukup", increment=0.25, max_step=4)
    assert len(fine.steps) > len(p.steps)
    assert ((fine.steps["level_to"] - fine.steps["level_from"]) <= 0.25 + 1e-9).all()
    with pytest.raises(ValueError, match="whole levels"):
        rules.plan(make_book(frame(F2018, default=2)), "Baik", increment=0.5)
