"""spbe_xl.writing.pages: print setup, page breaks."""

from __future__ import annotations

import zipfile

import pytest

from spbe_xl.writers import write_followup
from tests.writer_books import sheet_xml


def test_print_setup(built_book, tmp_path):
    path = write_followup(built_book, tmp_path / "tl.xlsx")
    sheets = sheet_xml(path)
    for name in ("TINDAK LANJUT", "DKIS", "RINGKASAN", "JADWAL 2021", "PENILAIAN MANDIRI"):
        xml = sheets[name]
        assert '<pageSetUpPr fitToPage="1"/>' in xml, name
        assert '<pageSetup paperSize="14" fitToHeight="0" orientation="landscape"/>' in xml, name
        assert "Halaman &amp;P dari &amp;N" in xml, name
    tl = sheets["TINDAK LANJUT"]
    assert '<pane ySplit="7" topLeftCell="A8" activePane="bottomLeft" state="frozen"/>' in tl
    assert "<rowBreaks" in tl  # blocks are kept whole on a page
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
    assert "'TINDAK LANJUT'!$6:$7" in workbook  # header rows repeated on every page
    a4 = write_followup(built_book, tmp_path / "a4.xlsx", paper="a4")
    assert 'paperSize="9"' in sheet_xml(a4)["TINDAK LANJUT"]
    with pytest.raises(ValueError, match="paper"):
        write_followup(built_book, tmp_path / "x.xlsx", paper="letter")
