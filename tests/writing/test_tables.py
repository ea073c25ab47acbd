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


def test_a_text_column_is_as_wide_as_its_widest_line(tmp_path):
    """A text column is widened to its widest text (measured, not counted: names of wide
    letters), so each short name keeps a one-line row; before, 'Pemerintah Kabupaten
    Tulungagung Tengah' got a column of 0.9 x its 39 characters and a row twice as tall."""
    from spbe_xl.writers import write_table
    from spbe_xl.writing.metrics import count_lines

    names = [
        "Pemerintah Kabupaten Tulungagung Tengah",
        "Pemerintah Kota Batang Selatan",
        "Pemerintah Kabupaten Mamuju",
    ]
    path = write_table(pd.DataFrame({"instansi": names}), tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(path).active
    width = ws.column_dimensions["A"].width
    assert all(count_lines(name, width) == 1 for name in names)
    assert count_lines(names[0], width - 1) == 2  # no wider than the widest needs
    heights = {ws.row_dimensions[r].height for r in range(2, 2 + len(names))}
    assert len(heights) == 1  # every row one line tall
