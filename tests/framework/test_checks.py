"""spbe_xl.framework.checks: weights that must add up, predicate bands that must tile 0..max."""

from __future__ import annotations

import pytest

import spbe_xl.framework as fw
from spbe_xl.framework import FrameworkError
from tests.framework.files import toml_text, write


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
