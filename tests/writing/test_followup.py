"""spbe_xl.writing.followup: what the follow-up workbook's table sheets show."""

from __future__ import annotations

import pytest

from spbe_xl import framework as fw
from spbe_xl.writing import followup
from tests.writer_books import build_book, make_book


def test_indicator_numbers_and_the_framework_they_resolve_to():
    book = make_book([{"indicator_id": "1"}, {"indicator_id": "35-2"}])
    assert sorted(set(followup.indicator_numbers(book))) == [1, 35]
    catalog = fw.resolve_framework(
        declared=book.meta.framework, indicator_numbers=followup.indicator_numbers(book)
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
