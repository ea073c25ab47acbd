"""spbe_xl.framework.model: the packaged catalogs as Framework objects, read-only frames, predicates."""

from __future__ import annotations

import dataclasses
import math

import pytest

import spbe_xl.framework as fw
from spbe_xl.framework import FrameworkError, model
from tests.framework.files import ALLOWED_STATUSES, BOTH, F2018, F2020


def test_2018_counts():
    assert (len(F2018.domains), len(F2018.aspects), len(F2018.indicators)) == (3, 7, 35)
    assert F2018.aspects["n_indicators"].tolist() == [7, 10, 2, 2, 3, 7, 4]
    assert F2018.domains["n_indicators"].tolist() == [17, 7, 11]
    assert F2018.indicators["indicator_no"].tolist() == list(range(1, 36))


def test_2020_counts():
    assert (len(F2020.domains), len(F2020.aspects), len(F2020.indicators)) == (4, 8, 47)
    assert F2020.aspects["n_indicators"].tolist() == [10, 4, 4, 2, 8, 3, 10, 6]
    assert F2020.domains["n_indicators"].tolist() == [10, 10, 11, 16]
    assert F2020.indicators["indicator_no"].tolist() == list(range(1, 48))


def test_2018_structure_matches_the_framework_table():
    ind = F2018.indicators.set_index("indicator_no")
    expected_aspect = {
        1: range(1, 8),
        2: range(8, 18),
        3: range(18, 20),
        4: range(20, 22),
        5: range(22, 25),
        6: range(25, 32),
        7: range(32, 36),
    }
    for aspect, numbers in expected_aspect.items():
        assert ind.loc[list(numbers), "aspect_no"].eq(aspect).all(), aspect
    assert F2018.aspects["domain_no"].tolist() == [1, 1, 2, 2, 2, 3, 3]
    assert F2018.domains["name"].tolist() == [
        "Kebijakan Internal SPBE",
        "Tata Kelola SPBE",
        "Layanan SPBE",
    ]
    assert F2018.aspects["name"].tolist() == [
        "Kebijakan Internal Tata Kelola SPBE",
        "Kebijakan Internal Layanan SPBE",
        "Kelembagaan",
        "Strategi dan Perencanaan",
        "Teknologi Informasi dan Komunikasi",
        "Layanan Administrasi Pemerintahan Berbasis Elektronik",
        "Layanan Publik Berbasis Elektronik",
    ]


def test_2020_structure_matches_the_framework_table():
    assert F2020.aspects["domain_no"].tolist() == [1, 2, 2, 2, 3, 3, 4, 4]
    assert F2020.domains["name"].tolist() == [
        "Kebijakan Internal SPBE",
        "Tata Kelola SPBE",
        "Manajemen SPBE",
        "Layanan SPBE",
    ]
    assert F2020.indicator(1)["name"] == "Kebijakan Internal Arsitektur SPBE Instansi Pusat/Pemda"
    assert F2020.indicator(44)["name"] == "Jaringan Dokumentasi dan Informasi Hukum (JDIH)"
    assert F2020.indicator(47)["name"] == "Layanan Publik Sektor 3"
    assert F2020.indicator(47)["aspect_no"] == 8
    assert F2020.indicator(21)["domain_no"] == 3


def test_level_ranges():
    assert (F2018.level_min, F2018.level_max) == (0, 5)
    assert (F2020.level_min, F2020.level_max) == (1, 5)
    assert F2018.level_status == F2020.level_status == "confirmed"


