"""spbe_xl.writing.signature: the lines of a signature block."""

from __future__ import annotations

from spbe_xl.book import Signature
from spbe_xl.writing.signature import signature_lines


def test_a_place_date_line_the_reader_recognises_comes_first():
    lines = signature_lines(
        Signature(place="Bontang", date="21 Desember 2018", role="KEPALA,", name="X", nip="123")
    )
    assert lines == [
        ("Bontang, 21 Desember 2018", "plain"),
        ("MENGETAHUI :", "plain"),
        ("KEPALA,", "plain"),
        (None, "space"),
        ("X", "name"),
        ("NIP. 123", "plain"),
    ]


def test_a_place_date_line_it_would_not_recognise_goes_under_the_label():
    lines = signature_lines(Signature(place="Bontang", label="Mengetahui", nip="NIP 1"))
    assert lines == [
        ("Mengetahui", "plain"),
        ("Bontang, ....................", "plain"),
        (None, "space"),
        ("NIP 1", "plain"),
    ]
