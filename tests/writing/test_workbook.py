"""spbe_xl.writing.workbook: every workbook opened the same way, whatever came before."""

from __future__ import annotations

import re
import zipfile

from spbe_xl import writers
from spbe_xl.writing.layout import DEFAULT_FORMAT, WORKBOOK_OPTIONS


def _parts(path):
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n != "docProps/core.xml"}


def test_the_same_book_gives_the_same_bytes_every_time_in_one_process(built_book, tmp_path):
    # xlsxwriter writes into the default-format dict it is given: a shared one made every
    # workbook after a process's first differ from it (its Normal font gained a theme scheme).
    paths = [tmp_path / f"tl{i}.xlsx" for i in range(3)]
    for path in paths:
        writers.write_followup(built_book, path)
    first = _parts(paths[0])
    assert all(_parts(p) == first for p in paths[1:])
    assert DEFAULT_FORMAT == {"font_name": "Arial", "font_size": 10, "font_scheme": "none"}
    assert WORKBOOK_OPTIONS["default_format_properties"] is DEFAULT_FORMAT


def test_every_font_is_arial_itself_not_the_theme_font(built_book, tmp_path):
    path = tmp_path / "tl.xlsx"
    writers.write_followup(built_book, path)
    styles = _parts(path)["xl/styles.xml"].decode()
    # (but the Tahoma 8 that Excel shows cell comments in)
    fonts = [f for f in re.findall(r"<font>.*?</font>", styles) if "Tahoma" not in f]
    assert fonts and all('<name val="Arial"/>' in f for f in fonts)
    assert "<scheme" not in styles
