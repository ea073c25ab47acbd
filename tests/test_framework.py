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


# --------------------------------------------------------------------------- level criteria

CRIT_22_4 = (
    "Pengendalian satu atau lebih layanan pusat data (data center) dilakukan secara terpusat; "
    "Monitoring dan perencanaan kapasitas dilakukan secara berkala berdasarkan hasil analisis "
    "rekaman aktivitas pusat data (data center)."
)
CRIT_23_3 = (
    "Integrasi sistem aplikasi telah dilakukan secara keseluruhan sesuai rencana di Instansi "
    "Pusat/Pemerintah Daerah Saudara."
)
CRIT_5_4 = (
    "Kebijakan internal mendukung pengaturan pengoperasian pusat data untuk melaksanakan "
    "integrasi pusat data dengan pusat data milik Instansi Pusat/Pemerintah Daerah lain atau "
    "untuk rencana transisi penggunaan pusat data nasional."
)


def test_2018_criteria_load():
    crit = F2018.criteria
    assert F2018.has_criteria
    assert list(crit.columns) == list(fw.CRITERIA_COLUMNS)
    assert crit["indicator_no"].dtype == "int64" and crit["level"].dtype == "int64"
    assert all(crit[c].dtype == "string" for c in list(fw.CRITERIA_COLUMNS)[2:])
    assert len(crit) == 210
    pairs = list(zip(crit["indicator_no"], crit["level"], strict=True))
    assert pairs == [(no, lv) for no in range(1, 36) for lv in range(0, 6)]
    assert crit["criterion"].str.len().min() > 10
    assert crit["level_explanation"].notna().all()
    assert crit["source"].str.contains("monev-spbe-dps|eval-spbe").all()
    # the other source's wording only where the two differ (13 cells)
    assert crit["alt_criterion"].notna().sum() == 13
    assert F2018.criterion(3, 4) == (
        "Kebijakan internal telah mendukung pengaturan rencana induk SPBE yang mencakup "
        "integrasi SPBE antar Instansi Pusat, antar Pemerintah Daerah, dan/atau antar Instansi "
        "Pusat dan Pemerintah Daerah."
    )
    assert F2018.criterion(22, "LEVEL 4") == CRIT_22_4
    assert F2018.criterion(22, 9) is None
    for no in range(1, 36):
        assert F2018.evidence_guidance(no).startswith("Data pendukung")
    assert crit["indicator_explanation"].notna().all()
    assert F2018.criteria_status == "from data"
    assert "putuokky/monev-spbe-dps" in F2018.criteria_source
    assert "alfiyansys/eval-spbe" in F2018.criteria_source
    assert F2018.criteria_file.endswith("spbe2018-criteria.csv")
    assert "Level criteria: 210 (indicators 1-35, levels 0-5) [from data]" in F2018.describe()
    with pytest.raises(fw.UnknownIndicatorError):
        F2018.criterion(36, 1)


def test_criteria_frame_is_a_copy():
    crit = F2018.criteria
    crit.loc[0, "criterion"] = "changed"
    assert F2018.criteria.loc[0, "criterion"] != "changed"
    assert F2018.criterion(1, 0).startswith("Tidak terdapat")


def test_packaged_criteria_are_the_shared_file():
    shared = Path(__file__).resolve().parents[2] / "shared" / "spbe2018-level-criteria.csv"
    if not shared.is_file():
        pytest.skip("shared/ is not beside the repository")
    packaged = Path(fw.__file__).parent / "data" / "spbe2018-criteria.csv"
    assert packaged.read_bytes() == shared.read_bytes()


def test_criteria_survive_custom_weights(tmp_path):
    path = tmp_path / "bobot.csv"
    path.write_text(weights_csv(CUSTOM_2018), encoding="utf-8")
    f = fw.load("spbe2018", weights=path)
    assert f.has_criteria and len(f.criteria) == 210
    assert f.criteria_source == F2018.criteria_source
    assert f.check_label(22, 3, CRIT_22_4) == F2018.check_label(22, 3, CRIT_22_4)


# -- match_level: normalisation


