"""The framework catalog: packaged data, checks at load time, custom weights, read-only frames."""

from __future__ import annotations

import dataclasses
import math
import subprocess
import sys
from pathlib import Path

import pytest

import spbe_xl.framework as fw
from spbe_xl.framework import FrameworkError

F2018 = fw.load("spbe2018")
F2020 = fw.load("spbe2020")
BOTH = [F2018, F2020]
ALLOWED_STATUSES = {"confirmed", "from data", "derived", "open"}


# --------------------------------------------------------------------------- catalog


def test_available_lists_both():
    assert fw.available() == ["spbe2018", "spbe2020"]


def test_import_is_usable_from_a_fresh_interpreter():
    out = subprocess.run(
        [sys.executable, "-c", "import spbe_xl.framework as f; print(f.available())"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "['spbe2018', 'spbe2020']"


def test_load_default_is_2018_and_ids_are_case_insensitive():
    assert fw.load().id == "spbe2018"
    assert fw.load(" SPBE2020 ").id == "spbe2020"


def test_unknown_framework_id():
    with pytest.raises(FrameworkError, match="spbe1999"):
        fw.load("spbe1999")


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


# --------------------------------------------------------------------------- weights


def test_2018_weights():
    assert F2018.domains["weight"].tolist() == [17.0, 28.0, 55.0]
    assert F2018.aspects["weight"].tolist() == [7.0, 10.0, 8.0, 8.0, 12.0, 35.0, 20.0]
    assert [F2018.weight(n) for n in (1, 17, 18, 24, 25, 35)] == [1, 1, 4, 4, 5, 5]
    assert math.isclose(F2018.indicators["weight"].sum(), 100.0)
    assert set(F2018.domains["status"]) == {"from data"}
    assert set(F2018.aspects["status"]) == {"derived"}
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


# --------------------------------------------------------------------------- texts


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


# --------------------------------------------------------------------------- predicates

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
    # 2018: only the 2.6 edge of Baik is confirmed; the bands are marked open
    assert set(F2018.predicates["status"]) == {"open"}
    assert "2.6 confirmed" in F2018.predicates.set_index("name").loc["Baik", "source"]


# --------------------------------------------------------------------------- read-only


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


# --------------------------------------------------------------------------- framework files


def toml_text(
    *,
    weights: tuple[float, ...] = (20.0, 20.0, 30.0, 30.0),
    aspect_lists: tuple[str, str] = ("1-2", "3-4"),
    aspect_weights: tuple[float, float] | None = None,
    domain_weights: tuple[float, float] | None = None,
    bands: tuple[tuple[str, float, float], ...] = (
        ("Kurang", 0.0, 1.8),
        ("Cukup", 1.8, 2.6),
        ("Baik", 2.6, 3.5),
        ("Sangat Baik", 3.5, 4.2),
        ("Memuaskan", 4.2, 5.0),
    ),
    levels: tuple[int, int] = (1, 5),
    indicator_numbers: tuple[int, ...] = (1, 2, 3, 4),
    indicator_aspects: tuple[int, ...] = (1, 1, 2, 2),
    indicator_domains: tuple[int, ...] = (1, 1, 2, 2),
    extra: str = "",
) -> str:
    """A small framework: 2 domains, 2 aspects (one per domain), 4 indicators."""
    if aspect_weights is None:
        aspect_weights = (weights[0] + weights[1], weights[2] + weights[3])
    if domain_weights is None:
        domain_weights = aspect_weights
    parts = [
        "format = 1",
        'id = "mini"',
        'title = "Mini framework"',
        'regulation = "none"',
        f'[levels]\nmin = {levels[0]}\nmax = {levels[1]}\nstatus = "open"\nsource = "test"',
        '[[level_meanings]]\nfamily = "all"\nlevel = 1\nmeaning = "one"\n'
        'status = "open"\nsource = "test"',
    ]
    for name, lower, upper in bands:
        parts.append(
            f'[[predicates]]\nname = "{name}"\nlower = {lower}\nupper = {upper}\n'
            'status = "confirmed"\nsource = "test"'
        )
    for no in (1, 2):
        parts.append(
            f'[[domains]]\nno = {no}\nname = "Domain {no}"\nweight = {domain_weights[no - 1]}\n'
            'status = "derived"\nsource = "test"'
        )
    for no in (1, 2):
        parts.append(
            f'[[aspects]]\nno = {no}\nname = "Aspect {no}"\ndomain = {no}\n'
            f'indicators = "{aspect_lists[no - 1]}"\nweight = {aspect_weights[no - 1]}\n'
            'status = "derived"\nsource = "test"'
        )
    for no, weight, aspect, domain in zip(
        indicator_numbers, weights, indicator_aspects, indicator_domains, strict=True
    ):
        parts.append(
            f'[[indicators]]\nno = {no}\nname = "Indicator {no}"\nquestion = ""\n'
            f"domain = {domain}\naspect = {aspect}\nweight = {weight}\n"
            'status = "derived"\nsource = "test"'
        )
    return "\n\n".join(parts) + "\n" + extra


def write(tmp_path: Path, text: str, name: str = "mini.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_framework_file_loads(tmp_path):
    path = write(tmp_path, toml_text())
    for arg in (path, str(path)):
        f = fw.load(arg)
        assert f.id == "mini"
        assert f.domains["weight"].tolist() == [40.0, 60.0]
        assert f.aspects["n_indicators"].tolist() == [2, 2]
        assert f.predicate(2.6) == "Baik"
        assert f.level_meaning(3, 1) == "one"
        assert f.indicator(3)["family"] is None


def test_the_shipped_files_load_from_their_path():
    for name in fw.available():
        f = fw.load(fw.load(name).source_file)
        assert f.indicators.equals(fw.load(name).indicators)


def test_broken_weights_not_summing_to_100(tmp_path):
    path = write(tmp_path, toml_text(weights=(20.0, 20.0, 30.0, 25.0)))
    with pytest.raises(FrameworkError, match=r"sum to 95, not 100") as exc:
        fw.load(path)
    assert str(path) in str(exc.value)


def test_broken_domain_weight_not_the_sum(tmp_path):
    path = write(tmp_path, toml_text(domain_weights=(45.0, 55.0)))
    with pytest.raises(FrameworkError, match=r"domain 1.*45 is not the sum.*40") as exc:
        fw.load(path)
    assert "mini.toml" in str(exc.value)


def test_broken_aspect_weight_not_the_sum(tmp_path):
    path = write(tmp_path, toml_text(aspect_weights=(30.0, 60.0), domain_weights=(40.0, 60.0)))
    with pytest.raises(FrameworkError, match=r"aspect 1.*30 is not the sum"):
        fw.load(path)


def test_broken_indicator_in_two_aspects(tmp_path):
    path = write(tmp_path, toml_text(aspect_lists=("1-3", "3-4")))
    with pytest.raises(FrameworkError, match=r"indicator 3 is listed in aspect 1 and in aspect 2"):
        fw.load(path)


def test_broken_indicator_in_no_aspect(tmp_path):
    path = write(tmp_path, toml_text(aspect_lists=("1-2", "4")))
    with pytest.raises(FrameworkError, match=r"indicator 3.*no aspect lists it"):
        fw.load(path)


def test_broken_indicator_aspect_disagrees_with_listing(tmp_path):
    path = write(
        tmp_path, toml_text(indicator_aspects=(1, 2, 2, 2), indicator_domains=(1, 2, 2, 2))
    )
    with pytest.raises(FrameworkError, match=r"indicator 2.*says aspect 2, but aspect 1 lists it"):
        fw.load(path)


def test_broken_indicator_domain_not_its_aspects(tmp_path):
    path = write(tmp_path, toml_text(indicator_domains=(1, 2, 2, 2)))
    with pytest.raises(
        FrameworkError, match=r"indicator 2.*domain 2.*aspect 1 belongs to domain 1"
    ):
        fw.load(path)


def test_broken_duplicate_indicator_number(tmp_path):
    path = write(tmp_path, toml_text(indicator_numbers=(1, 2, 3, 3)))
    with pytest.raises(FrameworkError, match=r"indicator number 3 is used twice"):
        fw.load(path)


def test_broken_predicate_gap(tmp_path):
    bands = (
        ("Kurang", 0.0, 1.8),
        ("Cukup", 1.8, 2.6),
        ("Baik", 2.7, 3.5),
        ("Sangat Baik", 3.5, 4.2),
        ("Memuaskan", 4.2, 5.0),
    )
    path = write(tmp_path, toml_text(bands=bands))
    with pytest.raises(FrameworkError, match=r"gap between 2.6 .*'Cukup'.* and 2.7") as exc:
        fw.load(path)
    assert "predicates" in str(exc.value)


def test_broken_predicate_overlap_and_ends(tmp_path):
    overlap = (("Kurang", 0.0, 2.0), ("Cukup", 1.8, 2.6), ("Memuaskan", 2.6, 5.0))
    with pytest.raises(FrameworkError, match=r"'Kurang'.*'Cukup'.*overlap"):
        fw.load(write(tmp_path, toml_text(bands=overlap)))
    short = (("Kurang", 0.0, 2.0), ("Memuaskan", 2.0, 4.5))
    with pytest.raises(FrameworkError, match=r"must end at the top level 5"):
        fw.load(write(tmp_path, toml_text(bands=short)))
    late = (("Kurang", 0.5, 2.0), ("Memuaskan", 2.0, 5.0))
    with pytest.raises(FrameworkError, match=r"gap: 0 .. 0.5"):
        fw.load(write(tmp_path, toml_text(bands=late)))


@pytest.mark.parametrize("levels", [(5, 1), (3, 3), (-1, 5)])
def test_broken_level_range(tmp_path, levels):
    with pytest.raises(FrameworkError, match=r"level range .* is not sane"):
        fw.load(write(tmp_path, toml_text(levels=levels)))


def test_broken_toml_and_keys(tmp_path):
    with pytest.raises(FrameworkError, match=r"not valid TOML"):
        fw.load(write(tmp_path, toml_text() + "\nthis is = = not toml\n"))
    with pytest.raises(FrameworkError, match=r"unknown key\(s\): wieght"):
        fw.load(write(tmp_path, toml_text().replace("weight = 20.0\n", "wieght = 20.0\n", 1)))
    with pytest.raises(FrameworkError, match=r"'guessed' is not a status"):
        fw.load(write(tmp_path, toml_text().replace('"derived"', '"guessed"', 1)))
    with pytest.raises(FrameworkError, match=r"missing key\(s\): weight"):
        fw.load(write(tmp_path, toml_text().replace("weight = 40.0\n", "", 1)))
    with pytest.raises(FrameworkError, match=r"format 2 is not supported"):
        fw.load(write(tmp_path, toml_text().replace("format = 1", "format = 2")))


def test_missing_framework_file(tmp_path):
    with pytest.raises(FrameworkError, match=r"nope\.toml"):
        fw.load(tmp_path / "nope.toml")


# --------------------------------------------------------------------------- custom weights

# 2018 variant: 2 % for indicators 1-17, 3 % for 18-24, 4 % for 25-34, 5 % for 35 -> 34/21/45
CUSTOM_2018 = {n: 2.0 for n in range(1, 18)} | {n: 3.0 for n in range(18, 25)}
CUSTOM_2018 |= {n: 4.0 for n in range(25, 35)} | {35: 5.0}


def weights_csv(weights: dict[int, float], *, sep: str = ",", decimal: str = ".") -> str:
    lines = [f"indicator_no{sep}weight"]
    for no, weight in weights.items():
        value = f"{weight:g}".replace(".", decimal)
        if decimal == "," and sep == ",":
            value = f'"{value}"'
        lines.append(f"{no}{sep}{value}")
    return "\n".join(lines) + "\n"


def test_custom_weights_comma_csv(tmp_path):
    path = tmp_path / "bobot.csv"
    path.write_text(weights_csv(CUSTOM_2018), encoding="utf-8")
    f = fw.load("spbe2018", weights=path)
    assert f.weight(1) == 2.0
    assert f.weight(20) == 3.0
    assert f.weight(35) == 5.0
    assert f.domains["weight"].tolist() == [34.0, 21.0, 45.0]
    assert f.aspects["weight"].tolist() == [14.0, 20.0, 6.0, 6.0, 9.0, 28.0, 17.0]
    assert set(f.indicators["status"]) == {"custom"}
    assert set(f.domains["status"]) == {"derived"}
    assert f.indicator(20)["source"] == f"weights file {path}, line 21"
    assert f.weights_file == str(path)
    assert f != F2018
    assert "bobot.csv" in f.describe()
    # the catalog itself is unchanged
    assert fw.load("spbe2018").weight(1) == 1.0


def test_custom_weights_semicolon_decimal_comma_bom_crlf(tmp_path):
    # 1.5 % for indicators 1-17, 3.5 % for 18-24, 4.5 % for 25-34, 5 % for 35 -> 25.5/24.5/50
    weights = {n: 1.5 for n in range(1, 18)} | {n: 3.5 for n in range(18, 25)}
    weights |= {n: 4.5 for n in range(25, 35)} | {35: 5.0}
    text = weights_csv(weights, sep=";", decimal=",").replace("\n", "\r\n")
    path = tmp_path / "bobot-excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert "1;1,5" in text
    f = fw.load("spbe2018", weights=str(path))
    assert f.weight(1) == 1.5
    assert f.weight(18) == 3.5
    assert f.weight(34) == 4.5
    assert f.domains["weight"].tolist() == [25.5, 24.5, 50.0]
    assert f.aspects["weight"].tolist() == pytest.approx([10.5, 15.0, 7.0, 7.0, 10.5, 31.5, 18.5])


def test_custom_weights_quoted_decimal_comma_extra_column_blank_lines(tmp_path):
    lines = ["indicator_no,name,weight", ""]
    for no in range(1, 48):
        weight = F2020.weight(no)
        lines.append(f'{no},"Indikator {no}","{weight:g}"'.replace(".", ","))
    path = tmp_path / "bobot2020.csv"
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    f = fw.load("spbe2020", weights=path)
    assert f.weight(1) == pytest.approx(1.3)
    assert f.domains["weight"].tolist() == pytest.approx([13.0, 25.0, 16.5, 45.5])


def test_custom_weights_missing_indicator(tmp_path):
    weights = dict(CUSTOM_2018)
    del weights[20]
    weights[21] = 6.0  # still sums to 100
    path = tmp_path / "kurang.csv"
    path.write_text(weights_csv(weights), encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"kurang\.csv.*indicator\(s\) 20 missing"):
        fw.load("spbe2018", weights=path)


def test_custom_weights_not_summing_to_100(tmp_path):
    weights = dict(CUSTOM_2018)
    weights[35] = 6.0
    path = tmp_path / "total.csv"
    path.write_text(weights_csv(weights), encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"total\.csv.*sum to 101, not 100"):
        fw.load("spbe2018", weights=path)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("20,3", r"line 22: indicator 20 is given twice \(also on line 21\)"),
        ("36,0", r"line 22: spbe2018 has no indicator 36"),
        ("35-1,5", r"line 22: '35-1' is not an indicator number \(give the indicator number"),
        ("x,1", r"line 22: 'x' is not an indicator number"),
    ],
)
def test_custom_weights_bad_rows_name_the_line(tmp_path, line, message):
    text = weights_csv(CUSTOM_2018).splitlines()
    text.insert(21, line)  # becomes line 22 of the file
    path = tmp_path / "rows.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"rows\.csv, " + message):
        fw.load("spbe2018", weights=path)


def test_custom_weights_bad_values_name_the_line(tmp_path):
    text = weights_csv(CUSTOM_2018).replace("\n5,2\n", "\n5,-2\n")
    path = tmp_path / "neg.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"neg\.csv, line 6: weight -2 of indicator 5"):
        fw.load("spbe2018", weights=path)
    path.write_text(text.replace("\n5,-2\n", "\n5,dua\n"), encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"neg\.csv, line 6: weight 'dua'.* not a number"):
        fw.load("spbe2018", weights=path)


def test_custom_weights_bad_header_and_missing_file(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text("no,bobot\n1,1\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"header\.csv, line 1: the header must name"):
        fw.load("spbe2018", weights=path)
    with pytest.raises(FrameworkError, match=r"absent\.csv"):
        fw.load("spbe2018", weights=tmp_path / "absent.csv")
