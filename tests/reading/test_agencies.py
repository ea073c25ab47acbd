"""Agency spellings (spbe_xl.reading.agencies): folded, aliased, unified across a book."""

from __future__ import annotations

import pytest

from spbe_xl.reading.agencies import (
    AGENCY_ALIASES,
    AgencyAliasError,
    alias_entry,
    alias_table,
    load_agency_aliases,
    normalize_agency,
    split_agencies,
    split_book_agencies,
    titled_agency,
    unify_agencies,
)


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


# --------------------------------------------------------------------------- the packaged aliases


def test_the_word_spellings_come_from_the_packaged_data_and_readers_exports_them():
    from spbe_xl import readers

    assert readers.AGENCY_ALIASES is AGENCY_ALIASES
    assert AGENCY_ALIASES["bag."] == "bagian" and AGENCY_ALIASES["&"] == "dan"
    rows = _data_rows()
    assert {r["alias"]: r["agency"] for r in rows if r["kind"] == "word"} == AGENCY_ALIASES
    assert {r["kind"] for r in rows} == {"word", "agency"}
    assert all(r["source"].strip() for r in rows)  # every alias says where it comes from


def _data_rows() -> list[dict[str, str]]:
    import csv
    from pathlib import Path

    import spbe_xl

    path = Path(spbe_xl.__file__).parent / "data" / "agency-aliases.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    ("name", "agency"),
    [
        ("Diskominfo", "Dinas Komunikasi dan Informatika"),
        ("DISKOMINFO", "Dinas Komunikasi dan Informatika"),
        ("Dinas Kominfo", "Dinas Komunikasi dan Informatika"),
        ("Diskominfotik", "Dinas Komunikasi dan Informatika"),  # inside a word
        ("Diskominfos", "Dinas Komunikasi dan Informatika"),
        ("Diskominfo-SP", "Dinas Komunikasi dan Informatika"),
        ("DKIS", "Dinas Komunikasi dan Informatika"),
        ("Dinas Komunikasi, Informatika dan Statistik", "Dinas Komunikasi dan Informatika"),
        ("Dinas Komunikasi, Informatika dan Persandian", "Dinas Komunikasi dan Informatika"),
        ("Dinas Komunikasi dan Informatika Kota Denpasar", "Dinas Komunikasi dan Informatika"),
        ("Dinas Komunikasi dan Informatika (Diskominfo)", "Dinas Komunikasi dan Informatika"),
        ("BPKAD", "Badan Pengelola Keuangan dan Aset Daerah"),
        ("Badan Pengelolaan Keuangan dan Aset Daerah", "Badan Pengelola Keuangan dan Aset Daerah"),
        ("Bappeda", "Badan Perencanaan Pembangunan Daerah"),
        ("Bappedalitbang", "Badan Perencanaan Pembangunan Daerah"),
        ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"),
        ("Inspektorat", "Inspektorat Daerah"),
        ("Inspektorat Kabupaten Sleman", "Inspektorat Daerah"),
        ("Bagian Organisasi Setda", "Bagian Organisasi Sekretariat Daerah"),
        ("Bag. Organisasi Sekretariat Daerah", "Bagian Organisasi Sekretariat Daerah"),
        ("Bagian Hukum Setda Kota Denpasar", "Bagian Hukum Sekretariat Daerah"),
        ("Bagian Pengadaan Barang/Jasa", "Bagian Pengadaan Barang dan Jasa Sekretariat Daerah"),
        ("Bagian PBJ", "Bagian Pengadaan Barang dan Jasa Sekretariat Daerah"),
        ("Disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil"),
        ("Bapenda", "Badan Pendapatan Daerah"),
        ("DPM-PTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
        ("Dispusip", "Dinas Perpustakaan dan Kearsipan"),
        ("Setda", "Sekretariat Daerah"),
        ("Sekretariat Daerah", "Sekretariat Daerah"),
    ],
)
def test_packaged_aliases_name_their_agency(name, agency):
    entry = alias_entry(name)
    assert entry is not None and entry.agency == agency, name