@pytest.mark.parametrize(
    ("indicator_no", "text", "level"),
    [
        pytest.param(22, CRIT_22_4, 4, id="exact"),
        pytest.param(22, CRIT_22_4.upper(), 4, id="case"),
        pytest.param(22, "  " + CRIT_22_4.replace(" ", "   \n ") + "  ", 4, id="spacing"),
        pytest.param(
            22, CRIT_22_4.replace(";", "").replace("(", "").replace(")", ""), 4, id="punctuation"
        ),
        pytest.param(23, CRIT_23_3, 3, id="with Saudara"),
        pytest.param(23, CRIT_23_3.replace(" Saudara.", ""), 3, id="missing Saudara"),
        pytest.param(23, CRIT_23_3.replace(" Saudara.", " Saudara Saudara"), 3, id="Saudara x2"),
        pytest.param(5, CRIT_5_4[: len(CRIT_5_4) * 2 // 3], 4, id="cut at a word"),
        pytest.param(5, CRIT_5_4[:-6], 4, id="cut inside a word"),  # "... pusat data nasi"
        pytest.param(22, CRIT_22_4.replace("terpusat", "terpsuat"), 4, id="typo swap"),
        pytest.param(22, CRIT_22_4.replace("Monitoring", "Monitorng"), 4, id="typo missing"),
        pytest.param(22, CRIT_22_4.replace("kapasitas", "kapasitass"), 4, id="typo extra"),
        pytest.param(
            4,
            "Kebijakan internal telah ditetapkan dan mendukung pengaturan perencanaan dan "
            "penganggaran TIK yang menyelaraskan dengan sebagian muatan dari rencana induk "
            "SPBE SPBE",
            2,
            id="word doubled (seed line 176)",
        ),
        pytest.param(
            8,
            "Terdapat konsep kebijakan internal terkait sistem naskah dinas elektroni",
            1,
            id="cut last letter (seed line 193)",
        ),
        pytest.param(
            35, "Sistem pelayanan publik menyediakan layanan optimalisasi.", 5, id="short"
        ),
        pytest.param(
            7,  # the alternative source's wording of indicator 7 level 2
            "Kebijakan internal telah ditetapkan dan mendukung pengaturan penggunaan aplikasi "
            "umum berbagi pakai pada aplikasi umum berbagi pakai.",
            2,
            id="alt_criterion",
        ),
        pytest.param(
            22,  # the level explanation instead of the criterion
            "Instansi Pusat/Pemerintah Daerah menggunakan pusat data dari penyedia jasa pusat "
            "data non-pemerintah/swasta.",
            1,
            id="level_explanation",
        ),
    ],
)
def test_match_level_normalises(indicator_no, text, level):
    m = F2018.match_level(indicator_no, text)
    assert m is not None, F2018._criteria_index._scores(indicator_no, text)
    assert m.level == level
    assert m.score >= fw.MATCH_MIN
    assert m.score - m.runner_up_score >= fw.MATCH_MARGIN
    assert set(m.scores) == set(range(0, 6))
    assert m.scores[level] == m.score
    assert m.runner_up_score == max(v for k, v in m.scores.items() if k != level)
    assert m.scores[m.runner_up_level] == m.runner_up_score


def test_exact_copy_scores_one_and_cut_copy_less():
    assert F2018.match_level(22, CRIT_22_4).score == 1.0
    cut = F2018.match_level(5, CRIT_5_4[: len(CRIT_5_4) * 2 // 3])
    assert fw.MATCH_MIN <= cut.score < 1.0


@pytest.mark.parametrize(
    ("indicator_no", "label", "text"),
    [
        (20, 4, "Belum melaksanakan pemantauan dan evaluasi secara berkala"),
        (18, 3, "Belum melaksanakan evaluasi dan pemantauan secara berkala"),
        # a reason built from the level-4 criterion itself: negated, so not that criterion
        (
            22,
            3,
            "Belum dilakukan pengendalian satu atau lebih layanan pusat data (data center) "
            "secara terpusat, monitoring dan perencanaan kapasitas dilakukan secara berkala "
            "berdasarkan hasil analisis rekaman aktivitas pusat data (data center).",
        ),
        (
            21,
            1,
            "Perencanaan dan penganggaran TIK yang tertuang dalam rencana kerja tahunan SKPD "
            "belum dikonsultasikan pada unit pengelola TIK (DKIS)",
        ),
        (3, 2, "Kebijakan internal rencana induk SPBE sebaiknya dinilai dan dievaluasi"),
    ],
)
def test_evaluator_reasons_are_not_criteria(indicator_no, label, text):
    assert F2018.match_level(indicator_no, text) is None
    assert F2018.check_label(indicator_no, label, text) is None


@pytest.mark.parametrize("text", [None, "", "   ", "-", float("nan"), 3])
def test_blank_text_matches_nothing(text):
    assert F2018.match_level(22, text) is None
    assert F2018.check_label(22, 3, text) is None


def test_ambiguous_cut_text_matches_nothing():
    # cut where indicator 3's levels 3 and 4 are still the same words: both score 0.95
    m = F2018._criteria_index._scores(
        3, "Kebijakan internal telah mendukung pengaturan rencana induk SPBE yang mencakup"
    )
    assert m[3] == m[4] > fw.MATCH_MIN
    assert (
        F2018.match_level(
            3, "Kebijakan internal telah mendukung pengaturan rencana induk SPBE yang mencakup"
        )
        is None
    )
    # a few opening words are no cut copy of anything
    assert F2018.match_level(3, "Kebijakan internal") is None
    assert F2018.match_level(35, "Sistem pelayanan publik menyediakan layanan") is None


# -- check_label


def test_check_label_flags_another_levels_criterion():
    c = F2018.check_label(22, 3, CRIT_22_4)
    assert c == fw.LabelCheck(label_level=3, text_level=4, label_score=0.171, text_score=1.0)
    assert c.margin == 0.829
    assert c.text_score - c.label_score >= fw.LABEL_MARGIN
    assert "LEVEL 3" in c.describe() and "level-4 criterion" in c.describe()
    # the label as printed, and as a float from a spreadsheet cell
    assert F2018.check_label(22, "LEVEL 3", CRIT_22_4) == c
    assert F2018.check_label(22, 3.0, CRIT_22_4) == c


def test_check_label_is_quiet_when_consistent_or_undecidable():
    assert F2018.check_label(22, 4, CRIT_22_4) is None
    assert F2018.check_label(22, 4, CRIT_22_4.lower()[:-30]) is None
    assert F2018.check_label(22, None, CRIT_22_4) is None
    assert F2018.check_label(22, "LEVEL", CRIT_22_4) is None
    assert F2018.check_label(22, 7, CRIT_22_4) is None  # not a level with a criterion
    # level 2 and level 3 of indicator 20 differ by one phrase: the text's level is known
    # (match_level), but not "clearly better" than the label's (see docs/criteria.md)
    l3 = F2018.criterion(20, 3)
    assert F2018.match_level(20, l3).level == 3
    assert F2018.check_label(20, 2, l3) is None


def test_results_are_not_shared_between_calls():
    first = F2018.match_level(22, CRIT_22_4)
    first.scores[4] = 0.0
    assert F2018.match_level(22, CRIT_22_4).scores[4] == 1.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.level = 3  # type: ignore[misc]


def test_unknown_indicator_raises():
    with pytest.raises(fw.UnknownIndicatorError):
        F2018.match_level(36, CRIT_22_4)
    with pytest.raises(fw.UnknownIndicatorError):
        F2018.check_label(0, 3, CRIT_22_4)


# -- the Bontang sample: every level label with its explanation

# Derived from the seed and the criteria (docs/criteria.md): the explanation is the level-4
# criterion, the label says otherwise.  (indicator_id, sheet key, who) -> (label, text level)
BONTANG_CONTRADICTIONS = {
    ("3", "pm", "evaluator"): (3, 4),  # seed line 174
    ("13", "pm", "evaluator"): (3, 4),  # 209
    ("6", "tl", "maturity"): (3, 4),  # 330
    ("22", "tl", "maturity"): (3, 4),  # 406
    ("24", "tl", "maturity"): (3, 4),  # 411
    ("5", "tl-dkis", "maturity"): (3, 4),  # 564
    ("6", "tl-dkis", "maturity"): (3, 4),  # 565 (text cut: "... dan Pemerintah")
    ("22", "tl-dkis", "maturity"): (3, 4),  # 590
    ("24", "tl-dkis", "maturity"): (3, 4),  # 592
    ("15", "tl-hukum", "maturity"): (1, 4),  # 993
}
# Evaluator reasons, not criteria: no level, no finding.
BONTANG_REASONS = {
    ("18", "pm", "evaluator"),  # "Belum melaksanakan evaluasi dan pemantauan ..."
    ("20", "pm", "evaluator"),  # "Belum melaksanakan pemantauan dan evaluasi ..."
    ("21", "pm", "evaluator"),  # "... SKPD belum dikonsultasikan pada unit pengelola TIK"
    ("22", "pm", "evaluator"),  # "Belum dilakukan pengendalian ..."
    ("24", "pm", "evaluator"),  # "Belum diterapkan secara keseluruhan ..."
}


def labelled_explanations(data: dict) -> list[tuple[tuple[str, str, str], int, int, str]]:
    """((indicator_id, sheet, who), indicator_no, label, explanation) for every level label
    with an explanation beside it in the transcription."""
    out = []
    for ind in data["indicators"]:
        sa = ind["self_assessment"]
        if sa:
            for who in ("self", "evaluator"):
                level, text = sa[f"{who}_level"], sa[f"{who}_explanation"]
                if level is not None and text:
                    out.append(((ind["indicator_id"], "pm", who), ind["indicator_no"], level, text))
        sheets = [("tl", ind["followup"]), *(ind.get("agency_sheets") or {}).items()]
        for key, sheet in sheets:
            if sheet and sheet["maturity_level"] is not None and sheet["maturity_explanation"]:
                out.append(
                    (
                        (ind["indicator_id"], key, "maturity"),
                        ind["indicator_no"],
                        sheet["maturity_level"],
                        sheet["maturity_explanation"],
                    )
                )
    return out


def test_bontang_contradictions_are_exactly_the_derived_ones(bontang_data):
    pairs = labelled_explanations(bontang_data)
    assert len(pairs) == 136
    found = {}
    for where, no, label, text in pairs:
        check = F2018.check_label(no, label, text)
        if check is not None:
            assert check.label_level == label
            found[where] = (check.label_level, check.text_level)
            assert check.text_score >= 0.97
            assert check.margin >= 0.25
    assert found == BONTANG_CONTRADICTIONS


def test_bontang_every_other_text_describes_its_label(bontang_data):
    for where, no, label, text in labelled_explanations(bontang_data):
        match = F2018.match_level(no, text)
        if where in BONTANG_REASONS:
            assert match is None, where
        elif where in BONTANG_CONTRADICTIONS:
            assert match.level == BONTANG_CONTRADICTIONS[where][1], where
        else:
            assert match is not None and match.level == label, (where, match)


# -- a framework without criteria


def test_2020_has_no_criteria_and_nothing_raises():
    assert not F2020.has_criteria
    crit = F2020.criteria
    assert crit.empty and list(crit.columns) == list(fw.CRITERIA_COLUMNS)
    assert F2020.criteria_file is None and F2020.criteria_status == ""
    assert F2020.criterion(1, 3) is None
    assert F2020.evidence_guidance(1) is None
    for no in (1, 20, 47):
        assert F2020.match_level(no, CRIT_22_4) is None
        assert F2020.check_label(no, 3, CRIT_22_4) is None
        assert F2020.check_label(no, "LEVEL 3", "") is None
    assert "Level criteria" not in F2020.describe()


# -- criteria files of one's own

MINI_CRITERIA = """indicator_no,level,criterion,evidence_guidance,alt_criterion,seed_agrees
1,1,Terdapat konsep kebijakan internal terkait satu.,Bukti satu,,yes
1,2,Kebijakan internal telah ditetapkan untuk sebagian unit kerja.,Bukti satu,,
1,3,Kebijakan internal telah ditetapkan untuk seluruh unit kerja.,Bukti satu,,
2,1,Terdapat konsep kebijakan internal terkait dua.,,,
"""


def criteria_toml(file: str = "mini-criteria.csv") -> str:
    return toml_text(
        extra=f'\n[criteria]\nfile = "{file}"\nstatus = "open"\nsource = "test criteria"\n'
    )


def test_own_framework_with_criteria(tmp_path):
    (tmp_path / "mini-criteria.csv").write_text(MINI_CRITERIA, encoding="utf-8")
    f = fw.load(write(tmp_path, criteria_toml()))
    assert f.has_criteria and len(f.criteria) == 4
    assert f.criteria_file == str(tmp_path / "mini-criteria.csv")
    assert f.criteria.loc[0, "source"] == "test criteria"
    assert f.evidence_guidance(1) == "Bukti satu"
    assert f.evidence_guidance(2) is None
    assert f.criterion(2, 3) is None
    assert f.match_level(3, "Terdapat konsep kebijakan internal terkait tiga.") is None
    text = "Kebijakan internal telah ditetapkan untuk seluruh unit kerja"
    assert f.match_level(1, text).level == 3
    assert f.check_label(1, 1, text) == fw.LabelCheck(1, 3, f.match_level(1, text).scores[1], 1.0)


@pytest.mark.parametrize(
    ("csv_text", "message"),
    [
        ("indicator_no,level,text\n1,1,x\n", "missing: criterion"),
        ("indicator_no,level,criterion\n9,1,x\n", r"line 2.*'9' is not an indicator"),
        (
            "indicator_no,level,criterion\n1,0,x\n",
            r"line 2.*level '0' of indicator 1 is outside 1\.\.5",
        ),
        ("indicator_no,level,criterion\n1,1,x\n1,1,y\n", r"line 3.*given twice \(also on line 2\)"),
        ("indicator_no,level,criterion\n1,1,\n", "empty criterion"),
        (
            "indicator_no,level,criterion,evidence_guidance\n1,1,x,a\n1,2,y,b\n",
            r"line 3.*evidence_guidance of indicator 1 differs",
        ),
    ],
)
def test_bad_criteria_files(tmp_path, csv_text, message):
    (tmp_path / "mini-criteria.csv").write_text(csv_text, encoding="utf-8")
    with pytest.raises(FrameworkError, match=message) as exc:
        fw.load(write(tmp_path, criteria_toml()))
    assert "mini-criteria.csv" in str(exc.value)


def test_missing_criteria_file(tmp_path):
    with pytest.raises(FrameworkError, match=r"criteria\.file.*nope\.csv"):
        fw.load(write(tmp_path, criteria_toml("nope.csv")))