def test_2018_weights():
    assert F2018.domains["weight"].tolist() == [17.0, 28.0, 55.0]
    assert F2018.aspects["weight"].tolist() == [7.0, 10.0, 8.0, 8.0, 12.0, 35.0, 20.0]
    assert [F2018.weight(n) for n in (1, 17, 18, 24, 25, 35)] == [1, 1, 4, 4, 5, 5]
    assert math.isclose(F2018.indicators["weight"].sum(), 100.0)
    # printed in a 2020 report under 5/2018 (Kab. Madiun): the domains and aspects 1-5; the
    # report prints 33/22 % for aspects 6/7, but its own figures follow 35/20 % (derived)
    assert set(F2018.domains["status"]) == {"confirmed"}
    assert F2018.aspects["status"].tolist() == ["confirmed"] * 5 + ["derived"] * 2
    assert "33 % and 22 %" in F2018.aspects["source"].iloc[5]
    assert set(F2018.indicators["status"]) == {"derived"}


def test_2020_weights():
    assert F2020.domains["weight"].tolist() == [13.0, 25.0, 16.5, 45.5]
    assert F2020.aspects["weight"].tolist() == [13.0, 10.0, 10.0, 5.0, 12.0, 4.5, 27.5, 18.0]
    expected = {1: 1.3, 10: 1.3, 11: 2.5, 20: 2.5, 21: 1.5, 31: 1.5, 32: 2.75, 41: 2.75}
    expected |= {42: 3.0, 47: 3.0}
    for number, weight in expected.items():
        assert F2020.weight(number) == pytest.approx(weight), number
    assert math.isclose(F2020.indicators["weight"].sum(), 100.0)
    assert set(F2020.domains["status"]) == {"confirmed"}
    status = F2020.indicators.set_index("indicator_no")["status"]
    confirmed = [*range(1, 11), *range(21, 32)]
    assert status[confirmed].eq("confirmed").all()
    assert status.drop(confirmed).eq("from data").all()


@pytest.mark.parametrize("f", BOTH, ids=lambda f: f.id)
def test_stored_weights_are_sums_of_indicator_weights(f):
    ind = f.indicators
    for row in f.aspects.itertuples():
        assert row.weight == pytest.approx(ind.loc[ind.aspect_no == row.aspect_no, "weight"].sum())
    for row in f.domains.itertuples():
        assert row.weight == pytest.approx(ind.loc[ind.domain_no == row.domain_no, "weight"].sum())
    # every indicator's aspect lies in the indicator's domain
    aspect_domain = f.aspects.set_index("aspect_no")["domain_no"]
    assert (ind["aspect_no"].map(aspect_domain) == ind["domain_no"]).all()


def test_2018_domain_weights_reproduce_the_published_bontang_index():
    # Kota Bontang 2018 (published): D1 2.24, D2 2.71, D3 2.88 -> Indeks SPBE 2.72, Baik
    w = F2018.domains.set_index("domain_no")["weight"] / 100
    index = w[1] * 2.24 + w[2] * 2.71 + w[3] * 2.88
    assert round(index, 2) == 2.72
    assert F2018.predicate(round(index, 2)) == "Baik"


@pytest.mark.parametrize("f", BOTH, ids=lambda f: f.id)
def test_statuses_and_sources_are_filled(f):
    for frame in (f.domains, f.aspects, f.indicators, f.predicates, f.level_meanings):
        assert set(frame["status"]) <= ALLOWED_STATUSES
        assert frame["source"].str.len().gt(0).all()


def test_weight_of_unknown_indicator():
    with pytest.raises(FrameworkError, match="36"):
        F2018.weight(36)
    with pytest.raises(KeyError):
        F2020.weight(48)
    with pytest.raises(FrameworkError):
        F2018.indicator(0)
    assert F2018.has_indicator(35)
    assert not F2018.has_indicator(36)
    assert not F2018.has_indicator("35-1")
    assert F2020.has_indicator(47)


