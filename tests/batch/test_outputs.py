"""The outputs of one instansi: CSV cells that are not formulas."""

from __future__ import annotations

import pandas as pd

from spbe_xl.batch.outputs import csv_safe


def test_csv_safe_escapes_formula_like_text():
    frame = pd.DataFrame({"text": ["=1+1", "biasa", None, "-2", "@A1"], "n": [1, 2, 3, 4, 5]})
    safe = csv_safe(frame)
    assert safe.text.iloc[[0, 1, 3, 4]].tolist() == ["'=1+1", "biasa", "'-2", "'@A1"]
    assert pd.isna(safe.text.iloc[2])
    assert safe.n.tolist() == [1, 2, 3, 4, 5]
    assert frame.text.iloc[0] == "=1+1"  # the input frame is left alone
    plain = pd.DataFrame({"text": ["biasa"]})
    assert csv_safe(plain) is plain
