"""rules.track: two and more rounds of one instansi, built from the Bontang sample."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from spbe_xl import rules
from spbe_xl.book import ACTION_COLUMNS, BookMeta, frame_from_records
from tests.scoring.frames import F2020, frame, make_book

KEPT = ["25", "26", "18", "21"]  # planned and raised
NOT_KEPT = ["27", "28", "19"]  # planned, held
UNPLANNED_RAISE = "1"
FELL = "3"  # unplanned, fell


def _with_actions(book, ids, year):
    actions = frame_from_records(
        [
            {"indicator_id": iid, "year": year, "month": 3, "text": f"Rencana aksi {iid}"}
            for iid in ids
        ],
        ACTION_COLUMNS,
    )
    return dataclasses.replace(book, actions=actions)


def _later(book, year, changes):
    ind = book.indicators.copy()
    official = ind["maturity_level"].fillna(ind["evaluator_level"])
    for iid, delta in changes.items():
        row = ind.index[ind["indicator_id"] == iid][0]
        official.loc[row] = official.loc[row] + delta
    ind["maturity_level"] = official.astype("Int64")
    ind["evaluator_level"] = official.astype("Int64")
    meta = dataclasses.replace(book.meta, year=year)
    return dataclasses.replace(book, indicators=ind, meta=meta, actions=book.actions.iloc[0:0])


@pytest.fixture(scope="module")
def rounds(bontang_book):
    earlier = _with_actions(bontang_book, KEPT + NOT_KEPT, 2019)
    changes = {iid: 1 for iid in KEPT} | {UNPLANNED_RAISE: 1, FELL: -1, "26": 2}
    later = _later(bontang_book, 2019, changes)  # 26 rose two levels
    return earlier, later


def test_planned_versus_achieved(rounds):
    earlier, later = rounds
    t = rules.track([later, earlier])  # any order: by year
    assert t.rounds["round"].tolist() == ["2018", "2019"]
    assert t.rounds["index"].iloc[0] == pytest.approx(
        rules.index_scores(earlier.indicators, missing="skip").total
    )
    traj = t.trajectory.set_index("indicator_id")
    for iid in KEPT:
        assert traj.at[iid, "planned_2019"] and traj.at[iid, "outcome_2019"] == "raised"
        assert traj.at[iid, "plan_years_2019"] == "2019"
    for iid in NOT_KEPT:
        assert traj.at[iid, "planned_2019"] and traj.at[iid, "outcome_2019"] == "held"
    assert not traj.at[UNPLANNED_RAISE, "planned_2019"]
    assert traj.at[UNPLANNED_RAISE, "outcome_2019"] == "raised"
    assert traj.at[FELL, "outcome_2019"] == "fell"
    assert traj.at["26", "official_2018"] + 2 == traj.at["26", "official_2019"]
    out = t.outcomes.set_index("planned")
    assert out.loc[True, ["raised", "held", "fell"]].tolist() == [4, 3, 0]
    n = len(traj)
    assert out.loc[False, ["raised", "held", "fell"]].tolist() == [1, n - 7 - 2, 1]
    # per agency: Bagian Organisasi Setda had 25, 18, 19 planned, 25 and 18 raised
    ft = t.follow_through.set_index("agency")
    org = ft.loc["Bagian Organisasi Setda"]
    assert (org["planned"], org["planned_raised"], org["steps_achieved"]) == (3, 2, 2)
    bkpp = ft.loc["Badan Kepegawaian, Pendidikan dan Pelatihan"]
    assert (bkpp["planned"], bkpp["planned_raised"], bkpp["steps_achieved"]) == (1, 1, 2)
    assert ft["planned"].sum() == len(KEPT) + len(NOT_KEPT)
    assert ft.loc["Dinas Komunikasi, Informatika dan Statistik", "fell"] == 1  # indicator 3


def test_three_rounds_and_a_plan_for_a_later_year(rounds):
    earlier, later = rounds
    third = _later(later, 2020, {"27": 1})
    # the 2018 plan for 27 is for 2020: not counted for 2019
    earlier = _with_actions(earlier, ["27"], 2020)
    t = rules.track([earlier, later, third])
    traj = t.trajectory.set_index("indicator_id")
    assert not traj.at["27", "planned_2019"]
    assert traj.at["27", "outcome_2020"] == "raised"
    assert not traj.at["27", "planned_2020"]  # the 2019 round has no plan
    assert any("2019 follow-up has no action plan" in n for n in t.notes)


def test_across_frameworks_no_delta(rounds):
    earlier, _ = rounds
    ind = frame(F2020, default=3)
    newer = make_book(ind, instansi="Pemerintah Kota Bontang", year=2021)
    newer = dataclasses.replace(
        newer, meta=BookMeta(instansi="Pemerintah Kota Bontang", year=2021, framework="spbe2020")
    )
    t = rules.track([earlier, newer])
    assert t.rounds["framework"].tolist() == ["spbe2018", "spbe2020"]
    assert not any(c.startswith("outcome_") for c in t.trajectory.columns)
    assert t.follow_through.empty
    assert any("no mapping" in n for n in t.notes)
    both = t.trajectory.groupby("framework").size().to_dict()
    assert both == {"spbe2018": 37, "spbe2020": 47}
    spbe2020 = t.trajectory[t.trajectory["framework"] == "spbe2020"]
    assert spbe2020["official_2018"].isna().all() and (spbe2020["official_2021"] == 3).all()


def test_one_round_is_refused(rounds):
    with pytest.raises(ValueError, match="two rounds"):
        rules.track([rounds[0]])
    assert isinstance(rules.track(list(rounds)).bands, pd.DataFrame)
