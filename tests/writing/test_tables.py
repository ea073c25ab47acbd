"""spbe_xl.writing.tables: a DataFrame as a plain, print-ready table."""

from __future__ import annotations

import re

import openpyxl
import pandas as pd

from tests.writer_books import sheet_xml


def test_write_table(tmp_path):
    from spbe_xl.writers import write_table

    frame = pd.DataFrame(
        {"name": ["=cmd|' /C calc'!A0", "Bagian Organisasi"], "n": [1, 2], "points": [0.1234, None]}
    ).astype({"n": "Int64"})
    path = write_table(frame, tmp_path / "t.xlsx", sheet_name="A/B: tabel", title="Judul")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["A-B- TABEL"]
    ws = wb.active
    assert [c.value for c in ws[3]] == ["name", "n", "points"]
    assert ws["A4"].value == "=cmd|' /C calc'!A0" and ws["A4"].data_type == "s"
    assert ws["C4"].value == 0.1234 and ws["C5"].value is None
    assert not any(re.search(r"<f[ >]", xml) for xml in sheet_xml(path).values())
