"""scoring.rollup: the per-agency rollup."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from spbe_xl import rules
from tests.scoring.frames import F2018, frame, make_book


def test_agency_rollup():
    agencies = {
        "1": "Dinas A",
        "2": "Dinas  A\n",  # the same name once whitespace is folded
        "25": "Dinas A",
        "18": "Dinas B",
    }
    f = frame(F2018, default=3, responsible_agency=agencies)
    evidence = [
        {"indicator_id": "1", "kind": "recommended", "item_no": 1, "text": "a", "status": "ada"},
        {
            "indicator_id": "1",
            "kind": "recommended",
            "item_no": 2,
            "text": "b",
            "status": "belum ada",
        },
        {"indicator_id": "2", "kind": "recommended", "item_no": 1, "text": "c", "status": "ada"},
        {"indicator_id": "2", "kind": "recommended", "item_no": 2, "text": "d", "status": None},
        {"indicator_id": "2", "kind": "self", "item_no": 1, "text": "e", "status": "ada"},
        {"indicator_id": "18", "kind": "optimal", "item_no": 1, "text": "f", "status": "ada"},
        {
            "indicator_id": "30",
            "kind": "recommended",
            "item_no": 1,
            "text": "g",
            "status": "BELUM ADA",
        },
    ]
    actions = [
        {"indicator_id": "1", "year": 2019, "text": "draft perwali"},
        {"indicator_id": "1", "year": 2020, "month": 3, "text": "sosialisasi"},
        {"indicator_id": "1", "year": 2020, "month": 4, "text": "sosialisasi"},  # same action
        {"indicator_id": "25", "year": 2020, "text": "aplikasi"},
        {"indicator_id": "30", "year": 2019, "text": "x"},
        {"indicator_id": None, "year": 2019, "text": "schedule row without an indicator"},
    ]
    book = make_book(f, evidence=evidence, actions=actions, plan_years=(2019, 2020, 2021))
    roll = rules.agency_rollup(book)
    assert list(roll.columns) == [
        "responsible_agency",
        "n_indicators",
        "indicator_ids",
        "n_shared",
        "shared_with",
        "mean_level",
        "points_now",
        "points_to_win",
        "evidence_items",
        "evidence_ada",
        "evidence_belum_ada",
        "actions_2019",
        "actions_2020",
        "actions_2021",
        "indicators_without_action",
    ]
    assert roll["points_to_win"].is_monotonic_decreasing
    by = roll.set_index("responsible_agency")
    assert set(by.index) == {"Dinas A", "Dinas B", rules.NO_AGENCY}
    a = by.loc["Dinas A"]
    assert (a.n_indicators, a.indicator_ids, a.mean_level) == (3, "1, 2, 25", 3.0)
    assert a.n_shared == 0 and pd.isna(a.shared_with)
    assert a.points_now == pytest.approx((1 + 1 + 5) * 3 / 100)
    assert a.points_to_win == pytest.approx((1 + 1 + 5) * 2 / 100)
    assert (a.evidence_items, a.evidence_ada, a.evidence_belum_ada) == (4, 2, 1)
    assert (a.actions_2019, a.actions_2020, a.actions_2021) == (1, 2, 0)
    assert a.indicators_without_action == 1  # indicator 2
    b = by.loc["Dinas B"]
    assert (b.n_indicators, b.points_now, b.points_to_win) == (
        1,
        pytest.approx(0.12),
        pytest.approx(0.08),
    )
    assert (b.evidence_items, b.indicators_without_action) == (0, 1)
    none = by.loc[rules.NO_AGENCY]
    assert none.n_indicators == 31
    assert (none.evidence_items, none.evidence_belum_ada, none.actions_2019) == (1, 1, 1)
    assert none.indicators_without_action == 30
    assert roll["points_now"].sum() == pytest.approx(3.0)
    assert roll.iloc[0]["responsible_agency"] == rules.NO_AGENCY


def test_agency_rollup_counts_absent_indicators_as_without_agency():
    f = frame(F2018, default=2, responsible_agency={str(n): "Dinas A" for n in range(1, 36)})
    f = f[f["indicator_id"] != "12"]
    roll = rules.agency_rollup(make_book(f)).set_index("responsible_agency")
    assert roll.at[rules.NO_AGENCY, "indicator_ids"] == "12"
    assert roll.at[rules.NO_AGENCY, "points_now"] == 0
    assert roll.at[rules.NO_AGENCY, "points_to_win"] > 0
    assert [c for c in roll.columns if c.startswith("actions_")] == []


def test_rollup_reads_evidence_and_actions_leniently():
    """Frames without the optional columns give zero counts, not errors."""
    f = frame(F2018, default=3, responsible_agency={"1": "Dinas A"})
    book = make_book(f)
    book = dataclasses.replace(
        book,
        evidence=pd.DataFrame({"indicator_id": ["1"], "kind": [" Recommended "]}),
        actions=pd.DataFrame({"indicator_id": ["1", "2"]}),
    )
    by = rules.agency_rollup(book).set_index("responsible_agency")
    assert by.at["Dinas A", "evidence_items"] == 1
    assert by.at["Dinas A", "evidence_ada"] == 0
    assert by.at["Dinas A", "indicators_without_action"] == 0
    assert by.at[rules.NO_AGENCY, "indicators_without_action"] == 33
    with pytest.raises(ValueError, match="target 6"):
        rules.agency_rollup(book, target=6)


def _responsibilities(rows):
    from spbe_xl.book import RESPONSIBILITY_COLUMNS, frame_from_records

    return frame_from_records(
        [{"indicator_id": i, "agency": a, "order": o} for i, a, o in rows], RESPONSIBILITY_COLUMNS
    )


def test_a_shared_indicator_counts_for_each_of_its_agencies_and_says_so():
    f = frame(
        F2018,
        default=3,
        responsible_agency={"1": "Bappeda", "2": "Bappeda", "18": "BPKAD", "25": "Inspektorat"},
    )
    actions = [{"indicator_id": "1", "year": 2019, "text": "draft perwali"}]
    book = make_book(f, actions=actions, plan_years=(2019,))
    alone = rules.agency_rollup(book).set_index("responsible_agency")
    book = dataclasses.replace(
        book,
        responsibilities=_responsibilities(
            [
                ("1", "Bappeda", 1),
                ("1", "BPKAD", 2),
                ("1", "Inspektorat", 3),
                ("2", "Bappeda", 1),
                ("18", "BPKAD", 1),
                ("25", "Inspektorat", 1),
                ("25", "Bappeda", 2),
            ]
        ),
    )
    roll = rules.agency_rollup(book)
    by = roll.set_index("responsible_agency")
    bappeda, bpkad, inspektorat = by.loc["Bappeda"], by.loc["BPKAD"], by.loc["Inspektorat"]
    assert (bappeda.n_indicators, bappeda.indicator_ids) == (3, "1, 2, 25")
    assert (bappeda.n_shared, bappeda.shared_with) == (2, "BPKAD; Inspektorat")
    assert (bpkad.n_indicators, bpkad.indicator_ids, bpkad.n_shared) == (2, "1, 18", 1)
    assert bpkad.shared_with == "Bappeda; Inspektorat"
    assert (inspektorat.indicator_ids, inspektorat.shared_with) == ("1, 25", "Bappeda; BPKAD")
    # each agency holds the shared indicator's points fully (1 point weight x level 3)
    assert bpkad.points_now == pytest.approx(alone.at["BPKAD", "points_now"] + 3 / 100)
    assert bpkad.actions_2019 == 1 and bappeda.actions_2019 == 1
    assert by.at[rules.NO_AGENCY, "n_shared"] == 0
    # the lead stays the indicators frame's responsible agency: a frame changed later wins
    f2 = f.copy()
    f2.loc[f2.indicator_id == "18", "responsible_agency"] = "Dinas Baru"
    moved = rules.agency_rollup(dataclasses.replace(book, indicators=f2))
    moved = moved.set_index("responsible_agency")
    assert moved.at["Dinas Baru", "indicator_ids"] == "18"
    assert moved.at["Dinas Baru", "shared_with"] == "BPKAD"
    assert moved.at["BPKAD", "indicator_ids"] == "1, 18"


def test_a_book_without_responsibilities_rolls_up_as_before():
    f = frame(F2018, default=3, responsible_agency={"1": "Dinas A"})
    book = make_book(f)
    assert book.responsibilities.empty  # a Book built without them: an empty frame
    roll = rules.agency_rollup(book).set_index("responsible_agency")
    assert roll.at["Dinas A", "n_shared"] == 0
    assert roll["n_shared"].sum() == 0 and roll["shared_with"].isna().all()
