"""The packaged pemdi2026 framework (PermenPANRB No. 8 Tahun 2026) against the facts file
/work/shared/pemdi-framework.md: no domains, decimal scores, unequal weights within an
aspect, external indicators, disputed level names."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import spbe_xl.framework as fw

PEMDI = fw.load("pemdi2026")

# pemdi-framework.md §4: indicator weights in % of the index, indicators 1-20
WEIGHTS = [5, 5, 5, 5, 5, 3, 3, 4, 4, 4, 3, 4, 5, 5, 4, 4, 4, 3, 10, 15]
# §3: aspect weights and their indicators
ASPECTS = {1: (10, [1, 2]), 2: (10, [3, 4]), 3: (15, [5, 6, 7, 8]), 4: (15, [9, 10, 11, 12]),
           5: (10, [13, 14]), 6: (15, [15, 16, 17, 18]), 7: (25, [19, 20])}  # fmt: skip


def test_structure_is_seven_aspects_twenty_indicators_no_domains():
    assert not PEMDI.has_domains and PEMDI.domains.empty
    assert len(PEMDI.aspects) == 7 and len(PEMDI.indicators) == 20
    assert PEMDI.indicators["domain_no"].isna().all()
    assert PEMDI.indicators["weight"].tolist() == [float(w) for w in WEIGHTS]
    for no, (weight, members) in ASPECTS.items():
        row = PEMDI.aspects.set_index("aspect_no").loc[no]
        assert row["weight"] == weight
        got = PEMDI.indicators.loc[PEMDI.indicators["aspect_no"] == no, "indicator_no"].tolist()
        assert got == members
    # unequal weights inside an aspect (aspect 4: 4/4/3/4)
    assert [PEMDI.weight(n) for n in (9, 10, 11, 12)] == [4.0, 4.0, 3.0, 4.0]


def test_values_are_decimal_scores_from_one_to_five_and_rounds_start_2026():
    assert PEMDI.is_score and PEMDI.value_decimals == 2
    assert (PEMDI.level_min, PEMDI.level_max) == (1, 5)
    assert PEMDI.value_range_text() == "1.00-5.00"
    assert [PEMDI.applies_to(y) for y in (2025, 2026, 2030)] == [False, True, True]
    assert fw.framework_for_year(2026) is PEMDI
    # the SPBE frameworks keep whole levels
    assert not fw.load("spbe2018").is_score and fw.load("spbe2020").has_domains


@pytest.mark.parametrize(
    ("score", "predicate"),
    [(1.0, "Kurang"), (1.49, "Kurang"), (1.5, "Cukup"), (2.49, "Cukup"), (2.5, "Baik"),
     (3.5, "Sangat Baik"), (3.99, "Sangat Baik"), (4.0, "Memuaskan"), (5.0, "Memuaskan"),
     (1.24, "Kurang")],
)  # fmt: skip
def test_predicates_are_the_pemdi_bands(score, predicate):
    # §5.1: Kurang <1,50; Cukup <2,50; Baik <3,50; Sangat Baik <4,00; Memuaskan 4,00-5,00
    assert PEMDI.predicate(score) == predicate


def test_a_score_below_one_has_no_pemdi_predicate():
    with pytest.raises(ValueError, match=r"outside 1\.\.5"):
        PEMDI.predicate(0.9)
    assert fw.load("spbe2020").predicate(0.5) == "Kurang"  # SPBE bands start at 0


def test_external_indicators_and_the_sdi_conversion():
    ext = PEMDI.externals
    assert ext["indicator_no"].tolist() == [5, 6, 7, 18]
    assert "Satu Data" in PEMDI.external(5)["index"]
    assert PEMDI.external(1) is None
    # §7: SDI 25 -> 2,00 and SDI 68,75 -> 3,75 (the module's worked examples); missing -> 1
    assert PEMDI.convert_external(5, 25) == pytest.approx(2.0)
    assert PEMDI.convert_external(5, 68.75) == pytest.approx(3.75)
    assert PEMDI.convert_external(5, None) == 1.0
    # the SJIG conversion is not stated: no value rather than a guess
    assert PEMDI.convert_external(6, 50.0) is None and PEMDI.convert_external(6, None) == 1.0
    with pytest.raises(ValueError, match="not valued from another index"):
        PEMDI.convert_external(1, 3.0)


def test_level_names_are_marked_disputed_and_names_have_aliases():
    meanings = PEMDI.level_meanings
    assert (meanings["status"] == "disputed").all() and len(meanings) == 5
    assert "Rintisan" in meanings.loc[0, "source"] and "Initiate" in meanings.loc[0, "source"]
    assert PEMDI.indicator(20)["name"] == "Kepuasan Pengguna Layanan Digital Pemerintah"
    assert any("Pengelolaan Kepuasan" in a for a in PEMDI.aliases(20))
    assert "disputed" in fw.STATUSES


def test_every_number_has_a_status_and_a_source():
    for frame in (PEMDI.aspects, PEMDI.indicators, PEMDI.predicates, PEMDI.externals):
        assert frame["status"].isin(fw.STATUSES).all()
        assert (frame["source"].str.len() > 10).all()


def test_describe_says_no_domains_scores_and_externals():
    text = PEMDI.describe()
    assert "Domain" not in text
    assert "decimal scores 1.00-5.00" in text
    assert "Aspect 7 Kepuasan Pengguna Layanan Digital Pemerintah: 25" in text
    assert "raise them there" in text and "1 + SDI/25" in text
    assert "[disputed]" in text


def test_a_custom_weights_file_keeps_the_scale_and_externals(tmp_path):
    path = tmp_path / "w.csv"
    weights = [*WEIGHTS[:18], 12, 13]  # an office's correction of aspect 7's split
    path.write_text(
        "indicator_no;weight\n" + "".join(f"{i};{w}\n" for i, w in enumerate(weights, 1))
    )
    f = fw.load("pemdi2026", weights=path)
    assert f.is_score and not f.has_domains and len(f.externals) == 4
    assert f.aspects.set_index("aspect_no").loc[7, "weight"] == 25
    assert f.weight(20) == 13 and math.isclose(f.indicators["weight"].sum(), 100)


def test_a_framework_file_without_domains_may_not_name_one(tmp_path):
    original = Path(PEMDI.source_file).read_text(encoding="utf-8")
    data = original.replace("aspect = 1\n", "aspect = 1\ndomain = 1\n", 1)
    path = tmp_path / "x.toml"
    path.write_text(data, encoding="utf-8")
    with pytest.raises(fw.FrameworkError, match="unknown key"):
        fw.load(path)
    bad = data.replace('value = "score"', 'value = "percent"')
    path.write_text(bad.replace("domain = 1\n", ""), encoding="utf-8")
    with pytest.raises(fw.FrameworkError, match=r"levels\.value"):
        fw.load(path)


def test_published_rounding_is_data(tmp_path):
    # 1.085 is exactly between 1.08 and 1.09: half up (the SPBE default and pemdi2026's)
    # gives 1.09; a file may say half-even instead
    assert PEMDI.rounding == "half-up" and PEMDI.publish(1.085) == 1.09
    assert fw.load("spbe2020").publish(2.595) == 2.6
    text = Path(PEMDI.source_file).read_text(encoding="utf-8")
    path = tmp_path / "even.toml"
    path.write_text(text.replace('rounding = "half-up"', 'rounding = "half-even"'), "utf-8")
    assert fw.load(path).publish(1.085) == 1.08
    path.write_text(text.replace('rounding = "half-up"', 'rounding = "down"'), "utf-8")
    with pytest.raises(fw.FrameworkError, match=r"levels\.rounding"):
        fw.load(path)
