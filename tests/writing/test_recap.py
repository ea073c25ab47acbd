"""spbe_xl.writing.recap: the recap workbook of many instansi."""

from __future__ import annotations

import zipfile

import openpyxl


def test_write_recap(bontang_book, tmp_path):
    from spbe_xl import rules
    from spbe_xl.writers import write_recap

    summary = rules.recap([bontang_book, bontang_book])
    path = write_recap(summary, tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["REKAP", "DOMAIN ASPEK", "INDIKATOR TERLEMAH"]
    text = [c.value for row in wb["REKAP"].iter_rows() for c in row if c.value is not None]
    assert "Pemerintah Kota Bontang" in text and "Peringkat" in text
    with zipfile.ZipFile(path) as archive:
        assert any(n.startswith("xl/charts/chart") for n in archive.namelist())
