"""What ``rules.plan`` and ``rules.track`` return: the plan and the track result types.

Kept apart from :mod:`spbe_xl.scoring.results` so that the writers lay them out without
calling a computation (``writing`` imports these types only).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["PLAN_STEP_COLUMNS", "Plan", "Track"]

#: The columns of :attr:`Plan.steps`, in order, with their dtypes.
PLAN_STEP_COLUMNS: dict[str, str] = {
    "order": "Int64",
    "indicator_id": "string",
    "indicator_no": "Int64",
    "name": "string",
    "aspect_no": "Int64",
    "domain_no": "Int64",
    "agencies": "string",  # "; "-joined: every agency of a shared indicator
    "level_from": "float64",
    "level_to": "float64",
    "points": "float64",
    "index_after": "float64",
    "criterion": "string",
    "evidence_now": "string",
    "evidence_recommended": "string",
}


@dataclass(frozen=True, eq=False)
class Plan:
    """The fewest level steps that raise an index to a target (see ``rules.plan``).

    ``steps`` (:data:`PLAN_STEP_COLUMNS`): one row per step, in the order the index climbs
    (largest gain first, then indicator order); ``index_after`` is the index once this step
    and those above it are taken.  ``by_agency``: agency, n_steps, points, indicator_ids
    (a shared indicator's steps count for each of its agencies).  ``apart``: the indicators
    the plan does not touch and why (indicator_id, agencies, level, reason: ``excluded``,
    ``external``, ``top level``, ``no level``), with ``note`` (the user's reason when
    excluded).
    """

    framework: str
    instansi: str | None
    year: int | None
    level: str
    instances: str
    #: The index to reach (a predicate's lower edge, or the number asked for).
    target: float
    #: How the target was asked: a predicate name, or the number as text.
    target_label: str
    max_step: int
    increment: float
    index_before: float
    predicate_before: str
    index_after: float
    predicate_after: str
    #: Whether the published (2-decimal) index after the steps reaches the target.
    reached: bool
    #: The highest index the constraints allow (every available step taken).
    best_reachable: float
    steps: pd.DataFrame
    by_agency: pd.DataFrame
    apart: pd.DataFrame
    #: Whether the tie-break among the smallest plans was searched to the end (it always
    #: is on the shipped frameworks; the number of steps is minimal either way).
    tie_break_exact: bool
    notes: tuple[str, ...]
    #: Whether the values are decimal scores (Pemdi) rather than whole levels.
    decimal: bool = False


@dataclass(frozen=True, eq=False)
class Track:
    """The same instansi over several rounds (see ``rules.track``).

    ``rounds``: one row per round (round, year, framework, instansi, index, predicate,
    self_index).  ``trajectory``: one row per framework and indicator id, the levels in
    each round (``self_<round>``, ``evaluator_<round>``, ``official_<round>``), and for
    each consecutive pair of rounds of one framework ``planned_<round>`` (whether the
    earlier round's follow-up had an action plan for it), ``plan_years_<round>``,
    ``plan_agencies_<round>`` and ``outcome_<round>`` (raised / held / fell).
    ``follow_through``: per agency and pair of rounds: indicators planned, planned and
    raised, steps achieved (levels gained on planned indicators), unplanned raised, fell.
    ``outcomes``: per pair of rounds, counts of raised / held / fell with and without a
    plan.  ``bands``: the predicate bands of each framework (framework, name, lower,
    upper) for the index chart.
    """

    rounds: pd.DataFrame
    trajectory: pd.DataFrame
    follow_through: pd.DataFrame
    outcomes: pd.DataFrame
    bands: pd.DataFrame
    notes: tuple[str, ...]