def test_2018_names_and_questions_from_the_seed():
    ind = F2018.indicators.set_index("indicator_no")
    assert ind["question"].str.startswith("Apakah ").all()
    assert ind["question"].str.endswith("?").all()
    assert not ind["name"].str.contains("Pemeintah").any()
    assert F2018.indicator(35)["name"] == "Layanan Publik Instansi Pemerintah"
    assert F2018.indicator(2)["question"] == (
        "Apakah Instansi Pusat/Pemerintah Daerah Saudara memiliki kebijakan internal terkait "
        "proses bisnis (alur kerja) terintegrasi?"
    )
    assert F2018.indicator(1)["name"] == "Kebijakan Internal Tim Pengarah SPBE Instansi Pemerintah"
    assert F2018.indicator(18)["name"] == "Tim Pengarah SPBE Instansi Pemerintah"
    assert F2018.indicator(34)["name"] == "Layanan Whistle Blowing System"
    # differences with the criteria table are noted in the source
    assert "Perencanaaan" in F2018.indicator(10)["source"]


def test_2020_questions_are_open():
    assert F2020.indicators["question"].eq("").all()
    assert F2020.indicators["source"].str.contains("question: open").all()


def test_multi_instance_and_families():
    multi = F2018.indicators.loc[F2018.indicators["multi_instance"], "indicator_no"].tolist()
    assert multi == [35]
    assert not F2020.indicators["multi_instance"].any()
    fam = F2018.indicators.set_index("indicator_no")["family"]
    assert fam[list(range(1, 18))].eq("policy").all()
    assert fam[list(range(18, 25))].eq("governance").all()
    assert fam[list(range(25, 36))].eq("service").all()
    assert F2020.indicators["family"].isna().all()
    assert F2020.indicator(3)["family"] is None


def test_level_meanings():
    assert "konsep" in F2018.level_meaning(5, 1)
    assert F2018.level_meaning(20, 3) == "fully applied"
    assert F2018.level_meaning(25, 3) == "transaksi"
    assert F2018.level_meaning(35, 5) == "optimalisasi"
    assert "nothing exists" in F2018.level_meaning(30, 0)
    assert F2018.level_meaning(30, 6) is None
    assert [F2020.level_meaning(12, lvl) for lvl in range(1, 6)] == [
        "Rintisan",
        "Terkelola",
        "Terdefinisi",
        "Terpadu dan Terukur",
        "Optimum",
    ]
    assert F2020.level_meaning(12, 0) is None
    assert set(F2020.level_meanings["status"]) == {"from data"}
    assert set(F2020.level_meanings["family"]) == {"all"}
    with pytest.raises(FrameworkError):
        F2018.level_meaning(99, 1)


def test_describe_shows_weights_predicates_and_statuses():
    text = F2018.describe()
    for needle in (
        "spbe2018",
        "PermenPANRB No. 5 Tahun 2018",
        "Domain 1 Kebijakan Internal SPBE: 17",
        "Domain 3 Layanan SPBE: 55",
        "from data",
        "Baik: 2.6 .. <3.5",
        "Memuaskan: 4.2 .. <=5",
        "25-35: 5 each",
        "35-1",
    ):
        assert needle in text, needle
    text = F2020.describe()
    assert "Manajemen SPBE: 16.5" in text
    assert "1-10: 1.3 each [confirmed]" in text
    assert "Rintisan" in text


EDGE_CASES = [
    (0.0, "Kurang"),
    (1.79, "Kurang"),
    (1.8, "Cukup"),
    (2.59, "Cukup"),
    (2.6, "Baik"),
    (3.49, "Baik"),
    (3.5, "Sangat Baik"),
    (4.19, "Sangat Baik"),
    (4.2, "Memuaskan"),
    (4.99, "Memuaskan"),
    (5.0, "Memuaskan"),
]


@pytest.mark.parametrize("f", BOTH, ids=lambda f: f.id)
@pytest.mark.parametrize(("score", "expected"), EDGE_CASES)
def test_predicate_band_edges(f, score, expected):
    assert f.predicate(score) == expected


@pytest.mark.parametrize("f", BOTH, ids=lambda f: f.id)
def test_predicate_just_below_edges(f):
    for edge, below in ((1.8, "Kurang"), (2.6, "Cukup"), (3.5, "Baik"), (4.2, "Sangat Baik")):
        assert f.predicate(edge - 1e-6) == below
        # float noise from Σ w·l / 100 does not drop a score to the band below
        assert f.predicate(math.nextafter(edge, 0)) != below


