"""Header detection (spbe_xl.reading.headers): text -> role, a header row -> the layout."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spbe_xl.reading.grid import Sheet
from spbe_xl.reading.headers import (
    _HINT_WORDS,
    column_role,
    find_columns,
    header_role,
    is_column_number_row,
    layout,
    rows_with_header_word,
)


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("INDIKATOR", ("indicator",)),  # the number or the name: its content decides
        ("No. Indikator", ("id",)),
        ("NO", ("number",)),
        ("No.", ("number",)),
        ("NOMOR", ("number",)),
        ("NAMA INDIKATOR", ("name",)),
        ("URAIAN", ("name",)),
        ("TINGKAT KEMATANGAN", ("level", "maturity")),
        ("NILAI KEMATANGAN", ("level", "maturity")),
        ("Penilaian Mandiri", ("level", "self")),
        ("LEVEL PENILAIAN MANDIRI", ("level", "self")),
        ("NILAI EVALUATOR", ("level", "evaluator")),
        ("NILAI TIM EVALUATOR", ("level", "evaluator")),
        ("LEVEL", ("level", None)),  # whose level: its group says
        ("KETERANGAN", ("note",)),  # a note, not a typo of KEMATANGAN
        ("Keterangan", ("note",)),
        ("CATATAN EVALUATOR", ("note",)),
        ("KETERANGAN LEVEL", ("explanation",)),
        ("OPD TERKAIT", ("agency",)),
        ("UNIT KERJA", ("agency",)),
        ("PD PENGAMPU", ("agency",)),
        ("PENANGGUNG JAWAB", ("agency",)),
        ("UNIT PELAKSANA", ("agency",)),
        ("OPD PELAKSANA", ("agency",)),
        ("PIC", ("agency",)),
        ("Leading Sector", ("agency",)),
        ("WAKTU PELAKSANAAN", ("target",)),  # the time of the work, not who does it
        ("TINDAK LANJUT", ("action", None)),
        ("RENCANA AKSI", ("action", None)),
        ("TARGET WAKTU", ("target",)),
        ("Target", ("target",)),
        ("TAHUN", ("target",)),
        ("URAIAN INDIKATOR", ("name",)),
        ("Pertanyaan ", ("question",)),
        ("PENILAIAN MANDIRI TIM EVALUATOR KOTA BONTANG", ("level", "self")),
        ("NILAI TINGKAT KEMATANGAN", ("level", "maturity")),
        ("nilai tingkat kematangn", ("level", "maturity")),  # a typo
        ("HASIL PENILAIAN TIM EVALUATOR UGM/MENPAN & RB", ("level", "evaluator")),
        ("PENJELASAN LEVEL", ("explanation",)),
        ("REKOMENDASI MENPAN", ("recommendation",)),
        ("DATA DUKUNG", ("evidence", "self")),
        ("DATA DUKUNG PENCAPAIAN LEVEL OPTIMAL", ("evidence", "optimal")),
        ("DATA DUKUNG REKOMENDASI MENPAN", ("evidence", "recommended")),
        ("KELENGKAPAN DATA DUKUNG SAAT INI", ("status", None)),
        ("KELENGKAPAN DATA DUKUNG SAAT INI ADA", ("status", "ada")),
        ("KELENGKAPAN DATA DUKUNG SAAT INI BELUM ADA", ("status", "belum ada")),
        ("ADA", ("status", "ada")),
        ("TIDAK ADA", ("status", "belum ada")),
        ("RENCANA AKSI TAHUN 2019", ("action", 2019)),
        ("RENCANA TINDAK LANJUT", ("action", None)),
        ("PERANGKAT DAERAH PENAGGUNG JAWAB", ("agency",)),
        ("OPD", ("agency",)),
        ("KODE", ("id",)),
        ("DOMAIN", None),
        ("TANGGAL", None),
        ("  ", None),
    ],
)
def test_header_role(text, role):
    assert header_role(text) == role


FOLLOWUP_HEADER = {
    0: "INDIKATOR",
    1: "URAIAN INDIKATOR",
    2: "PERTANYAAN",
    3: "NILAI TINGKAT KEMATANGAN",
    4: "PENJELASAN LEVEL",
    5: "REKOMENDASI MENPAN",
    6: "DATA DUKUNG REKOMENDASI MENPAN",
    7: "DATA DUKUNG REKOMENDASI MENPAN",
    8: "KELENGKAPAN DATA DUKUNG SAAT INI ADA",
    9: "KELENGKAPAN DATA DUKUNG SAAT INI BELUM ADA",
    10: "RENCANA AKSI TAHUN 2018",
    11: "RENCANA AKSI TAHUN 2019",
    12: "PERANGKAT DAERAH PENAGGUNG JAWAB",
}


def test_layout_of_a_follow_up_header():
    cols = layout(FOLLOWUP_HEADER, 2)
    assert cols is not None
    assert (cols.id, cols.name, cols.question, cols.recommendation, cols.agency) == (0, 1, 2, 5, 12)
    assert cols.levels == {"maturity": 3}
    assert cols.explanations == {"maturity": 4}
    assert cols.evidence == {"recommended": (6, 7)}  # one header merged over number and text
    assert cols.status == {"ada": 8, "belum ada": 9}
    assert cols.actions == {2018: 10, 2019: 11}
    assert cols.kind == "followup"
    assert cols.ignored() == {}
    assert cols.text_plan == [
        ("name", 1),
        ("question", 2),
        ("recommendation", 5),
        ("responsible_agency_raw", 12),
    ]
    assert cols.explanation_plan == [("maturity_explanation", 4)]


def test_layout_of_a_self_assessment_header():
    cols = layout(
        {
            0: "INDIKATOR",
            1: "URAIAN INDIKATOR",
            2: "PENJELASAN",  # left of its level: the next level's
            3: "PENILAIAN MANDIRI",
            4: "NO",
            5: "DATA DUKUNG",
            6: "HASIL PENILAIAN",
            7: "PENJELASAN LEVEL",
        },
        1,
    )
    assert cols is not None
    assert cols.kind == "self_assessment"
    assert cols.levels == {"self": 3, "evaluator": 6}
    assert cols.explanations == {"self": 2, "evaluator": 7}
    assert cols.evidence == {"self": (4, 5)}


def test_kelengkapan_over_two_columns_without_a_sub_header():
    texts = {**FOLLOWUP_HEADER, 8: "KELENGKAPAN DATA DUKUNG", 9: "KELENGKAPAN DATA DUKUNG"}
    cols = layout(texts, 1)
    assert cols is not None and cols.status == {"ada": 8, "belum ada": 9}


@pytest.mark.parametrize(
    "texts",
    [
        {0: "INDIKATOR", 1: "URAIAN INDIKATOR"},  # one field besides the id
        # a summary's table: "No." is no indicator number without an indicator column
        {0: "No.", 1: "Domain", 2: "Indeks", 3: "Indeks mandiri", 4: "Jumlah indikator dinilai"},
        {1: "URAIAN INDIKATOR", 2: "PERTANYAAN", 3: "NILAI TINGKAT KEMATANGAN"},  # no id
        {0: "Tanggal", 1: "Barang", 2: "Jumlah"},
    ],
)
def test_no_layout_without_an_id_and_two_fields(texts):
    assert layout(texts, 1) is None


def test_find_columns_reads_the_sub_header_and_caches_the_layout():
    top = ["INDIKATOR", "URAIAN INDIKATOR", "NILAI TINGKAT KEMATANGAN", "KELENGKAPAN", None]
    sub = [None, None, None, "ADA", "BELUM ADA"]
    row = [1, "Kebijakan", "LEVEL 2", "v", None]
    sheet = Sheet("tl.xlsx", "TL", [["JUDUL"], top, sub, row], merges=[(1, 3, 1, 4)])
    layouts: dict = {}
    assert find_columns(sheet, 0, layouts) is None  # no header word
    cols = find_columns(sheet, 1, layouts)
    assert cols is not None
    assert (cols.header_row, cols.n_header_rows) == (1, 2)
    assert cols.status == {"ada": 3, "belum ada": 4}
    assert len(layouts) == 1
    again = find_columns(sheet, 1, layouts)
    assert again == cols and again is not cols  # each sheet its own copy


_TEXT = st.one_of(
    st.none(),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzİıKKINDIKATOR\0 \n-", max_size=20),
    st.sampled_from(["indikator", "URAIAN", "PerTanyaan", "kematangan", "mandırı", "İNDİKATOR"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_TEXT, max_size=5), max_size=12))
def test_rows_with_header_word_is_the_case_insensitive_search(rows):
    pattern = re.compile("|".join(_HINT_WORDS), re.IGNORECASE)
    expected = {i for i, texts in enumerate(rows) if any(t and pattern.search(t) for t in texts)}
    assert rows_with_header_word(rows) == expected


# --------------------------------------------------------------------------- groups


@pytest.mark.parametrize(
    ("path", "role"),
    [
        (("PENILAIAN MANDIRI", "TINGKAT KEMATANGAN"), ("level", "self")),
        (("PENILAIAN MANDIRI", "NILAI"), ("level", "self")),
        (("PENILAIAN MANDIRI", "LEVEL"), ("level", "self")),
        (("PENILAIAN MANDIRI", "PENJELASAN"), ("explanation", "self")),
        (("PENILAIAN MANDIRI", "DATA DUKUNG"), ("evidence", "self")),
        (("PENILAIAN MANDIRI", "DATA DUKUNG", "NO"), ("evidence_no", "self")),
        (("PENILAIAN MANDIRI", "DATA DUKUNG", "URAIAN"), ("evidence", "self")),
        (("PENILAIAN MANDIRI TIM EVALUATOR KOTA X", "NILAI"), ("level", "self")),
        (("HASIL EVALUASI", "NILAI EVALUATOR"), ("level", "evaluator")),
        (("HASIL EVALUASI", "TINGKAT KEMATANGAN"), ("level", "evaluator")),
        (("HASIL PENILAIAN TIM EVALUATOR", "HASIL"), ("level", "evaluator")),
        (("HASIL EVALUASI", "CATATAN"), ("note",)),
        (("HASIL EVALUASI", "PERANGKAT DAERAH"), ("agency",)),  # beside an unmerged group
        (("NILAI TINGKAT KEMATANGAN", "LEVEL"), ("level", "maturity")),
        (("DATA DUKUNG REKOMENDASI MENPAN", "NO"), ("evidence_no", "recommended")),
        (("DATA DUKUNG REKOMENDASI MENPAN", "URAIAN"), ("evidence", "recommended")),
        (("KELENGKAPAN DATA DUKUNG SAAT INI", "ADA"), ("status", "ada")),
        (("KELENGKAPAN DATA DUKUNG SAAT INI", "BELUM ADA"), ("status", "belum ada")),
        (("RENCANA AKSI", "TAHUN 2022"), ("action", 2022)),
        (("RENCANA AKSI", "2023"), ("action", 2023)),
        (("TINDAK LANJUT", "URAIAN"), ("action", None)),
        (("TINDAK LANJUT", "TARGET WAKTU"), ("target",)),
        (("TINDAK LANJUT HASIL EVALUASI", "RENCANA AKSI", "TAHUN 2022"), ("action", 2022)),
        (("TINDAK LANJUT HASIL EVALUASI", "RENCANA AKSI", "TAHUN"), ("target",)),
        (("TINDAK LANJUT", "NILAI TINGKAT KEMATANGAN"), ("level", "maturity")),
        # a group of levels whose sub-headers say whose (before: every one the maturity level)
        (("TINGKAT KEMATANGAN", "MANDIRI"), ("level", "self")),
        (("TINGKAT KEMATANGAN", "EVALUATOR 2024"), ("level", "evaluator")),
        (("NILAI TINGKAT KEMATANGAN", "2022"), ("level", "maturity")),
    ],
)
def test_column_role_is_group_and_sub_header(path, role):
    assert column_role(path) == role


def _sheet(rows, merges=()):
    return Sheet("x.xlsx", "S", [list(r) for r in rows], merges=list(merges))


# The regency self-assessment of issue 14: NO | INDIKATOR | PENILAIAN MANDIRI over
# TINGKAT KEMATANGAN / PENJELASAN / DATA DUKUNG | HASIL EVALUASI over NILAI EVALUATOR /
# CATATAN | PERANGKAT DAERAH, a row of column numbers under it.
REGENCY_TOP = ["NO", "INDIKATOR", "PENILAIAN MANDIRI", None, None, "HASIL EVALUASI", None,
               "PERANGKAT DAERAH PENANGGUNG JAWAB"]  # fmt: skip
REGENCY_SUB = [None, None, "TINGKAT KEMATANGAN", "PENJELASAN", "DATA DUKUNG",
               "NILAI EVALUATOR", "CATATAN", None]  # fmt: skip
REGENCY_MERGES = [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 0, 4), (0, 5, 0, 6), (0, 7, 1, 7)]


@pytest.mark.parametrize("merged", [True, False])
def test_a_two_row_group_header_with_the_number_under_no(merged):
    rows = [
        REGENCY_TOP,
        REGENCY_SUB,
        [f"({i})" for i in range(1, 9)],
        [
            1,
            "Tingkat Kematangan Kebijakan Internal Arsitektur SPBE",
            "Level 3",
            "ada",
            "SK",
            "LEVEL II",
            None,
            "Diskominfo",
        ],
        [
            2,
            "Tingkat Kematangan Kebijakan Internal Peta Rencana SPBE",
            2,
            None,
            None,
            2,
            None,
            "Bappeda",
        ],
    ]
    sheet = _sheet(rows, REGENCY_MERGES if merged else ())
    cols = find_columns(sheet, 0)
    assert cols is not None
    assert (cols.id, cols.name, cols.agency) == (0, 1, 7)
    assert cols.levels == {"self": 2, "evaluator": 5}
    assert cols.explanations == {"self": 3}
    assert cols.evidence == {"self": (None, 4)}
    assert cols.n_header_rows == 3  # two header rows and the column numbers
    assert cols.kind == "self_assessment"
    assert cols.ignored() == {6: "HASIL EVALUASI CATATAN"}


def test_the_id_column_is_the_one_holding_ids_whatever_its_header():
    header = ["NO", "INDIKATOR", "NILAI TINGKAT KEMATANGAN", "REKOMENDASI"]
    names_under_indikator = _sheet(
        [header, [1, "Kebijakan Internal", 3, "x"], [2, "Tata Kelola", 2, "y"]]
    )
    cols = find_columns(names_under_indikator, 0)
    assert cols is not None and (cols.id, cols.name) == (0, 1)
    ids_under_indikator = _sheet(
        [header, [1, "35-1", 3, "x"], [2, "35-2", 2, "y"], [3, "12.", 1, "z"]]
    )
    cols = find_columns(ids_under_indikator, 0)
    assert cols is not None and (cols.id, cols.name) == (1, None)
    assert 0 in cols.ignored()  # the running number is not read


def test_a_year_typed_as_a_number_in_the_first_row_is_no_sub_header():
    header = ["No", "Domain", "Aspek", "Indikator", "Penilaian Mandiri", "Nilai Kematangan",
              "Rekomendasi", "Tindak Lanjut", "Target Waktu", "OPD Terkait"]  # fmt: skip
    first = [1, "Tata Kelola", "Kebijakan", "Kebijakan Internal", 3, "Level 2", "x", "Menyusun",
             2019, "Diskominfo"]  # fmt: skip
    cols = find_columns(_sheet([header, first]), 0)
    assert cols is not None
    assert cols.n_header_rows == 1
    assert (cols.id, cols.name, cols.agency) == (0, 3, 9)
    assert cols.levels == {"self": 4, "maturity": 5}
    assert cols.actions == {None: 7} and cols.action_target == 8
    assert cols.ignored() == {1: "Domain", 2: "Aspek"}


def test_keterangan_is_a_note_not_a_level():
    cols = layout({0: "NO", 1: "INDIKATOR", 2: "NILAI KEMATANGAN", 3: "KETERANGAN"}, 1)
    assert cols is not None and cols.levels == {"maturity": 2}
    assert cols.ignored() == {3: "KETERANGAN"}


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (["(1)", "(2)", "(3)", "(4)"], True),
        ([1, 2, 3, 4, 5], True),
        ([1, "Kebijakan", 3], False),
        ([1, 2], False),
        ([1, 3, 4], False),
    ],
)
def test_column_number_rows(row, expected):
    assert is_column_number_row(_sheet([row]), 0) is expected


def test_a_three_row_header_with_action_years():
    top = ["INDIKATOR", "URAIAN INDIKATOR", "NILAI TINGKAT KEMATANGAN", "REKOMENDASI",
           "TINDAK LANJUT HASIL EVALUASI", None, "OPD"]  # fmt: skip
    mid = [None, None, None, None, "RENCANA AKSI", None, None]
    low = [None, None, None, None, "TAHUN 2022", "2023", None]
    data = [1, "Kebijakan", "LEVEL 2", "x", "a", "b", "Dinas A"]
    merges = [(0, 4, 0, 5), (1, 4, 1, 5)] + [(0, c, 2, c) for c in (0, 1, 2, 3, 6)]
    cols = find_columns(_sheet([top, mid, low, data], merges), 0)
    assert cols is not None
    assert cols.n_header_rows == 3
    assert cols.actions == {2022: 4, 2023: 5}
    assert (cols.id, cols.name, cols.agency, cols.levels) == (0, 1, 6, {"maturity": 2})


def _texts_of_workbooks() -> set[str]:
    """Every cell text of the bundled samples and the test workbooks."""
    from pathlib import Path

    import python_calamine

    root = Path(__file__).resolve().parent.parent.parent
    texts: set[str] = set()
    for path in [
        *sorted((root / "samples").glob("*.xlsx")),
        *sorted((root / "tests" / "data").glob("*.xlsx")),
    ]:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            for row in workbook.get_sheet_by_name(name).to_python():
                texts.update(v for v in row if isinstance(v, str) and v.strip())
    return texts


def _roles_with_and_without_the_word_prefilter(texts: list[str]) -> tuple[list, list]:
    from spbe_xl.reading import headers as H

    def roles() -> list:
        H.header_role.cache_clear()
        H.group_role.cache_clear()
        return [(H.header_role(t), H.group_role(t)) for t in texts]

    fast = roles()
    prefilter = H._may_name_a_field
    H._may_name_a_field = lambda words: True  # type: ignore[assignment]
    try:
        full = roles()
    finally:
        H._may_name_a_field = prefilter  # type: ignore[assignment]
        H.header_role.cache_clear()
        H.group_role.cache_clear()
    return fast, full


def test_the_word_prefilter_changes_no_role():
    """header_role and group_role skip a text none of whose words is (like) a word their
    tests look for (speed); the roles are the same as with every test run, on every text
    of the samples and test workbooks, the generated layouts' headers, and one-letter typos
    (dropped, doubled, changed) of each header word."""
    import random

    from spbe_xl.reading import headers as H
    from tests import layouts

    texts = _texts_of_workbooks()
    texts.update(
        v
        for value in vars(layouts).values()
        if isinstance(value, list | tuple)
        for v in value
        if isinstance(v, str)
    )
    rng = random.Random(14)
    words = sorted(H._EXACT_WORDS | {"INDIKATOR", "KEMATANGAN", "REKOMENDASI"})
    for word in words:
        for _ in range(6):
            at = rng.randrange(len(word))
            letter = rng.choice("ABCDEIKLMNOPRSTU")
            for typo in (
                word[:at] + word[at + 1 :],
                word[:at] + letter + word[at + 1 :],
                word[:at] + word[at] + word[at:],
            ):
                texts.update({typo, f"NO {typo}", f"{typo} ADA", f"NILAI {typo}"})
    ordered = sorted(texts)
    assert len(ordered) > 1500
    fast, full = _roles_with_and_without_the_word_prefilter(ordered)
    assert fast == full
    assert sum(role != (None, None) for role in full) > 300  # both kinds of text are tried


def test_the_word_prefilter_knows_every_phrase_word():
    """Every word of every _has(t, "...") phrase in headers.py is one the prefilter knows."""
    import ast
    import inspect

    from spbe_xl.reading import headers as H

    phrases = [
        node.args[1].value
        for node in ast.walk(ast.parse(inspect.getsource(H)))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "_has"
        and isinstance(node.args[1], ast.Constant)
    ]
    assert len(phrases) > 25
    assert {w for p in phrases for w in p.split()} <= H._PHRASE_WORDS
