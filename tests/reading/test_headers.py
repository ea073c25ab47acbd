"""Header detection (spbe_xl.reading.headers): text -> role, a header row -> the layout."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spbe_xl.reading.grid import Sheet
from spbe_xl.reading.headers import (
    _HINT_WORDS,
    find_columns,
    header_role,
    layout,
    rows_with_header_word,
)


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("INDIKATOR", ("id",)),
        ("No. Indikator", ("id",)),
        ("NO", ("number",)),
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