@pytest.mark.parametrize("f", BOTH, ids=lambda f: f.id)
@pytest.mark.parametrize("score", [-0.01, 5.01, float("nan"), None, "abc"])
def test_predicate_outside_range(f, score):
    with pytest.raises(ValueError):
        f.predicate(score)


def test_predicates_frame():
    p = F2020.predicates
    assert p["name"].tolist() == ["Kurang", "Cukup", "Baik", "Sangat Baik", "Memuaskan"]
    assert p["lower"].tolist() == [0.0, 1.8, 2.6, 3.5, 4.2]
    assert p["upper"].tolist() == [1.8, 2.6, 3.5, 4.2, 5.0]
    assert set(p["status"]) == {"confirmed"}
    # 2018: the same bands, printed in a 2020 report under 5/2018 (Kab. Madiun)
    assert F2018.predicates[["name", "lower", "upper"]].equals(p[["name", "lower", "upper"]])
    assert set(F2018.predicates["status"]) == {"confirmed"}
    assert "Madiun" in F2018.predicates.set_index("name").loc["Baik", "source"]


def test_frames_cannot_mutate_the_catalog():
    f = fw.load("spbe2018")
    ind = f.indicators
    ind.loc[0, "weight"] = 99.0
    ind.loc[0, "name"] = "changed"
    dom = f.domains
    dom["weight"] = 0.0
    pred = f.predicates
    pred.loc[0, "upper"] = 4.9
    lm = f.level_meanings
    lm.loc[:, "meaning"] = "x"
    assert f.weight(1) == 1.0
    assert f.indicators.loc[0, "weight"] == 1.0
    assert f.indicators.loc[0, "name"] != "changed"
    assert f.domains["weight"].tolist() == [17.0, 28.0, 55.0]
    assert f.predicate(2.0) == "Cukup"
    assert f.level_meaning(25, 3) == "transaksi"
    assert f.indicators is not f.indicators
    row = f.indicator(1)
    row["weight"] = 50.0
    assert f.weight(1) == 1.0
    assert fw.load("spbe2018").weight(1) == 1.0


def test_framework_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        F2018.id = "other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        F2018.level_max = 4  # type: ignore[misc]


# --------------------------------------------------------------------------- rows


@pytest.mark.parametrize(
    ("row", "columns"),
    [
        (model.DomainRow, fw.DOMAIN_COLUMNS),
        (model.AspectRow, fw.ASPECT_COLUMNS),
        (model.IndicatorRow, fw.INDICATOR_COLUMNS),
        (model.PredicateRow, fw.PREDICATE_COLUMNS),
        (model.LevelMeaningRow, fw.LEVEL_MEANING_COLUMNS),
        (model.CriterionRow, fw.CRITERIA_COLUMNS),
    ],
)
def test_row_types_have_the_frames_columns(row, columns):
    assert list(row.__annotations__) == list(columns)


def test_indicator_rows_are_plain_values():
    row = F2018.indicator(35)
    assert row == {
        "indicator_no": 35,
        "name": row["name"],
        "question": row["question"],
        "domain_no": 3,
        "aspect_no": 7,
        "weight": 5.0,
        "multi_instance": True,
        "family": "service",
        "status": "derived",
        "source": row["source"],
    }
    assert list(row) == list(fw.INDICATOR_COLUMNS)
    assert all(type(v) in (int, float, bool, str) for v in row.values())
    assert F2020.indicator(1)["family"] is None


def test_multi_instance_indicators_and_the_highest_number():
    assert F2018.multi_instance_indicators() == [(35, "Layanan Publik Instansi Pemerintah")]
    assert F2020.multi_instance_indicators() == []
    assert (F2018.highest_indicator, F2020.highest_indicator) == (35, 47)