@pytest.mark.parametrize(
    "name",
    [
        "Bagian Umum Setda Bagian Lain",  # more than a part of the Setda
        "Setda Bagian Organisasi",  # a part of the Setda, not the Setda
        "Dinas Pendidikan",
        "Badan Pengelolaan Keuangan Daerah",  # BPKD: another (older) agency than BPKAD
        "Badan Kepegawaian, Pendidikan dan Pelatihan",
        "Disko",  # too short to be Diskominfo
    ],
)
def test_names_that_are_no_packaged_alias(name):
    assert alias_entry(name) is None


def test_aliases_of_one_agency_are_one_agency_inside_words_too():
    mapping, findings = unify_agencies(
        _occurrences(
            "Dinas Komunikasi dan Informatika",
            "Dinas Komunikasi dan Informatika",
            "Diskominfo",
            "Diskominfotik",
            "DKIS",
            "Dinas Komunikasi, Informatika dan Statistik",
            "Bappeda",
            "Badan Perencanaan Pembangunan Daerah",
            "BPKAD",
        )
    )
    kominfo = {mapping[n] for n in ("Diskominfo", "Diskominfotik", "DKIS")}
    assert kominfo == {"Dinas Komunikasi dan Informatika"}
    assert mapping["Dinas Komunikasi, Informatika dan Statistik"] == (
        "Dinas Komunikasi dan Informatika"
    )
    assert mapping["Badan Perencanaan Pembangunan Daerah"] == mapping["Bappeda"]
    assert mapping["BPKAD"] == "BPKAD"  # another agency than Bappeda
    assert {f.code for f in findings} == {"agency_unified"}


def test_aliases_of_two_agencies_are_never_unified_even_when_alike():
    # "Bagian Hukum" and "Bagian Umum" are alike as texts but two parts of the Setda
    mapping, findings = unify_agencies(_occurrences("Bagian Hukum Setda", "Bagian Umum Setda"))
    assert mapping == {
        "Bagian Hukum Setda": "Bagian Hukum Setda",
        "Bagian Umum Setda": "Bagian Umum Setda",
    }
    assert findings == []


# --------------------------------------------------------------------------- a user's alias file


def test_a_user_alias_file_names_the_agency_the_book_uses(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text(
        "alias,agency\n"
        "# the office's own short names\n"
        "Kominfo Kota,Dinas Komunikasi dan Informatika Kota Contoh\n"
        "Dinas PUPR,Dinas Pekerjaan Umum dan Penataan Ruang\n",
        encoding="utf-8",
    )
    table = load_agency_aliases(path)
    assert table.source == str(path)
    assert alias_entry("DINAS PUPR", table).agency == "Dinas Pekerjaan Umum dan Penataan Ruang"
    mapping, findings = unify_agencies(
        _occurrences("Dinas PUPR", "Dinas PUPR", "Kominfo Kota", "Diskominfo"), aliases=table
    )
    assert mapping["Dinas PUPR"] == "Dinas Pekerjaan Umum dan Penataan Ruang"
    # the user's agency is the package's Diskominfo: one agency, named as the user names it
    assert mapping["Diskominfo"] == mapping["Kominfo Kota"]
    assert mapping["Kominfo Kota"] == "Dinas Komunikasi dan Informatika Kota Contoh"
    # what the user mapped is no finding; what the package unified with it is
    assert [f.message for f in findings] == [
        "agency 'Diskominfo' (TL!N15) read as 'Dinas Komunikasi dan Informatika Kota "
        "Contoh': check that they are one agency"
    ]
    assert alias_table(path) is table  # loaded once (a batch reads it per instansi)
    assert alias_table({"Dinas PUPR": "Dinas PU"}).entries[0].agency == "Dinas PU"


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("alias,agency\nDiskominfo\n", 2, "expected two columns"),
        ("Diskominfo,Dinas Kominfo\nBappeda,\n", 2, "expected two columns"),
        ("alias,agency\nA1,Dinas A\n,Dinas B\n", 3, "expected two columns"),
        ("DLH,Dinas Lingkungan Hidup\nDLH,Dinas Perhubungan\n", 2, "on line 1"),
        ("alias,agency\n---,Dinas A\n", 2, "has no letters"),
    ],
)
def test_a_bad_alias_file_is_an_error_naming_file_and_line(tmp_path, text, line, problem):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AgencyAliasError, match=problem) as info:
        load_agency_aliases(path)
    assert str(info.value).startswith(f"{path}, line {line}: ")
    assert (info.value.path, info.value.line) == (str(path), line)


