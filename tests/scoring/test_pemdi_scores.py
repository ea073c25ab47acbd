"""Scoring on the pemdi2026 catalog: decimal values, weighted aspect means, no domains.

The Aceh Tengah figures come from /work/shared/pemdi-framework.md §6 (the external
assessor's 2026 interview material for Kabupaten Aceh Tengah, source G4 there): indicator
values per aspect, the published aspect scores 1,75 / 1,28 / 1,0 / 1,17 / 1,08 / 1,4 / 1,18
and the index 1,24 (sum 1,2413).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

import spbe_xl.framework as fw
from spbe_xl import rules

PEMDI = fw.load("pemdi2026")

# §6, the "Indicator values (G4)" column, aspect by aspect, indicators in code order.
# Indicator 13 (code 5.1) is shown as 1,17; the section's own sum, 1,2413, needs 7/6 there
# (with 1,17 the sum is 1,2415), i.e. the value behind the displayed 1,17 is 1,1667.
ACEH_TENGAH_2026 = {
    1: 2.0, 2: 1.5,                                # aspect 1
    3: 1.26, 4: 1.3,                               # aspect 2
    5: 1.0, 6: 1.0, 7: 1.0, 8: 1.0,                # aspect 3
    9: 1.0, 10: 1.0, 11: 1.5, 12: 1.25,            # aspect 4 (w 4/4/3/4)
    13: 7 / 6, 14: 1.0,                            # aspect 5
    15: 1.0, 16: 1.0, 17: 2.5, 18: 1.0,            # aspect 6 (w 4/4/4/3)
    19: 1.0, 20: 1.3,                              # aspect 7 (w 10/15)
}  # fmt: skip
PUBLISHED_ASPECTS = [1.75, 1.28, 1.00, 1.17, 1.08, 1.40, 1.18]
PUBLISHED_INDEX = 1.24


def frame(values: dict[int, float | None], column: str = "maturity_level") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_id": pd.array([str(n) for n in values], dtype="string"),
            "indicator_no": pd.array(list(values), dtype="Int64"),
            column: pd.array(list(values.values()), dtype="Float64"),
        }
    )


def test_aceh_tengah_2026_reproduces_the_assessor_figures():
    result = rules.index_scores(frame(ACEH_TENGAH_2026), framework="pemdi2026")
    assert result.framework == "pemdi2026"
    assert result.by_domain.empty  # no domain level
    published = [PEMDI.publish(x) for x in result.by_aspect["index"]]
    assert published == PUBLISHED_ASPECTS
    assert result.total == pytest.approx(1.2413, abs=5e-5)
    assert PEMDI.publish(result.total) == PUBLISHED_INDEX
    assert result.predicate == "Kurang"
    assert result.by_indicator["level"].dtype == "Float64"


def test_only_the_weighted_aspect_means_match_the_assessor():
    # a plain mean inside an aspect gives aspects 4, 6 and 7 other figures (§6 table)
    plain = []
    for no in range(1, 8):
        members = PEMDI.indicators.loc[PEMDI.indicators["aspect_no"] == no, "indicator_no"]
        vals = [ACEH_TENGAH_2026[int(n)] for n in members]
        plain.append(PEMDI.publish(math.fsum(vals) / len(vals)))
    differs = [
        i + 1 for i, (a, b) in enumerate(zip(plain, PUBLISHED_ASPECTS, strict=True)) if a != b
    ]
    assert differs == [4, 6, 7]


def test_decimal_values_are_refused_by_the_level_frameworks():
    spbe = frame({1: 3.25, 2: 3.0})
    with pytest.raises(ValueError, match="not a whole level"):
        rules.index_scores(spbe, framework="spbe2018", missing="skip")
    with pytest.raises(ValueError, match=r"score range 1\.00-5\.00"):
        rules.index_scores(frame({1: 5.5}), framework="pemdi2026", missing="skip")


def test_what_if_and_points_to_win_in_decimals():
    base = frame(ACEH_TENGAH_2026)
    change = rules.what_if(base, {"20": 2.3}, framework="pemdi2026")
    # indicator 20 weighs 15 %: +1.00 on it is +0.15 on the index
    assert change.after.total - change.before.total == pytest.approx(0.15)
    aspect7 = change.change[(change.change["scope"] == "aspect") & (change.change["number"] == 7)]
    assert float(aspect7["delta"].iloc[0]) == pytest.approx(0.6)  # 15/25 of +1.00
    deltas = rules.level_deltas(base, framework="pemdi2026")
    table = deltas.table.set_index("indicator_id")
    assert deltas.target == 5
    # points to reach 5.00: (5 - 1.3) x 15 % on indicator 20
    assert table.loc["20", "points_to_target"] == pytest.approx(3.7 * 0.15)
    assert table.loc["20", "gap_to_target"] == pytest.approx(3.7)
    # the next level of 1.3 is 2
    assert table.loc["20", "points_to_next_level"] == pytest.approx(0.7 * 0.15)
    # external indicators are said apart: raise them in their own index
    assert table.loc["5", "external_index"].startswith("Indeks Satu Data")
    assert pd.isna(table.loc["20", "external_index"])
    with pytest.raises(ValueError, match="outside"):
        rules.level_deltas(base, framework="pemdi2026", target=5.5)


def test_spbe_deltas_keep_their_columns_and_integer_levels():
    spbe = frame({n: 3.0 for n in range(1, 36)})
    table = rules.level_deltas(spbe, framework="spbe2018").table
    assert "external_index" not in table.columns
    assert table["official_level"].dtype == "Int64"


def test_the_summary_notes_say_external_indicators_apart(tmp_path):
    import spbe_xl
    from tests.pemdi_workbooks import pemdi_followup

    book = spbe_xl.read_workbook(pemdi_followup(tmp_path / "tl.xlsx"))
    notes = rules.summarize(book).notes
    external = [n for n in notes if "indeks nasional lain" in n]
    assert len(external) == 1 and "5 (Indeks Satu Data Indonesia (SDI))" in external[0]
    assert "tanpa domain" in notes[0] and "nilai 1.00-5.00" in notes[0]
    assert notes[-1] == "Poin yang dapat diraih dihitung sampai nilai 5.00."
