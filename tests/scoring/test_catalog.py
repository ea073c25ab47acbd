"""scoring.catalog: the typed catalog, its cache, and which framework a frame or book is scored under."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

import spbe_xl.framework as fw
from spbe_xl.book import INDICATOR_COLUMNS, frame_from_records
from spbe_xl.rules import index_scores
from spbe_xl.scoring.catalog import (
    book_catalog,
    catalog_of,
    frame_catalog,
    indicator_numbers,
)
from tests.scoring.frames import F2018, F2020, frame, make_book


def test_framework_detection_and_objects():
    assert index_scores(frame(F2018)).framework == "spbe2018"
    assert index_scores(frame(F2020)).framework == "spbe2020"
    assert index_scores(frame(F2020), framework=F2020).framework == "spbe2020"
    assert index_scores(frame(F2020, default=4), framework="spbe2020").total == pytest.approx(4)


def test_weights_come_from_the_catalog(tmp_path):
    """A tiny framework file: unequal weights in an aspect, a multi-instance indicator."""
    toml = tmp_path / "mini.toml"
    toml.write_text(MINI_TOML, encoding="utf-8")
    mini = fw.load(toml)
    records = [
        {"indicator_id": "1", "indicator_no": 1, "maturity_level": 4},
        {"indicator_id": "2", "indicator_no": 2, "maturity_level": 0},
        {"indicator_id": "3", "indicator_no": 3, "maturity_level": 2},
        {"indicator_id": "4-1", "indicator_no": 4, "maturity_level": 4},
        {"indicator_id": "4-2", "indicator_no": 4, "maturity_level": 2},
    ]
    f = frame_from_records(records, INDICATOR_COLUMNS)
    r = index_scores(f, framework=mini)
    assert r.framework == "mini"
    assert r.aspect_index(1) == pytest.approx((10 * 4 + 30 * 0) / 40)
    assert r.aspect_index(3) == pytest.approx(3.0)
    assert r.domain_index(2) == pytest.approx((20 * 2 + 40 * 3) / 60)
    assert r.total == pytest.approx(2.0) and r.predicate == "High"
    low = index_scores(f, framework=mini, instances="min")
    assert low.total == pytest.approx(1.6) and low.predicate == "Low"
    # a custom weights file changes the index
    csv = tmp_path / "w.csv"
    csv.write_text(
        "indicator_no,weight\n" + "".join(f"{n},{100 / 35!r}\n" for n in range(1, 36)),
        encoding="utf-8",
    )
    even = fw.load("spbe2018", weights=csv)
    f18 = frame(F2018, {"1": 5}, default=0)
    assert index_scores(f18, framework=even).total == pytest.approx(5 / 35)
    assert index_scores(f18).total == pytest.approx(0.05)


MINI_TOML = """
format = 1
id = "mini"
title = "Mini"
regulation = "none"

[levels]
min = 0
max = 4
status = "derived"
source = "test"

[[level_meanings]]
family = "all"
level = 0
meaning = "nothing"
status = "derived"
source = "test"

[[predicates]]
name = "Low"
lower = 0.0
upper = 2.0
status = "derived"
source = "test"

[[predicates]]
name = "High"
lower = 2.0
upper = 4.0
status = "derived"
source = "test"

[[domains]]
no = 1
name = "D1"
weight = 40
status = "derived"
source = "test"

[[domains]]
no = 2
name = "D2"
weight = 60
status = "derived"
source = "test"

[[aspects]]
no = 1
name = "A1"
domain = 1
indicators = "1-2"
weight = 40
status = "derived"
source = "test"

[[aspects]]
no = 2
name = "A2"
domain = 2
indicators = [3]
weight = 20
status = "derived"
source = "test"

[[aspects]]
no = 3
name = "A3"
domain = 2
indicators = [4]
weight = 40
status = "derived"
source = "test"

[[indicators]]
no = 1
name = "I1"
question = ""
domain = 1
aspect = 1
weight = 10
status = "derived"
source = "test"

[[indicators]]
no = 2
name = "I2"
question = ""
domain = 1
aspect = 1
weight = 30
status = "derived"
source = "test"

[[indicators]]
no = 3
name = "I3"
question = ""
domain = 2
aspect = 2
weight = 20
status = "derived"
source = "test"