def test_an_alias_file_that_is_missing_empty_or_not_text_is_an_error(tmp_path):
    with pytest.raises(AgencyAliasError, match="cannot read"):
        load_agency_aliases(tmp_path / "missing.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("alias,agency\n\n", encoding="utf-8")
    with pytest.raises(AgencyAliasError, match="has no alias rows"):
        load_agency_aliases(empty)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("alias,agency\nDinas,Dinas Ünï\n".encode("latin-1"))
    with pytest.raises(AgencyAliasError, match="line 2: is not UTF-8"):
        load_agency_aliases(latin)


# --------------------------------------------------------------------------- several agencies


def _split(raw: str, *alone: str) -> tuple[list[str], list[str]]:
    cells = {raw: [("tl.xlsx", "TL!N12")], **{a: [("tl.xlsx", "TL!N13")] for a in alone}}
    parts, findings = split_book_agencies(cells)
    return parts[raw], [f.code for f in findings if f.source == "TL!N12"]


@pytest.mark.parametrize(
    ("raw", "parts"),
    [
        ("Bappeda; BPKAD", ["Bappeda", "BPKAD"]),
        ("Dinas Pendidikan; Dinas Kesehatan;", ["Dinas Pendidikan", "Dinas Kesehatan"]),
        ("Bappeda / BPKAD", ["Bappeda", "BPKAD"]),
        ("Bappeda/Inspektorat", ["Bappeda", "Inspektorat"]),
        ("Bappeda\nBPKAD\nInspektorat", ["Bappeda", "BPKAD", "Inspektorat"]),
        ("Bappeda dan BPKAD", ["Bappeda", "BPKAD"]),
        ("BAPPEDA DAN BPKAD", ["BAPPEDA", "BPKAD"]),
        ("Bappeda & Diskominfo", ["Bappeda", "Diskominfo"]),
        ("1. Dinas Pendidikan\n2. Dinas Kesehatan", ["Dinas Pendidikan", "Dinas Kesehatan"]),
        (
            "Badan Perencanaan Pembangunan Daerah dan Badan Pengelola Keuangan dan Aset Daerah",
            ["Badan Perencanaan Pembangunan Daerah", "Badan Pengelola Keuangan dan Aset Daerah"],
        ),
        (
            "Dinas Komunikasi, Informatika dan Statistik dan Inspektorat",
            ["Dinas Komunikasi, Informatika dan Statistik", "Inspektorat"],
        ),
        (
            "Dinas Komunikasi, Informatika dan Statistik\nInspektorat Daerah",
            ["Dinas Komunikasi, Informatika dan Statistik", "Inspektorat Daerah"],
        ),
        ("Bappeda, BPKAD, Inspektorat", ["Bappeda", "BPKAD", "Inspektorat"]),
        ("Bagian Hukum Setda dan Bagian Organisasi", ["Bagian Hukum Setda", "Bagian Organisasi"]),
    ],
)
def test_a_cell_naming_known_agencies_splits(raw, parts):
    assert _split(raw) == (parts, [])


@pytest.mark.parametrize(
    "raw",
    [
        # commas and "dan" inside one agency's name: never cut
        "Dinas Komunikasi, Informatika dan Statistik",
        "Dinas Komunikasi,\nInformatika dan Statistik",
        "Dinas Komunikasi dan\nInformatika",
        "Badan Pengelola Keuangan dan Aset Daerah",
        "Badan   Pengelolaan\nKeuangan Daerah",
        "Badan Kepegawaian,\nPendidikan dan Pelatihan",
        "Dinas Pendidikan dan Kebudayaan",
        "Dinas Koperasi dan UKM",
        "Bagian Pengadaan Barang/Jasa",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Kelurahan Gunung Telihan/Belimbing/Gunung Elai",
    ],
)
def test_a_single_agency_with_commas_and_dan_is_not_cut(raw):
    assert _split(raw) == ([raw.strip()], [])


def test_unknown_agencies_that_look_like_several_are_kept_whole_with_a_finding():
    raw = (
        "Dinas Koperasi, Usaha Kecil, Menengah dan Perdagangan dan "
        "Dinas Kependudukan dan Pencatatan Sipil"
    )
    assert _split(raw) == ([raw], ["agency_not_split"])
    _, findings = split_book_agencies({raw: [("tl.xlsx", "TL!N12"), ("tl.xlsx", "KOP!N9")]})
    assert findings[0].message == (
        f"agency {raw!r} (TL!N12, KOP!N9) may name several agencies (Dinas Koperasi, Usaha "
        "Kecil, Menengah dan Perdagangan | Dinas Kependudukan dan Pencatatan Sipil), but not "
        "all of them are known agency names: read as one agency"
    )
    # a name the book gives alone elsewhere is known: then the cell splits
    assert _split(raw, "Dinas Koperasi, Usaha Kecil, Menengah dan Perdagangan") == (
        [
            "Dinas Koperasi, Usaha Kecil, Menengah dan Perdagangan",
            "Dinas Kependudukan dan Pencatatan Sipil",
        ],
        [],
    )
    assert _split("Dinas Pendidikan dan Dinas Kesehatan", "Dinas Kesehatan")[1] == [
        "agency_not_split"
    ]
    assert _split("Dinas Pendidikan dan Dinas Kesehatan", "Dinas Kesehatan", "Dinas Pendidikan")[
        0
    ] == ["Dinas Pendidikan", "Dinas Kesehatan"]


def test_a_user_alias_makes_a_name_known_for_splitting(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text("DLH,Dinas Lingkungan Hidup\n", encoding="utf-8")
    cells = {"Bappeda / DLH": [("tl.xlsx", "TL!N12")]}
    assert split_book_agencies(cells)[0]["Bappeda / DLH"] == ["Bappeda / DLH"]
    parts, _ = split_book_agencies(cells, load_agency_aliases(path))
    assert parts["Bappeda / DLH"] == ["Bappeda", "DLH"]


def test_split_agencies_keeps_a_whole_name_when_told():
    known = {"Bappeda", "Badan Pengelola Keuangan", "Aset Daerah"}.__contains__
    assert split_agencies("Badan Pengelola Keuangan dan Aset Daerah", known) == (
        ["Badan Pengelola Keuangan", "Aset Daerah"],
        [],
    )
    assert split_agencies("Badan Pengelola Keuangan dan Aset Daerah", known, lambda text: True) == (
        ["Badan Pengelola Keuangan dan Aset Daerah"],
        [],
    )


def test_the_agency_a_sheet_title_names():
    lines = ["TINDAK LANJUT HASIL EVALUASI SPBE", "PERANGKAT DAERAH : BAPPEDA"]
    assert titled_agency(lines) == "BAPPEDA"
    known = ["Badan Perencanaan Pembangunan Daerah", "Inspektorat Daerah"]
    assert titled_agency(lines, known) == "Badan Perencanaan Pembangunan Daerah"
    assert titled_agency(["OPD: Inspektorat"], known) == "Inspektorat Daerah"
    # a header text, or a title without the label, names no sheet agency
    assert titled_agency(["PERANGKAT DAERAH PENANGGUNG JAWAB"]) is None
    assert titled_agency(["DI LINGKUNGAN PEMERINTAH KOTA BONTANG TAHUN 2018"]) is None
    # the writer's sheet of the indicators without an agency names none
    assert titled_agency(["PERANGKAT DAERAH: (BELUM DITENTUKAN)"]) is None
    assert titled_agency(["PERANGKAT DAERAH: -", "OPD: BELUM DITENTUKAN"]) is None
