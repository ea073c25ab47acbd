"""The grid (spbe_xl.reading.grid): merged ranges found by row."""

from __future__ import annotations

import random

from spbe_xl.reading.grid import Sheet, merge_parent, row_merges


def test_the_merged_ranges_over_a_row_are_those_a_scan_finds_in_the_sheets_order():
    """row_merges looks ranges up by their first row (speed); the answer is the scan's:
    every range over the row, in the sheet's order, for ranges of any height (one row,
    tall, a title over many rows, empty or inverted ranges from a damaged file), for the
    first rows asked and after the sheet is indexed in full."""
    rng = random.Random(15)
    for _ in range(400):
        merges = []
        for _ in range(rng.randrange(0, 40)):
            r0 = rng.randrange(-2, 30)
            height = rng.choice([0, 0, 0, 1, 2, 5, rng.randrange(0, 40), -1])
            c0 = rng.randrange(0, 10)
            merges.append((r0, c0, r0 + height, c0 + rng.randrange(0, 4)))
        sheet = Sheet("f.xlsx", "s", [[None]] * 80, merges)
        rows = list(range(-3, 80))
        rng.shuffle(rows)
        for r in rows:
            expected = [(r0, c0, c1) for r0, c0, r1, c1 in merges if r0 <= r <= r1]
            assert row_merges(sheet, max(r, 0)) == [
                (r0, c0, c1) for r0, c0, r1, c1 in merges if r0 <= max(r, 0) <= r1
            ]
            c = rng.randrange(0, 14)
            first = next(((r0, c0) for r0, c0, c1 in expected if c0 <= c <= c1), None)
            if r >= 0:
                assert merge_parent(sheet, r, c) == first
