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


def test_convert_writes_the_responsibilities_beside_the_other_frames(tmp_path):
    import csv
    import json

    from spbe_xl.batch.outputs import convert_group, expected_outputs
    from spbe_xl.book import RESPONSIBILITY_COLUMNS
    from tests.conftest import FOLLOWUP_XLSX, SELF_ASSESSMENT_XLSX

    out = tmp_path / "bontang"
    paths = [str(SELF_ASSESSMENT_XLSX), str(FOLLOWUP_XLSX)]
    outcome = convert_group(paths, str(out), ["csv", "json"], False, "folio", None)
    assert outcome.status == "ok", outcome.message
    assert out / "responsibilities.csv" in expected_outputs(out, ["csv"])
    assert all(p.exists() for p in expected_outputs(out, ["csv", "json"]))
    with open(out / "responsibilities.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(RESPONSIBILITY_COLUMNS)
    assert len(rows) == 37 and {r["order"] for r in rows} == {"1"}
    book = json.loads((out / "book.json").read_text(encoding="utf-8"))
    assert list(book) == [
        "meta",
        "indicators",
        "evidence",
        "actions",
        "findings",
        "responsibilities",
    ]
    assert len(book["responsibilities"]) == 37
    # an alias file reaches the reader: its agency names the book's rows
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("Inspektorat Daerah,Inspektorat Kota Bontang\n", encoding="utf-8")
    again = tmp_path / "again"
    outcome = convert_group(paths, str(again), ["csv"], False, "folio", None, str(aliases))
    assert outcome.status == "ok", outcome.message
    with open(again / "responsibilities.csv", encoding="utf-8-sig", newline="") as handle:
        agencies = {r["agency"]: r["agency_raw"] for r in csv.DictReader(handle)}
    assert agencies["Inspektorat Kota Bontang"] == "Inspektorat Daerah"
    assert "Inspektorat Daerah" not in agencies