[[indicators]]
no = 4
name = "I4"
question = ""
domain = 2
aspect = 3
weight = 40
multi_instance = true
status = "derived"
source = "test"
"""


def test_catalog_has_named_fields_in_catalog_order():
    cat = catalog_of(F2018)
    assert cat.framework is F2018 and cat.id == "spbe2018"
    assert list(cat.indicators) == list(range(1, 36))
    assert cat.weight_total == pytest.approx(100)
    one = cat.indicators[1]
    assert (one.number, one.aspect_no, one.domain_no, one.weight) == (1, 1, 1, F2018.weight(1))
    assert one.name == F2018.indicator(1)["name"]
    seven = cat.aspects[7]
    assert (seven.number, seven.domain_no, seven.weight) == (7, 3, 20.0)
    assert [i.number for i in seven.indicators] == [32, 33, 34, 35]
    assert [a.number for a in cat.domains[3].aspects] == [6, 7]
    assert sum(len(a.indicators) for a in cat.aspects.values()) == len(cat.indicators)
    assert {i.number for d in cat.domains.values() for a in d.aspects for i in a.indicators} == set(
        cat.indicators
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.weight = 2.0  # type: ignore[misc]


def test_catalog_is_built_once_per_framework_object():
    assert catalog_of(F2018) is catalog_of(F2018)
    assert catalog_of(F2020) is not catalog_of(F2018)
    assert catalog_of(fw.load("spbe2018")) is catalog_of(F2018)  # load() is cached


def test_indicator_numbers():
    f = frame_from_records(
        [
            {"indicator_id": "35-1", "indicator_no": 35},
            {"indicator_id": " 7 "},
            {"indicator_id": "x"},
        ],
        INDICATOR_COLUMNS,
    )
    assert sorted(indicator_numbers(f)) == [7, 35, 35]


def test_frame_and_book_catalogs_follow_the_one_policy():
    assert frame_catalog(None, frame(F2018)).id == "spbe2018"
    assert frame_catalog(None, frame(F2020)).id == "spbe2020"
    assert frame_catalog("spbe2020", frame(F2018)).id == "spbe2020"
    assert frame_catalog(F2020, frame(F2018)).framework is F2020
    # a book: the requested framework, else its own when it holds every number
    book18 = make_book(frame(F2018))
    declared20 = dataclasses.replace(
        book18, meta=dataclasses.replace(book18.meta, framework="spbe2020")
    )
    assert book_catalog(book18, None).id == "spbe2018"
    assert book_catalog(declared20, None).id == "spbe2020"
    assert book_catalog(declared20, "spbe2018").id == "spbe2018"
    # its own cannot hold 36-47: the numbers decide; an unknown id is not an error
    book20 = make_book(frame(F2020))
    assert book_catalog(book20, None).id == "spbe2020"
    unknown = dataclasses.replace(book18, meta=dataclasses.replace(book18.meta, framework="nope"))
    assert book_catalog(unknown, None).id == "spbe2018"


def test_a_frame_is_scored_as_pemdi_on_the_readers_quorum_of_decimals():
    """Decimal values make a frame of indicators 1-20 Pemdi's, from two on (as the reader
    asks of a workbook); a single one is a typo in a level or a score, nothing tells which:
    an error asking for framework= (before: Pemdi on any one decimal)."""
    ids = [str(n) for n in range(1, 21)]

    def levels(values):
        return pd.DataFrame({"indicator_id": ids, "maturity_level": values})

    assert frame_catalog(None, levels([2.0] * 18 + [2.5, 1.25])).id == "pemdi2026"
    assert frame_catalog(None, levels([2.0] * 20)).id == "spbe2018"
    one = levels([2.0] * 19 + [2.5])
    with pytest.raises(ValueError, match=r"not certain.*pemdi2026"):
        frame_catalog(None, one)
    assert frame_catalog("pemdi2026", one).id == "pemdi2026"
    # numbers no score framework has (35): the decimal is an unreadable level there
    spbe = pd.DataFrame(
        {"indicator_id": [str(n) for n in range(1, 36)], "maturity_level": [2.0] * 34 + [2.5]}
    )
    assert frame_catalog(None, spbe).id == "spbe2018"
