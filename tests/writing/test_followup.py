"""spbe_xl.writing.followup: what the follow-up workbook's table sheets show."""

from __future__ import annotations

import pytest

from spbe_xl import framework as fw
from spbe_xl.book import indicator_numbers
from spbe_xl.writing import followup
from tests.writer_books import build_book, make_book


def test_indicator_numbers_and_the_framework_they_resolve_to():
    book = make_book([{"indicator_id": "1"}, {"indicator_id": "35-2"}])
    assert sorted(set(indicator_numbers(book.indicators))) == [1, 35]
    catalog = fw.resolve_framework(
        declared=book.meta.framework, indicator_numbers=indicator_numbers(book.indicators)
    )
    assert catalog.id == "spbe2018"


def test_plan_years():
    book = build_book()
    assert followup.plan_years(book, None) == [2019, 2020, 2021]
    assert followup.plan_years(book, [2022, 2020, 2022]) == [2020, 2022]
    with pytest.raises(ValueError, match="not a year"):
        followup.plan_years(book, [19])


def test_the_plan_has_a_sheet_per_agency_and_the_self_assessment_copy():
    book = build_book()
    catalog = fw.load("spbe2018")
    plan = followup.plan_followup(
        book, catalog, [2019, 2020, 2021], 2021, None, fill_explanations=True
    )
    assert [s.name for s in plan.sheets] == [
        "TINDAK LANJUT",
        "BAG ORGANISASI",
        "DKIS",
        "KELURAHAN API-API",
        "TANPA PENANGGUNG JAWAB",
    ]
    assert plan.self_sheet is not None and plan.self_sheet.name == "PENILAIAN MANDIRI"
    assert [r["indicator_id"] for r in plan.rows] == ["1", "7", "20", "35-1", "35-2"]


def _blocks(sheet):
    return [
        block for domain in sheet.domains for aspect in domain.aspects for block in aspect.blocks
    ]


def test_a_shared_indicator_is_on_the_sheet_of_each_of_its_agencies():
    import dataclasses

    from spbe_xl.book import RESPONSIBILITY_COLUMNS, frame_from_records

    book = build_book()
    agency_a = "Dinas Komunikasi, Informatika dan Statistik"
    shared = frame_from_records(
        [
            {"indicator_id": "1", "agency": "Bagian Organisasi Setda", "order": 1},
            {"indicator_id": "1", "agency": agency_a, "order": 2},
            {"indicator_id": "35-2", "agency": "Kelurahan Api-Api", "order": 1},
            {"indicator_id": "35-2", "agency": "Bagian Organisasi Setda", "order": 2},
        ],
        RESPONSIBILITY_COLUMNS,
    )
    book = dataclasses.replace(book, responsibilities=shared)
    plan = followup.plan_followup(
        book, fw.load("spbe2018"), [2019, 2020, 2021], 2021, None, fill_explanations=True
    )
    sheets = {s.name: s for s in plan.sheets}
    # 35-2 had no agency: now it is Kelurahan Api-Api's (lead) and Bagian Organisasi's
    assert list(sheets) == ["TINDAK LANJUT", "BAG ORGANISASI", "DKIS", "KELURAHAN API-API"]
    ids = {name: [b.merged["id"] for b in _blocks(s)] for name, s in sheets.items()}
    assert ids["BAG ORGANISASI"] == [1, "35-2"]
    assert ids["DKIS"] == [1, 7, 20]
    assert ids["KELURAHAN API-API"] == ["35-1", "35-2"]
    # each agency sheet shows all of a shared indicator's agencies, the lead first
    agency_of_1 = {
        b.merged["agency"]
        for s in ("BAG ORGANISASI", "DKIS")
        for b in _blocks(sheets[s])
        if b.merged["id"] == 1
    }
    assert agency_of_1 == {f"Bagian Organisasi Setda; {agency_a}"}
    # the main sheet shows the cell as typed; the indicator without a typed cell its agencies
    main = {b.merged["id"]: b.merged["agency"] for b in _blocks(sheets["TINDAK LANJUT"])}
    assert main[1] == "Bagian Organisasi Setda"
    assert main["35-2"] == "Kelurahan Api-Api; Bagian Organisasi Setda"
    self_blocks = {b.merged["id"]: b.merged["agency"] for b in _blocks(plan.self_sheet)}
    assert self_blocks[1] == f"Bagian Organisasi Setda; {agency_a}"
    assert self_blocks[7] == agency_a


def test_2020_missing_explanations_are_the_chosen_levels_criterion():
    """spbe2020 books get the criterion of their level where the explanation is empty; a
    suspect or single-source criterion says so in its note."""
    book = make_book(
        [
            {"indicator_id": "1", "maturity_level": 3},
            {"indicator_id": "3", "maturity_level": 4},
            {"indicator_id": "16", "maturity_level": 2},
            {"indicator_id": "31", "maturity_level": 2},
            {"indicator_id": "37", "maturity_level": 5, "maturity_explanation": "Teks sendiri"},
        ],
        framework="spbe2020",
        year=2023,
    )
    catalog = fw.load("spbe2020")
    plan = followup.plan_followup(book, catalog, [2024], None, None, fill_explanations=True)
    blocks = {b.merged["id"]: b for b in _blocks(plan.sheets[0])}
    assert plan.filled == ["1", "3", "16", "31"]
    for number, level in ((1, 3), (3, 4), (16, 2), (31, 2)):
        assert blocks[number].merged["explanation"] == catalog.criterion(number, level)
        assert (
            f"kriteria LEVEL {level} indikator {number}:" in blocks[number].comments["explanation"]
        )
    assert blocks[37].merged["explanation"] == "Teks sendiri" and not blocks[37].comments
    # 16-2 has two wordings: the first (version A) is shown, with no doubt
    assert blocks[16].merged["explanation"] == catalog.criterion_info(16, 2).text
    assert "Kriteria ini" not in blocks[16].comments["explanation"]
    assert (
        blocks[3]
        .comments["explanation"]
        .endswith("Kriteria ini diragukan (tampak tertukar levelnya).")
    )
    assert blocks[31].comments["explanation"].endswith("Kriteria ini hanya dari satu sumber.")
    assert "Kriteria ini" not in blocks[1].comments["explanation"]
