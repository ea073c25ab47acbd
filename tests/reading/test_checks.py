"""The checks made while merging an indicator's records (reading.checks), on the Bontang
follow-up with its level cells changed."""

from __future__ import annotations

import spbe_xl
from tests import variants
from tests.conftest import FOLLOWUP_XLSX


def test_an_unreadable_level_is_not_called_empty_but_a_blank_one_is(tmp_path):
    """Every LEVEL 3 typed as two levels (no level: an unreadable_level error) and every
    LEVEL 2 erased: the blank cells are missing levels, the unreadable ones are not said to
    be empty (before: 'missing_level ... is empty' for a cell holding 'LEVEL III / IV')."""
    grids = variants.load(FOLLOWUP_XLSX)
    for grid in grids:
        variants.map_cells(
            grid, lambda v: "LEVEL III / IV" if v == "LEVEL 3" else None if v == "LEVEL 2" else v
        )
    path = variants.save(grids, tmp_path / "tl.xlsx")
    before = spbe_xl.read_workbook(FOLLOWUP_XLSX).indicators.set_index("indicator_id")
    threes = set(before.index[before["maturity_level"] == 3])
    twos = set(before.index[before["maturity_level"] == 2])
    blank_before = set(before.index[before["maturity_level"].isna()])  # 13, left blank
    assert threes and twos and blank_before

    book = spbe_xl.read_workbook(path)
    found = book.findings
    unreadable = found[found.code == "unreadable_level"]
    missing = found[(found.code == "missing_level") & found.message.str.contains("maturity")]
    assert set(unreadable.indicator_id) == threes
    assert all("'LEVEL III / IV'" in m and "0-5" not in m for m in unreadable.message)
    assert set(missing.indicator_id) == twos | blank_before  # none of the threes
    assert all(m.endswith("is empty") for m in missing.message)
    levels = book.indicators.set_index("indicator_id")["maturity_level"]
    assert levels[sorted(threes | twos)].isna().all()
