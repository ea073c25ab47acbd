"""scoring.results: published rounding and the result types."""

from __future__ import annotations

import math

from spbe_xl.rules import MissingLevelError, index_scores, round_half_up
from tests.scoring.frames import F2018, frame


def test_round_half_up():
    assert round_half_up(2.595) == 2.6  # Python's round() gives 2.59
    assert round_half_up(2.5949999999999997) == 2.6
    assert round_half_up(2.594999) == 2.59
    assert round_half_up(1.805) == 1.81
    assert round_half_up(2.7233333) == 2.72
    assert math.isnan(round_half_up(math.nan)) and math.isnan(round_half_up(None))


def test_rounded_figures():
    f = frame(F2018, {"1": None}, default=3)
    r = index_scores(f, missing="skip")
    shown = r.rounded()
    assert (shown["framework"], shown["level"], shown["instances"]) == (
        "spbe2018",
        "official",
        "items",
    )
    assert shown["total"] == 3.0 and shown["predicate"] == "Baik"
    assert shown["by_domain"] == {1: 3.0, 2: 3.0, 3: 3.0}
    assert r.domain_index(1) == 3.0 and r.aspect_index(1) == 3.0
    empty = index_scores(frame(F2018, default=None), missing="skip").rounded()
    assert empty["total"] is None and set(empty["by_aspect"].values()) == {None}


def test_missing_level_error_keeps_its_ids():
    error = MissingLevelError("no level", ids=["1", "35-2"])
    assert error.ids == ("1", "35-2") and str(error) == "no level"
    assert MissingLevelError("x").ids == ()
