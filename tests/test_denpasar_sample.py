"""The bundled Kota Denpasar 2021 sample (spbe2020, an office layout unlike Bontang's):
built from its public data, read back to the data and to the published result."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from spbe_xl import read_workbook, rules
from tests.conftest import SAMPLES

DATA = SAMPLES / "denpasar-2021.csv"
PAIR = [
    SAMPLES / "denpasar-2021-penilaian-mandiri.xlsx",
    SAMPLES / "denpasar-2021-tindak-lanjut.xlsx",
]
#: Published result of that evaluation (shared/real/README.md): index and domains 1-4.
PUBLISHED = (3.19, "Baik", {1: 3.00, 2: 3.30, 3: 2.18, 4: 3.55})


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return pd.read_csv(DATA)


@pytest.fixture(scope="module")
def book():
    return read_workbook(PAIR)


def test_the_committed_workbooks_are_what_the_builder_makes(tmp_path):
    subprocess.run(
        [sys.executable, str(SAMPLES / "build_denpasar.py"), str(DATA), str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for path in PAIR:
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_the_pair_reads_as_denpasar_2021_under_spbe2020(book):
    assert (book.meta.instansi, book.meta.year, book.meta.framework) == (
        "Pemerintah Kota Denpasar",
        2021,
        "spbe2020",
    )
    kinds = {s.name: s.kind for s in book.meta.sheets}
    assert kinds["PM SPBE 2021"] == "self_assessment"
    assert kinds["TL SPBE 2021"] == "followup"
    assert not (book.findings["severity"] == "error").any()


def test_every_level_reads_back_to_the_data(book, data):
    ind = book.indicators.set_index("indicator_id")
    assert list(ind.index) == [str(n) for n in range(1, 48)]
    for _, row in data.iterrows():
        got = ind.loc[str(row.indicator_no)]
        assert got.self_level == row.self_level, row.indicator_no
        assert got.evaluator_level == row.maturity_level, row.indicator_no
        assert got.maturity_level == row.maturity_level, row.indicator_no


def test_the_published_figures_come_out_of_the_workbooks(book):
    result = rules.index_scores(book.indicators)
    shown = result.rounded()
    total, predicate, domains = PUBLISHED
    assert (shown["total"], result.predicate) == (total, predicate)
    assert shown["by_domain"] == domains
