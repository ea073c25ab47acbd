"""Agency spellings (spbe_xl.reading.agencies): folded, aliased, unified across a book."""

from __future__ import annotations

from spbe_xl.reading.agencies import AGENCY_ALIASES, normalize_agency, unify_agencies


def test_normalize_agency_folds_whitespace():
    assert (
        normalize_agency("Badan   Pengelolaan\nKeuangan Daerah ")
        == "Badan Pengelolaan Keuangan Daerah"
    )
    assert normalize_agency("  \n ") is None


def test_normalize_agency_strips_trailing_punctuation():
    assert normalize_agency(" Dinas Kominfo, ") == "Dinas Kominfo"
    assert normalize_agency(None) is None
    assert normalize_agency(" ,;. ") is None


def _occurrences(*names: str) -> list[tuple[str, str, str]]:
    return [(name, "tl.xlsx", f"TL!N{i + 12}") for i, name in enumerate(names)]


def test_the_most_frequent_spelling_is_canonical_and_the_others_are_findings():
    names = _occurrences(
        "Bagian Organisasi",
        "Bagian Organisasi",
        "Bag. Organisasi",
        "Dinas Kesehatan",
    )
    mapping, findings = unify_agencies(names)
    assert mapping == {
        "Bagian Organisasi": "Bagian Organisasi",
        "Bag. Organisasi": "Bagian Organisasi",
        "Dinas Kesehatan": "Dinas Kesehatan",
    }
    assert [(f.code, f.severity, f.source) for f in findings] == [
        ("agency_unified", "warning", "TL!N14")
    ]
    assert findings[0].message == (
        "agency 'Bag. Organisasi' (TL!N14) read as 'Bagian Organisasi': "
        "check that they are one agency"
    )


def test_one_extra_word_and_aliases_unify_but_other_agencies_do_not():
    mapping, _ = unify_agencies(
        _occurrences(
            "Badan Pengelolaan Keuangan Daerah",
            "Badan Pengelolaan Keuangan Daerah",
            "Badan Pengelolaan Keuangan Aset Daerah",
            "Dinas Komunikasi dan Informatika",
            "Dinas Komunikasi dan Informatika",
            "Dinas Kominfo",
            "Dinas Pendidikan",
        )
    )
    assert mapping["Badan Pengelolaan Keuangan Aset Daerah"] == "Badan Pengelolaan Keuangan Daerah"
    assert mapping["Dinas Kominfo"] == "Dinas Komunikasi dan Informatika"
    assert mapping["Dinas Pendidikan"] == "Dinas Pendidikan"


def test_aliases_are_read_when_used():
    assert AGENCY_ALIASES["kominfo"] == "komunikasi dan informatika"
    mapping, _ = unify_agencies(_occurrences("Setda", "Setda", "Sekretariat Daerah"))
    assert mapping["Sekretariat Daerah"] == "Setda"
